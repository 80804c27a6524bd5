/**
 * Lays out a PRISMA 2020 flow diagram as rectangles, positioned text lines and orthogonal
 * arrows. Every renderer (SVG here, PDF in the engine) draws this model as is, so the outputs
 * agree and overlap can be tested on numbers instead of pictures.
 */
import type { ReviewType } from '#core/domain/index';
import { excludedTotal } from './counts';
import type { PrismaCounts, PrismaNumberKey, PrismaReasons } from './counts';
import { FONT_ASCENT, FONT_DESCENT, FONT_UNITS_PER_EM, measureText } from '#core/render/index';
import { getPrismaTemplate, inferPrismaTemplate, resolveBoxText } from './templates';
import type { BoxText, PrismaTemplate, PrismaTemplateName } from './templates';

/** Options of `layoutPrismaDiagram` and `renderPrismaSvg`. */
export interface PrismaDiagramOptions {
  /** Template to draw; default: inferred from which counts are present. */
  template?: PrismaTemplateName;
  /** `scoping` switches to PRISMA-ScR wording ("sources of evidence"). Default `systematic`. */
  reviewType?: ReviewType;
  /** List per-database counts under "Databases" (default: when the counts have them). */
  detailDatabases?: boolean;
  detailRegisters?: boolean;
  /** Per-review text overrides keyed like the CSV's boxtext rows (see `DEFAULT_BOX_TEXT`). */
  boxText?: Readonly<Record<string, string>>;
  /** Font size in px (default 11). */
  fontSize?: number;
  /** Width of every content box in px (default 260). */
  boxWidth?: number;
  /** Thousands separator for numbers (default ","). */
  thousandsSeparator?: string;
}

/** One line of text; `x` is where it starts, `y` its baseline. */
export interface LayoutTextLine {
  text: string;
  x: number;
  y: number;
  bold: boolean;
}

/** What a box is drawn as. */
export type LayoutBoxKind = 'title' | 'side' | 'content';

/** A rectangle of the diagram. `id` is the CSV's box id (`box2`, `newstud`, `screening`...). */
export interface LayoutBox {
  id: string;
  kind: LayoutBoxKind;
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
  lines: LayoutTextLine[];
  /** Side labels read bottom-to-top: lines are drawn rotated -90 degrees about the centre. */
  rotated: boolean;
}

/** An orthogonal arrow: a polyline and a filled triangular head at its end. */
export interface LayoutArrow {
  from: string;
  to: string;
  points: [number, number][];
  head: [[number, number], [number, number], [number, number]];
}

/** The whole diagram, in px. */
export interface PrismaLayout {
  width: number;
  height: number;
  fontSize: number;
  template: PrismaTemplate;
  boxes: LayoutBox[];
  arrows: LayoutArrow[];
}

/** Fill colours of the PRISMA2020 package's defaults (Graphviz X11 names as hex). */
export const PRISMA_COLOURS = {
  newTitle: '#FFC125', // Goldenrod1
  greyTitle: '#DCDCDC', // Gainsboro
  side: '#BCD2EE', // LightSteelBlue2
  box: '#FFFFFF',
  stroke: '#000000',
} as const;

const MARGIN = 12;
const SIDE_WIDTH = 30;
const SIDE_GAP = 14;
const COLUMN_GAP = 44;
const ROW_GAP = 34;
const TITLE_GAP = 22;
const PADDING = 8;
const INDENT = 12;
const PARAGRAPH_GAP = 3;
const HANGING_INDENT = 10;
const ARROW_HEAD = 8;

/** Formats a count with a thousands separator, independent of the machine's locale. */
export function formatCount(n: number, separator = ','): string {
  const [int = '0', frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (greedy, on spaces). A word wider than a
 * line is cut between characters. Non-breaking spaces keep "(n = 1,200)" on one line.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  bold = false,
  continuationWidth = maxWidth,
): string[] {
  const lines: string[] = [];
  const limit = (): number => (lines.length === 0 ? maxWidth : continuationWidth);
  let current = '';
  const push = (): void => {
    if (current) lines.push(current);
    current = '';
  };
  for (const word of text.split(/[ \t\r\n]+/).filter((w) => w.length > 0)) {
    const candidate = current ? `${current} ${word}` : word;
    if (measureText(candidate, fontSize, bold) <= limit()) {
      current = candidate;
      continue;
    }
    push();
    if (measureText(word, fontSize, bold) <= limit()) {
      current = word;
      continue;
    }
    for (const ch of word) {
      if (current && measureText(current + ch, fontSize, bold) > limit()) push();
      current += ch;
    }
  }
  push();
  return lines.length > 0 ? lines : [''];
}

interface Paragraph {
  text: string;
  indent: number;
}

interface BoxSpec {
  id: string;
  kind: LayoutBoxKind;
  column: ColumnId;
  row: RowId;
  /** Title boxes span the main and side column of their group. */
  span: 1 | 2;
  fill: string;
  paragraphs: Paragraph[];
}

type ColumnId = 'previous' | 'dbrMain' | 'dbrSide' | 'otherMain' | 'otherSide';
type RowId = 'title' | 'identification' | 'screened' | 'sought' | 'assessed' | 'new' | 'total';

interface Content {
  text: BoxText;
  counts: PrismaCounts;
  separator: string;
}

function withCount(c: Content, label: string, n: number | undefined): string {
  if (n === undefined) return label;
  // Non-breaking spaces keep "(n = 1,200)" in one piece when the label wraps.
  const count = c.text.count_format
    .replace('{n}', formatCount(n, c.separator))
    .replace(/ /g, '\u00a0');
  return `${label} ${count}`;
}

function countLine(c: Content, key: PrismaNumberKey & keyof BoxText, indent: number): Paragraph[] {
  const n = c.counts[key];
  return n === undefined ? [] : [{ text: withCount(c, c.text[key], n), indent }];
}

function reasonLines(c: Content, reasons: PrismaReasons | undefined, indent: number): Paragraph[] {
  return Object.entries(reasons ?? {}).map(([name, n]) => ({
    text: withCount(c, name, n),
    indent,
  }));
}

/** Keeps a box printable when all its numbers are absent: show the label alone. */
function orLabel(lines: Paragraph[], label: string): Paragraph[] {
  return lines.length > 0 ? lines : [{ text: label, indent: 0 }];
}

function excludedLines(c: Content, column: 'dbr' | 'other'): Paragraph[] {
  const label = c.text[column === 'dbr' ? 'dbr_excluded' : 'other_excluded'];
  const reasons = column === 'dbr' ? c.counts.dbr_excluded : c.counts.other_excluded;
  const total = excludedTotal(c.counts, column);
  const named = Object.keys(reasons ?? {}).length > 0;
  if (!named) return [{ text: withCount(c, label, total), indent: 0 }];
  return [{ text: `${withCount(c, label, total)}:`, indent: 0 }, ...reasonLines(c, reasons, 1)];
}

function buildSpecs(
  template: PrismaTemplate,
  c: Content,
  options: PrismaDiagramOptions,
): BoxSpec[] {
  const { counts, text } = c;
  const content = (id: string, column: ColumnId, row: RowId, paragraphs: Paragraph[]): BoxSpec => ({
    id,
    kind: 'content',
    column,
    row,
    span: 1,
    fill: PRISMA_COLOURS.box,
    paragraphs,
  });
  const single = (id: string, column: ColumnId, row: RowId, key: PrismaNumberKey & keyof BoxText) =>
    content(id, column, row, orLabel(countLine(c, key, 0), text[key]));

  const detailDb = options.detailDatabases ?? true;
  const detailReg = options.detailRegisters ?? true;
  const identified: Paragraph[] = [
    ...countLine(c, 'database_results', 1),
    ...(detailDb ? reasonLines(c, counts.database_specific_results, 2) : []),
    ...countLine(c, 'register_results', 1),
    ...(detailReg ? reasonLines(c, counts.register_specific_results, 2) : []),
  ];
  const removed: Paragraph[] = [
    ...countLine(c, 'duplicates', 1),
    ...countLine(c, 'excluded_automatic', 1),
    ...countLine(c, 'excluded_other', 1),
  ];
  const recordsExcluded: Paragraph[] = [
    ...countLine(c, 'records_excluded', 0),
    ...countLine(c, 'records_excluded_human', 1),
    ...countLine(c, 'records_excluded_automation', 1),
  ];

  const specs: BoxSpec[] = [
    {
      id: 'newstud',
      kind: 'title',
      column: 'dbrMain',
      row: 'title',
      span: 2,
      fill: PRISMA_COLOURS.newTitle,
      paragraphs: [{ text: text.newstud, indent: 0 }],
    },
    content('box2', 'dbrMain', 'identification', [
      { text: text.records_identified_from, indent: 0 },
      ...identified,
    ]),
    content('box3', 'dbrSide', 'identification', [
      { text: text.records_removed_before_screening, indent: 0 },
      ...removed,
    ]),
    single('box4', 'dbrMain', 'screened', 'records_screened'),
    content('box5', 'dbrSide', 'screened', orLabel(recordsExcluded, text.records_excluded)),
    single('box6', 'dbrMain', 'sought', 'dbr_sought_reports'),
    single('box7', 'dbrSide', 'sought', 'dbr_notretrieved_reports'),
    single('box8', 'dbrMain', 'assessed', 'dbr_assessed'),
    content('box9', 'dbrSide', 'assessed', excludedLines(c, 'dbr')),
    content(
      'box10',
      'dbrMain',
      'new',
      orLabel(
        [...countLine(c, 'new_studies', 0), ...countLine(c, 'new_reports', 0)],
        text.new_studies,
      ),
    ),
  ];
  if (template.previous) {
    specs.push(
      {
        id: 'prevstud',
        kind: 'title',
        column: 'previous',
        row: 'title',
        span: 1,
        fill: PRISMA_COLOURS.greyTitle,
        paragraphs: [{ text: text.prevstud, indent: 0 }],
      },
      content(
        'box1',
        'previous',
        'identification',
        orLabel(
          [...countLine(c, 'previous_studies', 0), ...countLine(c, 'previous_reports', 0)],
          text.previous_studies,
        ),
      ),
      content(
        'box16',
        'dbrMain',
        'total',
        orLabel(
          [...countLine(c, 'total_studies', 0), ...countLine(c, 'total_reports', 0)],
          text.total_studies,
        ),
      ),
    );
  }
  if (template.other) {
    specs.push(
      {
        id: 'othstud',
        kind: 'title',
        column: 'otherMain',
        row: 'title',
        span: 2,
        fill: PRISMA_COLOURS.greyTitle,
        paragraphs: [{ text: text.othstud, indent: 0 }],
      },
      content('box11', 'otherMain', 'identification', [
        { text: text.records_identified_from, indent: 0 },
        ...countLine(c, 'website_results', 1),
        ...countLine(c, 'organisation_results', 1),
        ...countLine(c, 'citations_results', 1),
      ]),
      single('box12', 'otherMain', 'sought', 'other_sought_reports'),
      single('box13', 'otherSide', 'sought', 'other_notretrieved_reports'),
      single('box14', 'otherMain', 'assessed', 'other_assessed'),
      content('box15', 'otherSide', 'assessed', excludedLines(c, 'other')),
    );
  }
  return specs;
}

interface WrappedLine {
  text: string;
  /** Left offset in px from the box's padding. */
  indent: number;
  gapBefore: number;
}

function wrapParagraphs(
  paragraphs: Paragraph[],
  innerWidth: number,
  fontSize: number,
  bold: boolean,
): WrappedLine[] {
  const out: WrappedLine[] = [];
  paragraphs.forEach((p, index) => {
    const gap = index > 0 && p.indent === 0 ? PARAGRAPH_GAP : 0;
    // Sub-items hang: their wrapped lines sit further in, so each item reads as one block.
    const hang = p.indent > 0 ? HANGING_INDENT : 0;
    const width = innerWidth - p.indent * INDENT;
    wrapText(p.text, width, fontSize, bold, width - hang).forEach((line, i) => {
      out.push({
        text: line,
        indent: p.indent * INDENT + (i > 0 ? hang : 0),
        gapBefore: i === 0 ? gap : 0,
      });
    });
  });
  return out;
}

const textBlockHeight = (lines: WrappedLine[], lineHeight: number): number =>
  lines.reduce((sum, l) => sum + l.gapBefore + lineHeight, 0);

function arrowHead(
  tip: [number, number],
  direction: 'down' | 'right' | 'left',
): LayoutArrow['head'] {
  const [x, y] = tip;
  const w = ARROW_HEAD / 2;
  if (direction === 'down') return [tip, [x - w, y - ARROW_HEAD], [x + w, y - ARROW_HEAD]];
  if (direction === 'right') return [tip, [x - ARROW_HEAD, y - w], [x - ARROW_HEAD, y + w]];
  return [tip, [x + ARROW_HEAD, y - w], [x + ARROW_HEAD, y + w]];
}

/** Computes the diagram's geometry from counts; pure and deterministic. */
export function layoutPrismaDiagram(
  counts: PrismaCounts,
  options: PrismaDiagramOptions = {},
): PrismaLayout {
  const template = options.template
    ? getPrismaTemplate(options.template)
    : inferPrismaTemplate(counts);
  const text = resolveBoxText(options.reviewType ?? 'systematic', options.boxText);
  const fontSize = options.fontSize ?? 11;
  const boxWidth = options.boxWidth ?? 260;
  const lineHeight = Math.round(fontSize * 1.3 * 100) / 100;
  const specs = buildSpecs(
    template,
    { text, counts, separator: options.thousandsSeparator ?? ',' },
    options,
  );

  // Columns, left to right.
  const columnX: Partial<Record<ColumnId, number>> = {};
  let x = MARGIN + SIDE_WIDTH + SIDE_GAP;
  const columns: ColumnId[] = [
    ...(template.previous ? (['previous'] as const) : []),
    'dbrMain',
    'dbrSide',
    ...(template.other ? (['otherMain', 'otherSide'] as const) : []),
  ];
  for (const column of columns) {
    columnX[column] = x;
    x += boxWidth + COLUMN_GAP;
  }
  const width = x - COLUMN_GAP + MARGIN;
  const spanWidth = (span: 1 | 2): number => (span === 2 ? 2 * boxWidth + COLUMN_GAP : boxWidth);

  // Wrap text, then size rows to their tallest box.
  const wrapped = new Map<BoxSpec, WrappedLine[]>();
  const rows: RowId[] = ['title', 'identification', 'screened', 'sought', 'assessed', 'new'];
  if (template.previous) rows.push('total');
  const rowHeight = new Map<RowId, number>(rows.map((r) => [r, 0]));
  for (const spec of specs) {
    const bold = spec.kind === 'title';
    const lines = wrapParagraphs(
      spec.paragraphs,
      spanWidth(spec.span) - 2 * PADDING,
      fontSize,
      bold,
    );
    wrapped.set(spec, lines);
    const needed = textBlockHeight(lines, lineHeight) + 2 * PADDING;
    rowHeight.set(spec.row, Math.max(rowHeight.get(spec.row) ?? 0, Math.ceil(needed)));
  }

  // Side labels run along their rows; grow the last row of a span if its label does not fit.
  const sideSpans: { id: 'identification' | 'screening' | 'included'; rows: RowId[] }[] = [
    { id: 'identification', rows: ['identification'] },
    { id: 'screening', rows: ['screened', 'sought', 'assessed'] },
    { id: 'included', rows: template.previous ? ['new', 'total'] : ['new'] },
  ];
  for (const span of sideSpans) {
    const needed = Math.ceil(measureText(text[span.id], fontSize, true) + 2 * PADDING);
    const have =
      span.rows.reduce((sum, r) => sum + (rowHeight.get(r) ?? 0), 0) +
      (span.rows.length - 1) * ROW_GAP;
    const last = span.rows[span.rows.length - 1];
    if (last && have < needed) rowHeight.set(last, (rowHeight.get(last) ?? 0) + needed - have);
  }

  const rowY = new Map<RowId, number>();
  let y = MARGIN;
  for (const row of rows) {
    rowY.set(row, y);
    y += (rowHeight.get(row) ?? 0) + (row === 'title' ? TITLE_GAP : ROW_GAP);
  }
  const height = y - ROW_GAP + MARGIN;

  const ascent = (FONT_ASCENT / FONT_UNITS_PER_EM) * fontSize;
  const descent = (-FONT_DESCENT / FONT_UNITS_PER_EM) * fontSize;
  // Baseline offset inside a line box: centre the font's ascent+descent in the line height.
  const baseline = (lineHeight - ascent - descent) / 2 + ascent;
  const round = (v: number): number => Math.round(v * 100) / 100;

  const boxes: LayoutBox[] = [];
  const byId = new Map<string, LayoutBox>();
  for (const spec of specs) {
    const lines = wrapped.get(spec) ?? [];
    const bx = columnX[spec.column] ?? 0;
    const by = rowY.get(spec.row) ?? 0;
    const bw = spanWidth(spec.span);
    const bh = rowHeight.get(spec.row) ?? 0;
    const bold = spec.kind === 'title';
    const centred = lines.every((l) => l.indent === 0);
    let cursor = by + (bh - textBlockHeight(lines, lineHeight)) / 2;
    const placed: LayoutTextLine[] = lines.map((line) => {
      cursor += line.gapBefore;
      const lineY = cursor + baseline;
      cursor += lineHeight;
      const lx = centred
        ? bx + (bw - measureText(line.text, fontSize, bold)) / 2
        : bx + PADDING + line.indent;
      return { text: line.text, x: round(lx), y: round(lineY), bold };
    });
    const box: LayoutBox = {
      id: spec.id,
      kind: spec.kind,
      x: bx,
      y: by,
      width: bw,
      height: bh,
      fill: spec.fill,
      lines: placed,
      rotated: false,
    };
    boxes.push(box);
    byId.set(spec.id, box);
  }

  for (const span of sideSpans) {
    const first = span.rows[0];
    const last = span.rows[span.rows.length - 1];
    if (!first || !last) continue;
    const top = rowY.get(first) ?? 0;
    const bottom = (rowY.get(last) ?? 0) + (rowHeight.get(last) ?? 0);
    const label = text[span.id];
    const cx = MARGIN + SIDE_WIDTH / 2;
    const cy = (top + bottom) / 2;
    // Coordinates in the rotated frame: the renderer rotates by -90 degrees about (cx, cy).
    const lx = cx - measureText(label, fontSize, true) / 2;
    const ly = cy - lineHeight / 2 + baseline;
    boxes.push({
      id: span.id,
      kind: 'side',
      x: MARGIN,
      y: top,
      width: SIDE_WIDTH,
      height: bottom - top,
      fill: PRISMA_COLOURS.side,
      lines: [{ text: label, x: round(lx), y: round(ly), bold: true }],
      rotated: true,
    });
  }

  const arrows: LayoutArrow[] = [];
  const down = (from: string, to: string): void => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return;
    const ax = a.x + a.width / 2;
    const tip: [number, number] = [ax, b.y];
    arrows.push({
      from,
      to,
      points: [
        [ax, a.y + a.height],
        [ax, b.y - ARROW_HEAD],
      ],
      head: arrowHead(tip, 'down'),
    });
  };
  const right = (from: string, to: string): void => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return;
    const ay = a.y + a.height / 2;
    arrows.push({
      from,
      to,
      points: [
        [a.x + a.width, ay],
        [b.x - ARROW_HEAD, ay],
      ],
      head: arrowHead([b.x, ay], 'right'),
    });
  };
  /** Down from `from`, then sideways into the side of `to` at its mid-height. */
  const elbow = (from: string, to: string): void => {
    const a = byId.get(from);
    const b = byId.get(to);
    if (!a || !b) return;
    const ax = a.x + a.width / 2;
    const by = b.y + b.height / 2;
    const fromLeft = ax < b.x;
    const tipX = fromLeft ? b.x : b.x + b.width;
    arrows.push({
      from,
      to,
      points: [
        [ax, a.y + a.height],
        [ax, by],
        [fromLeft ? tipX - ARROW_HEAD : tipX + ARROW_HEAD, by],
      ],
      head: arrowHead([tipX, by], fromLeft ? 'right' : 'left'),
    });
  };

  right('box2', 'box3');
  down('box2', 'box4');
  right('box4', 'box5');
  down('box4', 'box6');
  right('box6', 'box7');
  down('box6', 'box8');
  right('box8', 'box9');
  down('box8', 'box10');
  if (template.other) {
    down('box11', 'box12');
    right('box12', 'box13');
    down('box12', 'box14');
    right('box14', 'box15');
    elbow('box14', 'box10');
  }
  if (template.previous) {
    down('box10', 'box16');
    elbow('box1', 'box16');
  }

  return { width, height, fontSize, template, boxes, arrows };
}
