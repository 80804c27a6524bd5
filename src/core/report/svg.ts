/**
 * Draws a PRISMA flow-diagram layout as a standalone SVG document (text as real text in the
 * pinned font, so it stays searchable and renders identically through resvg).
 */
import { escapeXml, PRISMA_FONT_FAMILY } from '#core/render/index';
import { layoutPrismaDiagram, PRISMA_COLOURS } from './layout';
import type { LayoutBox, PrismaDiagramOptions, PrismaLayout } from './layout';
import type { PrismaCounts } from './counts';

const num = (v: number): string => String(Math.round(v * 100) / 100);
const pointList = (points: readonly (readonly [number, number])[]): string =>
  points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');

function drawBox(box: LayoutBox): string[] {
  const out = [
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" fill="${box.fill}" stroke="${PRISMA_COLOURS.stroke}" stroke-width="1"/>`,
  ];
  const texts = box.lines.map(
    (line) =>
      `<text x="${num(line.x)}" y="${num(line.y)}"${line.bold ? ' font-weight="bold"' : ''}>${escapeXml(line.text)}</text>`,
  );
  if (box.rotated) {
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    out.push(`<g transform="rotate(-90 ${num(cx)} ${num(cy)})">`, ...texts, '</g>');
  } else {
    out.push(...texts);
  }
  return out;
}

/** Serialises a layout computed by `layoutPrismaDiagram`. */
export function renderLayoutSvg(layout: PrismaLayout): string {
  const w = num(layout.width);
  const h = num(layout.height);
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${PRISMA_FONT_FAMILY}" font-size="${num(layout.fontSize)}" role="img">`,
    '<title>PRISMA flow diagram</title>',
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#FFFFFF"/>`,
    ...layout.boxes.flatMap(drawBox),
    `<g stroke="${PRISMA_COLOURS.stroke}" stroke-width="1" fill="none">`,
    ...layout.arrows.map((a) => `<polyline points="${pointList(a.points)}"/>`),
    '</g>',
    `<g fill="${PRISMA_COLOURS.stroke}">`,
    ...layout.arrows.map((a) => `<polygon points="${pointList(a.head)}"/>`),
    '</g>',
    '</svg>',
  ];
  return `${lines.join('\n')}\n`;
}

/** Lays out and draws the flow diagram for `counts` as an SVG string. */
export function renderPrismaSvg(counts: PrismaCounts, options: PrismaDiagramOptions = {}): string {
  return renderLayoutSvg(layoutPrismaDiagram(counts, options));
}
