/**
 * The reference list in a CSL style, formatted offline by citation-js's CSL plugin (citeproc-js
 * underneath, CPAL-1.0, used unmodified): APA and Vancouver as the plugin bundles them, AMA
 * from core/report/csl.ts.
 */
import type * as CitationJs from '@citation-js/core';
import { AMA_CSL, NUMBERED_STYLES, REFERENCE_STYLES } from '#core/report/index';
import type { CslItem, ReferenceStyle } from '#core/report/index';
import { DomainError } from '#core/errors';

interface CslConfig {
  styles: { add(name: string, xml: string): void; has(name: string): boolean };
}

/**
 * citation-js with its CSL plugin and AMA registered, loaded on first use: a command that
 * formats no reference list does not pay for loading it.
 */
let loading: Promise<typeof CitationJs> | undefined;
function citation(): Promise<typeof CitationJs> {
  loading ??= (async () => {
    const core = await import('@citation-js/core');
    await import('@citation-js/plugin-csl');
    const config = core.plugins.config.get('@csl') as CslConfig;
    if (!config.styles.has('ama')) config.styles.add('ama', AMA_CSL);
    return core;
  })();
  return loading;
}

/** The style named, or a clear refusal naming the bundled ones. */
export function referenceStyle(name: string): ReferenceStyle {
  const style = name.toLowerCase();
  if (!(REFERENCE_STYLES as readonly string[]).includes(style))
    throw new DomainError(
      'report/unknown-style',
      `No reference style "${name}" is bundled. Available: ${REFERENCE_STYLES.join(', ')}.`,
    );
  return style as ReferenceStyle;
}

export interface FormattedReference {
  id: string;
  /** 1-based position in the list (numbered styles cite by it). */
  number: number;
  text: string;
}

/**
 * The items formatted as a bibliography: numbered styles keep the given order (the order the
 * report cites them), author-date styles sort by the style's rules.
 */
export async function formatReferences(
  items: readonly CslItem[],
  styleName: string,
): Promise<FormattedReference[]> {
  const style = referenceStyle(styleName);
  if (items.length === 0) return [];
  const { Cite } = await citation();
  const cite = new Cite(items.map((item) => ({ ...item })));
  const entries = cite.format('bibliography', {
    format: 'text',
    template: style,
    lang: 'en-US',
    asEntryArray: true,
    ...(NUMBERED_STYLES.has(style) ? { entry: items.map((i) => i.id) } : {}),
  }) as unknown as [string, string][];
  const byId = new Map(entries.map(([id, text]) => [id, text.replace(/\s+/g, ' ').trim()]));
  const order = NUMBERED_STYLES.has(style) ? items.map((i) => i.id) : entries.map(([id]) => id);
  return order.map((id, index) => ({ id, number: index + 1, text: byId.get(id) ?? '' }));
}
