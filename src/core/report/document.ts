import { escapeXml } from '#core/render/index';

/**
 * The report as a document model: headings, paragraphs, lists, tables and figures (SVG).
 * One model, several writers: HTML and Markdown here (pure), DOCX and PDF in the engine, so
 * every format says the same thing in the same order.
 */

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; draft?: boolean }
  | { kind: 'list'; items: string[] }
  | {
      kind: 'table';
      id: string;
      caption: string;
      columns: string[];
      rows: string[][];
      /** Relative column widths; by default from the columns' content. */
      widths?: number[];
    }
  | { kind: 'figure'; id: string; caption: string; svg: string; width: number; height: number };

export interface ReportDocument {
  title: string;
  blocks: Block[];
}

/**
 * Each column's share of the table's width (summing to 1): the given widths, else the
 * columns' typical text length (the longer of the header's longest word and the cells' mean
 * length), clamped so no column starves or swallows the table.
 */
export function columnShares(table: {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  widths?: readonly number[];
}): number[] {
  const raw =
    table.widths ??
    table.columns.map((header, i) => {
      const word = Math.max(...header.split(/\s+/).map((w) => w.length)) + 2;
      const cells = table.rows.map((r) => (r[i] ?? '').length);
      const mean = cells.length ? cells.reduce((a, b) => a + b, 0) / cells.length : 0;
      return Math.min(60, Math.max(5, word, Math.sqrt(mean) * 4, mean > 40 ? 30 : mean));
    });
  const total = raw.reduce((a, b) => a + b, 0) || 1;
  return raw.map((w) => w / total);
}

/** The mark a draft paragraph carries in every format: text the authors finish. */
export const DRAFT_MARK = '[Draft] ';

export const paragraphText = (block: { text: string; draft?: boolean }): string =>
  `${block.draft ? DRAFT_MARK : ''}${block.text}`;

const html = (text: string): string => escapeXml(text);

/** The document as one self-contained HTML page (figures inline as SVG). */
export function renderHtml(doc: ReportDocument): string {
  const body = doc.blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h${block.level}>${html(block.text)}</h${block.level}>`;
      case 'paragraph':
        return `<p${block.draft ? ' class="draft"' : ''}>${html(paragraphText(block))}</p>`;
      case 'list':
        return `<ul>\n${block.items.map((i) => `<li>${html(i)}</li>`).join('\n')}\n</ul>`;
      case 'table':
        return [
          `<table id="${html(block.id)}">`,
          `<caption>${html(block.caption)}</caption>`,
          `<thead><tr>${block.columns.map((c) => `<th>${html(c)}</th>`).join('')}</tr></thead>`,
          '<tbody>',
          ...block.rows.map((r) => `<tr>${r.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`),
          '</tbody>',
          '</table>',
        ].join('\n');
      case 'figure':
        return `<figure id="${html(block.id)}">\n${block.svg.replace(/^<\?xml[^>]*>\s*/, '')}\n<figcaption>${html(block.caption)}</figcaption>\n</figure>`;
    }
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${html(doc.title)}</title>
<style>
body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; font-weight: bold; }
p.draft { background: #fff6d6; }
</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The document as Markdown (GitHub tables); figures link to `figurePath(figure)`. */
export function renderMarkdown(
  doc: ReportDocument,
  figurePath: (figure: { id: string }) => string,
): string {
  const parts = doc.blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `${'#'.repeat(block.level)} ${block.text}`;
      case 'paragraph':
        return block.draft ? `_${DRAFT_MARK.trim()}_ ${block.text}` : block.text;
      case 'list':
        return block.items.map((i) => `- ${i}`).join('\n');
      case 'table':
        return [
          `**${block.caption}**`,
          '',
          `| ${block.columns.map(cell).join(' | ')} |`,
          `| ${block.columns.map(() => '---').join(' | ')} |`,
          ...block.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
        ].join('\n');
      case 'figure':
        return `![${block.caption}](${figurePath(block)})\n\n**${block.caption}**`;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

const CHECKLIST_NAMES: Record<string, string> = {
  'prisma-scr': 'PRISMA-ScR',
  'prisma-2020': 'PRISMA 2020',
};

/** A filled checklist as a document: a status summary and one table row per item. */
export function checklistDocument(
  type: string,
  reviewTitle: string,
  items: readonly { item: number; section: string; title: string; status: string; text: string }[],
): ReportDocument {
  const name = CHECKLIST_NAMES[type] ?? type;
  const count = (status: string) => items.filter((i) => i.status === status).length;
  return {
    title: `${name} checklist: ${reviewTitle}`,
    blocks: [
      { kind: 'heading', level: 1, text: `${name} checklist` },
      { kind: 'paragraph', text: reviewTitle },
      {
        kind: 'paragraph',
        text: `${count('filled')} of ${items.length} items filled from the review's records, ${count('draft')} drafted for the authors to finish, ${count('todo')} to write (their guidance is given).`,
      },
      {
        kind: 'table',
        id: 'checklist',
        caption: `${name} checklist`,
        columns: ['Section', 'Item', 'Topic', 'Status', 'Reported'],
        widths: [17, 7, 18, 10, 48],
        rows: items.map((i) => [i.section, String(i.item), i.title, i.status, i.text]),
      },
    ],
  };
}
