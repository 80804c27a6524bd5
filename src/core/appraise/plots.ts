import { escapeXml, measureText, PRISMA_FONT_FAMILY } from '#core/render/index';
import type { AppraisalTable } from './robvis';
import type { AppraisalTool } from './types';

/**
 * The risk-of-bias figures robvis draws, from an appraisal table: the traffic-light plot
 * (studies x domains, a coloured disc with a glyph per judgement) and the summary plot (one
 * 100%-stacked bar per domain, unweighted or weighted). Both are laid out here as a scene of
 * shapes in the pinned DejaVu Sans, written as SVG here and drawn as PDF by the engine (PNG is
 * the SVG through resvg), like the PRISMA diagram. The legend lists every level the tool has,
 * whatever the data hold (robvis issue 125); "No information" has its own colour in every tool
 * (robvis issue 149).
 */

export type Palette = 'cochrane' | 'colourblind';

/** What a judgement means on the plot: its colour role and glyph. */
type Role =
  'low' | 'low-but' | 'concerns' | 'high' | 'critical' | 'no-information' | 'not-applicable';

const COLOURS: Record<Palette, Record<Role, string>> = {
  cochrane: {
    low: '#02C100',
    // ROBINS-I V2's "Low (except for concerns about uncontrolled confounding)": robvis has no
    // colour for it; between Low and Some concerns.
    'low-but': '#8FD400',
    concerns: '#E2DF07',
    high: '#BF0000',
    critical: '#820000',
    'no-information': '#4EA1F7',
    'not-applicable': '#cccccc',
  },
  colourblind: {
    low: '#fed98e',
    'low-but': '#fec44f',
    concerns: '#fe9929',
    high: '#d95f0e',
    critical: '#993404',
    'no-information': '#ffffff',
    'not-applicable': '#cccccc',
  },
};

const GLYPHS: Record<Role, string> = {
  low: '+',
  'low-but': '+',
  concerns: '-',
  high: '×',
  critical: '!',
  'no-information': '?',
  'not-applicable': '',
};

/** The role of a judgement word in a tool (JBI's Yes / No too; a review's scale by position). */
export function roleOf(tool: AppraisalTool, judgement: string): Role {
  const word = judgement.toLowerCase();
  if (word === 'no information') return 'no-information';
  if (word === 'not applicable') return 'not-applicable';
  if (word.startsWith('low (except')) return 'low-but';
  if (word === 'low' || word === 'yes') return 'low';
  if (word === 'critical' || word === 'very high') return 'critical';
  if (word === 'high' || word === 'serious' || word === 'no') return 'high';
  if (['some concerns', 'moderate', 'unclear'].includes(word)) return 'concerns';
  // A review's own scale: first level low, last high, the rest concerns.
  const scale = tool.judgements.filter((j) => !['No information', 'Not applicable'].includes(j));
  const at = scale.indexOf(judgement);
  if (at === 0) return 'low';
  if (at === scale.length - 1) return 'high';
  return 'concerns';
}

export type Shape =
  | {
      kind: 'rect';
      x: number;
      y: number;
      width: number;
      height: number;
      fill: string;
      stroke?: string;
    }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string; stroke?: string }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      bold?: boolean;
      anchor?: 'start' | 'middle' | 'end';
      fill?: string;
    }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string };

export interface Scene {
  width: number;
  height: number;
  title: string;
  shapes: Shape[];
}

const FONT = 11;
const PAD = 12;
const MAX_NAME = 42;

function clip(text: string, max = MAX_NAME): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The legend: every level of the tool, in its order, with its colour and glyph. */
function legend(
  tool: AppraisalTool,
  palette: Palette,
  x: number,
  y: number,
  withGlyph: boolean,
  maxWidth: number,
): { shapes: Shape[]; height: number } {
  const shapes: Shape[] = [
    { kind: 'text', x, y: y + 12, text: 'Judgement', size: FONT, bold: true },
  ];
  let cx = x;
  let cy = y + 30;
  for (const judgement of tool.judgements) {
    const role = roleOf(tool, judgement);
    const label =
      tool.id === 'quadas-2' && judgement === 'Unclear' ? 'Unclear (Some concerns)' : judgement;
    const width = 22 + measureText(label, FONT) + 16;
    if (cx + width > x + maxWidth && cx > x) {
      cx = x;
      cy += 20;
    }
    shapes.push(...disc(cx + 7, cy - 4, 7, role, palette, withGlyph));
    shapes.push({ kind: 'text', x: cx + 20, y: cy, text: label, size: FONT });
    cx += width;
  }
  return { shapes, height: cy - y + 10 };
}

function disc(
  cx: number,
  cy: number,
  r: number,
  role: Role,
  palette: Palette,
  glyph: boolean,
): Shape[] {
  const shapes: Shape[] = [
    {
      kind: 'circle',
      cx,
      cy,
      r,
      fill: COLOURS[palette][role],
      ...(role === 'not-applicable' ? {} : { stroke: '#000000' }),
    },
  ];
  if (glyph && GLYPHS[role])
    shapes.push({
      kind: 'text',
      x: cx,
      y: cy + r * 0.45,
      text: GLYPHS[role],
      size: r * 1.3,
      bold: true,
      anchor: 'middle',
      fill: '#000000',
    });
  return shapes;
}

/**
 * robvis's traffic-light plot: a row per study (table order), a column per domain and Overall;
 * the domains' names in a caption below. Rows stay 22 px high whatever the number of studies,
 * so 150 studies read as well as 5 (the figure grows).
 */
export function trafficLightScene(table: AppraisalTable, palette: Palette = 'cochrane'): Scene {
  const tool = table.tool;
  const studies = table.rows.map((r) => clip(r.study));
  const nameWidth = Math.max(60, ...studies.map((s) => measureText(s, FONT)));
  const columns = [...table.domains.map((d) => d.column), ...(table.hasOverall ? ['Overall'] : [])];
  const cell = 30;
  const row = 22;
  const left = PAD + nameWidth + 10;
  const top = PAD + 38;
  const gridWidth = columns.length * cell;
  const gridHeight = table.rows.length * row;
  const shapes: Shape[] = [];
  shapes.push({
    kind: 'text',
    x: left + gridWidth / 2,
    y: PAD + 12,
    text: 'Risk of bias domains',
    size: FONT,
    bold: true,
    anchor: 'middle',
  });
  // Column headers on grey strips (repeated under a long grid, so the last rows of 100+ studies
  // still read against their domains); the Overall column on a lighter background.
  const repeatHeader = table.rows.length > 30;
  const header = (stripY: number) =>
    columns.forEach((column, i) => {
      const x = left + i * cell;
      shapes.push({
        kind: 'rect',
        x,
        y: stripY,
        width: cell,
        height: 18,
        fill: '#a9a9a9',
        stroke: '#808080',
      });
      shapes.push({
        kind: 'text',
        x: x + cell / 2,
        y: stripY + 13,
        text: column,
        size: column === 'Overall' ? 8.5 : FONT,
        bold: true,
        anchor: 'middle',
      });
    });
  header(PAD + 18);
  if (repeatHeader) header(top + gridHeight + 2);
  columns.forEach((column, i) => {
    const x = left + i * cell;
    if (column === 'Overall')
      shapes.push({ kind: 'rect', x, y: top, width: cell, height: gridHeight, fill: '#d3d3d3' });
  });
  shapes.push({
    kind: 'rect',
    x: left,
    y: top,
    width: gridWidth,
    height: gridHeight,
    fill: 'none',
    stroke: '#808080',
  });
  table.rows.forEach((entry, r) => {
    const y = top + r * row + row / 2;
    if (r > 0)
      shapes.push({
        kind: 'line',
        x1: left,
        y1: top + r * row,
        x2: left + gridWidth,
        y2: top + r * row,
        stroke: '#e0e0e0',
      });
    shapes.push({
      kind: 'text',
      x: left - 8,
      y: y + 4,
      text: studies[r]!,
      size: FONT,
      anchor: 'end',
    });
    columns.forEach((column, c) => {
      const judgement = column === 'Overall' ? entry.overall : entry.judgements[column];
      if (!judgement) return;
      shapes.push(
        ...disc(left + c * cell + cell / 2, y, 8, roleOf(tool, judgement), palette, true),
      );
    });
  });
  shapes.push({ kind: 'text', x: PAD, y: top - 4, text: 'Study', size: FONT, bold: true });
  // The caption names each domain, then the legend.
  let y = top + gridHeight + (repeatHeader ? 42 : 22);
  const captionWidth = Math.max(420, left + gridWidth);
  for (const d of table.domains) {
    shapes.push({
      kind: 'text',
      x: PAD,
      y,
      text: clip(`${d.column}: ${d.name}`, 110),
      size: FONT - 1,
    });
    y += 15;
  }
  const captionMax = Math.max(
    ...table.domains.map((d) => measureText(clip(`${d.column}: ${d.name}`, 110), FONT - 1)),
  );
  const width = Math.ceil(Math.max(captionWidth, PAD + captionMax) + PAD);
  const key = legend(tool, palette, PAD, y + 4, true, width - 2 * PAD);
  shapes.push(...key.shapes);
  return {
    width,
    height: Math.ceil(y + 4 + key.height + PAD),
    title: `Risk of bias (${tool.name}): traffic-light plot`,
    shapes,
  };
}

/** Each domain's share of each judgement, unweighted or by the rows' weights. */
export function summaryShares(
  table: AppraisalTable,
  weighted: boolean,
): { column: string; name: string; shares: { judgement: string; share: number }[] }[] {
  const bars = [
    ...table.domains.map((d) => ({ column: d.column, name: `${d.column}: ${d.name}` })),
    ...(table.hasOverall ? [{ column: 'Overall', name: 'Overall risk of bias' }] : []),
  ];
  return bars.map((bar) => {
    const totals = new Map<string, number>();
    let sum = 0;
    for (const row of table.rows) {
      const judgement = bar.column === 'Overall' ? row.overall : row.judgements[bar.column];
      if (!judgement) continue;
      const w = weighted ? (row.weight ?? 0) : 1;
      totals.set(judgement, (totals.get(judgement) ?? 0) + w);
      sum += w;
    }
    return {
      ...bar,
      shares: table.tool.judgements
        .concat(table.tool.judgements.includes('Not applicable') ? [] : ['Not applicable'])
        .filter((j) => totals.has(j))
        .map((judgement) => ({ judgement, share: sum > 0 ? totals.get(judgement)! / sum : 0 })),
    };
  });
}

/** robvis's summary plot: a 100%-stacked bar per domain, Overall last and bold. */
export function summaryScene(
  table: AppraisalTable,
  options: { weighted?: boolean; palette?: Palette } = {},
): Scene {
  const palette = options.palette ?? 'cochrane';
  const weighted = options.weighted ?? false;
  if (weighted && table.rows.some((r) => r.weight === undefined))
    throw new Error('A weighted summary needs a weight for every study (a Weight column).');
  const bars = summaryShares(table, weighted);
  const labels = bars.map((b) => clip(b.name, 70));
  const labelWidth = Math.max(
    ...labels.map((l, i) => measureText(l, FONT, bars[i]!.column === 'Overall')),
  );
  const left = PAD + labelWidth + 10;
  const barWidth = 420;
  const row = 26;
  const top = PAD + 8;
  const shapes: Shape[] = [];
  bars.forEach((bar, i) => {
    const y = top + i * row;
    shapes.push({
      kind: 'text',
      x: left - 8,
      y: y + 15,
      text: labels[i]!,
      size: FONT,
      bold: bar.column === 'Overall',
      anchor: 'end',
    });
    let x = left;
    for (const part of bar.shares) {
      const w = part.share * barWidth;
      if (w <= 0) continue;
      shapes.push({
        kind: 'rect',
        x,
        y: y + 3,
        width: w,
        height: 18,
        fill: COLOURS[palette][roleOf(table.tool, part.judgement)],
        stroke: '#000000',
      });
      x += w;
    }
  });
  const axisY = top + bars.length * row + 6;
  shapes.push({
    kind: 'line',
    x1: left,
    y1: axisY,
    x2: left + barWidth,
    y2: axisY,
    stroke: '#000000',
  });
  for (let p = 0; p <= 100; p += 25) {
    const x = left + (p / 100) * barWidth;
    shapes.push({ kind: 'line', x1: x, y1: axisY, x2: x, y2: axisY + 4, stroke: '#000000' });
    shapes.push({
      kind: 'text',
      x,
      y: axisY + 16,
      text: `${p}%`,
      size: FONT - 1,
      anchor: 'middle',
    });
  }
  const width = Math.ceil(left + barWidth + PAD + 10);
  const key = legend(table.tool, palette, PAD, axisY + 24, false, width - 2 * PAD);
  shapes.push(...key.shapes);
  return {
    width,
    height: Math.ceil(axisY + 24 + key.height + PAD),
    title: `Risk of bias (${table.tool.name}): summary plot${weighted ? ', weighted' : ''}`,
    shapes,
  };
}

const n = (v: number): string => String(Math.round(v * 100) / 100);

/** A scene as a standalone SVG document, text as real text in DejaVu Sans. */
export function renderSceneSvg(scene: Scene): string {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" font-family="${PRISMA_FONT_FAMILY}" role="img">`,
    `<title>${escapeXml(scene.title)}</title>`,
    `<rect x="0" y="0" width="${scene.width}" height="${scene.height}" fill="#FFFFFF"/>`,
  ];
  for (const s of scene.shapes) {
    if (s.kind === 'rect')
      out.push(
        `<rect x="${n(s.x)}" y="${n(s.y)}" width="${n(s.width)}" height="${n(s.height)}" fill="${s.fill}"${s.stroke ? ` stroke="${s.stroke}" stroke-width="0.8"` : ''}/>`,
      );
    else if (s.kind === 'circle')
      out.push(
        `<circle cx="${n(s.cx)}" cy="${n(s.cy)}" r="${n(s.r)}" fill="${s.fill}"${s.stroke ? ` stroke="${s.stroke}" stroke-width="0.8"` : ''}/>`,
      );
    else if (s.kind === 'line')
      out.push(
        `<line x1="${n(s.x1)}" y1="${n(s.y1)}" x2="${n(s.x2)}" y2="${n(s.y2)}" stroke="${s.stroke}" stroke-width="0.8"/>`,
      );
    else
      out.push(
        `<text x="${n(s.x)}" y="${n(s.y)}" font-size="${n(s.size)}"${s.bold ? ' font-weight="bold"' : ''}${s.anchor && s.anchor !== 'start' ? ` text-anchor="${s.anchor}"` : ''}${s.fill ? ` fill="${s.fill}"` : ''}>${escapeXml(s.text)}</text>`,
      );
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
