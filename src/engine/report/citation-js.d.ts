// citation-js ships no type declarations; these cover what ReviewBench calls.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    format(format: 'bibliography', options: Record<string, unknown>): string;
  }
  export const plugins: { config: { get(name: string): unknown } };
}
declare module '@citation-js/plugin-csl';
