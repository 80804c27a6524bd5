/**
 * Raster and vector output of the PRISMA flow diagram. Both load the pinned DejaVu Sans files
 * themselves (never system fonts) so the same counts give byte-identical files on every machine
 * with the same Node version (the PNG and the PDF are both compressed with Node's zlib). The PNG
 * is painted straight from the layout (`raster.ts`), text as glyph outlines: rasterising the SVG
 * with resvg took 6-7x longer, most of it shaping each `<text>` and working on RGBA layers.
 */
import { existsSync } from 'node:fs';
import { DomainError } from '#core/errors';
import { layoutPrismaDiagram, PRISMA_COLOURS, PRISMA_FONT_FAMILY } from '#core/report/index';
import type {
  LayoutBox,
  LayoutTextLine,
  PrismaCounts,
  PrismaDiagramOptions,
  PrismaLayout,
} from '#core/report/index';
import { createRaster, encodePng, fillOutlines, fillRect } from './raster';
import type { Affine, PlacedOutline, Raster } from './raster';
import { loadTrueTypeFont } from './truetype';
import type { TrueTypeFont } from './truetype';

/** Where Debian's fonts-dejavu-core puts the pinned font. */
export const DEFAULT_FONT_FILES = {
  regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
} as const;

/** Font files to load; both must be DejaVu Sans, whose widths the layout was measured with. */
export interface PrismaFontFiles {
  regular: string;
  bold: string;
}

/** Options of `renderPrismaPng`. */
export interface RenderPrismaPngOptions extends PrismaDiagramOptions {
  /** Scale factor over the diagram's px size (default 2, about 192 dpi). */
  zoom?: number;
  fontFiles?: PrismaFontFiles;
}

/** Options of `renderPrismaPdf`. */
export interface RenderPrismaPdfOptions extends PrismaDiagramOptions {
  fontFiles?: PrismaFontFiles;
  /** Written into the PDF's info; fixed by default so output is reproducible. */
  creationDate?: Date;
  title?: string;
}

const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));

function requireFonts(files: PrismaFontFiles): PrismaFontFiles {
  for (const path of [files.regular, files.bold]) {
    if (!existsSync(path)) {
      throw new DomainError(
        'report/font-missing',
        `The PRISMA diagram font ${PRISMA_FONT_FAMILY} was not found at ${path}. Install it ` +
          '(Debian/Ubuntu: apt-get install fonts-dejavu-core) or pass fontFiles with the paths ' +
          'of DejaVuSans.ttf and DejaVuSans-Bold.ttf; other fonts would not match the layout.',
        { path },
      );
    }
  }
  return files;
}

// Parsed fonts and their glyph outlines live for the process: a server renders many diagrams.
const loadedFonts = new Map<string, TrueTypeFont>();

function loadFont(path: string): TrueTypeFont {
  let font = loadedFonts.get(path);
  if (!font) {
    font = loadTrueTypeFont(path);
    loadedFonts.set(path, font);
  }
  return font;
}

/** `outer` applied after `inner`, as SVG applies a parent's `transform` after its child's. */
function compose(outer: Affine, inner: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = outer;
  const [a2, b2, c2, d2, e2, f2] = inner;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

// Characters `escapeXml` drops from the SVG, so the PNG leaves them out too.
const isDroppedFromSvg = (codePoint: number): boolean =>
  (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) ||
  codePoint === 0xfffe ||
  codePoint === 0xffff;

/**
 * The glyph outlines of one text line, placed where `renderLayoutSvg`'s `<text>` would draw it:
 * left end at `line.x`, baseline at `line.y`, glyphs advanced by their plain advance widths (the
 * widths `measureText` laid the line out with, so the text fills exactly the measured width).
 */
function placeTextLine(
  line: LayoutTextLine,
  fontSize: number,
  font: TrueTypeFont,
  toPixels: Affine,
): PlacedOutline[] {
  const scale = fontSize / font.unitsPerEm;
  const placed: PlacedOutline[] = [];
  let pen = 0;
  for (const ch of line.text) {
    const codePoint = ch.codePointAt(0) ?? 0;
    if (isDroppedFromSvg(codePoint)) continue;
    const glyph = font.glyphIdOf(codePoint);
    const outline = font.outlineOf(glyph);
    if (outline.contours.length > 0) {
      // Font units are y-up; the diagram is y-down with the baseline at line.y.
      const glyphToDiagram: Affine = [scale, 0, 0, -scale, line.x + pen * scale, line.y];
      placed.push({ contours: outline.contours, transform: compose(toPixels, glyphToDiagram) });
    }
    pen += font.advanceWidthOf(glyph);
  }
  return placed;
}

/** Diagram px to image pixels for a box's text, with side labels turned -90 degrees. */
function boxTextTransform(box: LayoutBox, zoom: number): Affine {
  const scale: Affine = [zoom, 0, 0, zoom, 0, 0];
  if (!box.rotated) return scale;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // SVG's rotate(-90 cx cy): (x, y) -> (cx + (y - cy), cy - (x - cx)).
  return compose(scale, [0, -1, 1, 0, cx - cy, cx + cy]);
}

/** A 1 px outline centred on the rectangle's edges, as SVG strokes it, in four pieces. */
function strokeRect(raster: Raster, box: LayoutBox, zoom: number, colour: string): void {
  const [left, top] = [box.x * zoom, box.y * zoom];
  const [right, bottom] = [(box.x + box.width) * zoom, (box.y + box.height) * zoom];
  const h = zoom / 2;
  fillRect(raster, left - h, top - h, right + h, top + h, colour);
  fillRect(raster, left - h, bottom - h, right + h, bottom + h, colour);
  fillRect(raster, left - h, top + h, left + h, bottom - h, colour);
  fillRect(raster, right - h, top + h, right + h, bottom - h, colour);
}

/**
 * A 1 px polyline with mitred corners and butt ends, as SVG strokes a `<polyline>`. Layout
 * arrows are orthogonal, so each segment is a rectangle; at a corner the horizontal segment
 * reaches over the whole corner square and the vertical one stops short of it, so no pixel is
 * painted twice.
 */
function strokeArrow(
  raster: Raster,
  points: readonly (readonly [number, number])[],
  zoom: number,
  colour: string,
): void {
  const h = zoom / 2;
  const at = (i: number): [number, number] => {
    const [x, y] = points[i] ?? [0, 0];
    return [x * zoom, y * zoom];
  };
  const segments = points.length - 1;
  const isHorizontal = (i: number): boolean => at(i)[1] === at(i + 1)[1];
  const isVertical = (i: number): boolean => at(i)[0] === at(i + 1)[0];
  /** How far segment i extends (negative: stops short) at its joint with segment j. */
  const reach = (i: number, j: number): number => {
    if (j < 0 || j >= segments || isHorizontal(i) === isHorizontal(j)) return 0;
    return isHorizontal(i) ? h : -h;
  };
  for (let i = 0; i < segments; i++) {
    const [ax, ay] = at(i);
    const [bx, by] = at(i + 1);
    if (isHorizontal(i) || isVertical(i)) {
      const horizontal = isHorizontal(i);
      const [from, to] = horizontal ? [ax, bx] : [ay, by];
      const direction = to >= from ? 1 : -1;
      const start = from - direction * reach(i, i - 1);
      const end = to + direction * reach(i, i + 1);
      const [lo, hi] = [Math.min(start, end), Math.max(start, end)];
      if (horizontal) fillRect(raster, lo, ay - h, hi, ay + h, colour);
      else fillRect(raster, ax - h, lo, ax + h, hi, colour);
    } else {
      // Not produced by the layout; drawn as a quadrilateral so other shapes still render.
      const length = Math.hypot(bx - ax, by - ay);
      const nx = (-(by - ay) / length) * h;
      const ny = ((bx - ax) / length) * h;
      const quad = [ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny];
      fillOutlines(raster, [{ contours: [polygon(quad)], transform: IDENTITY }], colour);
    }
  }
}

const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** A closed polygon (x0, y0, x1, y1, ...) in the contour layout of `PlacedOutline`. */
function polygon(points: readonly number[]): Float64Array {
  const out: number[] = [points[0] ?? 0, points[1] ?? 0];
  for (let i = 0; i < points.length; i += 2) {
    const [sx, sy] = [points[i] ?? 0, points[i + 1] ?? 0];
    const [ex, ey] = [points[(i + 2) % points.length] ?? 0, points[(i + 3) % points.length] ?? 0];
    out.push((sx + ex) / 2, (sy + ey) / 2, ex, ey);
  }
  return Float64Array.from(out);
}

/** Paints a layout in the order `renderLayoutSvg` writes it: boxes with their text, then arrows. */
function rasterizeLayout(
  layout: PrismaLayout,
  fonts: Record<'regular' | 'bold', TrueTypeFont>,
  zoom: number,
): Raster {
  const raster = createRaster(
    Math.ceil(layout.width * zoom),
    Math.ceil(layout.height * zoom),
    '#FFFFFF',
  );
  const ink = PRISMA_COLOURS.stroke;
  const z = zoom;
  for (const box of layout.boxes) {
    fillRect(
      raster,
      box.x * z,
      box.y * z,
      (box.x + box.width) * z,
      (box.y + box.height) * z,
      box.fill,
    );
    strokeRect(raster, box, zoom, ink);
    const toPixels = boxTextTransform(box, zoom);
    for (const line of box.lines) {
      const font = line.bold ? fonts.bold : fonts.regular;
      fillOutlines(raster, placeTextLine(line, layout.fontSize, font, toPixels), ink);
    }
  }
  for (const arrow of layout.arrows) strokeArrow(raster, arrow.points, zoom, ink);
  const toPixels: Affine = [zoom, 0, 0, zoom, 0, 0];
  for (const arrow of layout.arrows) {
    fillOutlines(raster, [{ contours: [polygon(arrow.head.flat())], transform: toPixels }], ink);
  }
  return raster;
}

/**
 * Draws the flow diagram for `counts` as a PNG: the layout of `renderPrismaSvg`, painted
 * directly with text as DejaVu Sans glyph outlines, so it looks like the SVG rasterised.
 */
export function renderPrismaPng(
  counts: PrismaCounts,
  options: RenderPrismaPngOptions = {},
): Uint8Array {
  const files = requireFonts(options.fontFiles ?? DEFAULT_FONT_FILES);
  const fonts = { regular: loadFont(files.regular), bold: loadFont(files.bold) };
  return encodePng(rasterizeLayout(layoutPrismaDiagram(counts, options), fonts, options.zoom ?? 2));
}

function drawLayout(doc: PDFKit.PDFDocument, layout: PrismaLayout): void {
  doc.lineWidth(1);
  for (const box of layout.boxes) {
    doc.rect(box.x, box.y, box.width, box.height).fillAndStroke(box.fill, PRISMA_COLOURS.stroke);
    doc.fillColor(PRISMA_COLOURS.stroke).fontSize(layout.fontSize);
    if (box.rotated) {
      doc.save();
      doc.rotate(-90, { origin: [box.x + box.width / 2, box.y + box.height / 2] });
    }
    for (const line of box.lines) {
      doc.font(line.bold ? 'prisma-bold' : 'prisma-regular');
      doc.text(line.text, line.x, line.y, { baseline: 'alphabetic', lineBreak: false });
    }
    if (box.rotated) doc.restore();
  }
  doc.strokeColor(PRISMA_COLOURS.stroke);
  for (const arrow of layout.arrows) {
    const [first, ...rest] = arrow.points;
    if (!first) continue;
    doc.moveTo(first[0], first[1]);
    for (const [x, y] of rest) doc.lineTo(x, y);
    doc.stroke();
    doc.polygon(...arrow.head).fill(PRISMA_COLOURS.stroke);
  }
}

/**
 * Draws the flow diagram as a vector PDF (one page the size of the diagram, 1 px = 1 pt) with
 * the DejaVu font embedded. Creation date and file ID are fixed, so output is reproducible.
 */
export async function renderPrismaPdf(
  counts: PrismaCounts,
  options: RenderPrismaPdfOptions = {},
): Promise<Uint8Array> {
  const fonts = requireFonts(options.fontFiles ?? DEFAULT_FONT_FILES);
  const layout = layoutPrismaDiagram(counts, options);
  const date = options.creationDate ?? FIXED_DATE;
  // Loaded on demand: pdfkit costs ~0.2 s of start-up that other commands should not pay.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: [layout.width, layout.height],
    margin: 0,
    autoFirstPage: true,
    info: {
      Title: options.title ?? 'PRISMA flow diagram',
      Producer: 'ReviewBench',
      Creator: 'ReviewBench',
      CreationDate: date,
      ModDate: date,
    },
  });
  doc.registerFont('prisma-regular', fonts.regular);
  doc.registerFont('prisma-bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  drawLayout(doc, layout);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
