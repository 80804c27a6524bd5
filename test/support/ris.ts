/** One record to write as RIS in tests. */
export interface RisInput {
  title: string;
  authors?: string[];
  year?: number;
  journal?: string;
  volume?: string;
  pages?: string;
  doi?: string;
  abstract?: string;
  type?: string;
}

/** Builds RIS bytes from small record descriptions (a factory, not a fixture file). */
export function buildRis(records: RisInput[]): Uint8Array {
  const lines: string[] = [];
  for (const r of records) {
    lines.push(`TY  - ${r.type ?? 'JOUR'}`, `TI  - ${r.title}`);
    for (const author of r.authors ?? ['Smith, Jane', 'Doe, John']) lines.push(`AU  - ${author}`);
    if (r.year) lines.push(`PY  - ${r.year}`);
    if (r.journal) lines.push(`JO  - ${r.journal}`);
    if (r.volume) lines.push(`VL  - ${r.volume}`);
    if (r.pages) {
      const [sp, ep] = r.pages.split('-');
      lines.push(`SP  - ${sp}`);
      if (ep) lines.push(`EP  - ${ep}`);
    }
    if (r.doi) lines.push(`DO  - ${r.doi}`);
    if (r.abstract) lines.push(`AB  - ${r.abstract}`);
    lines.push('ER  - ', '');
  }
  return new TextEncoder().encode(lines.join('\n'));
}
