/**
 * Raster and vector output of the PRISMA flow diagram. Both use the DejaVu Sans files shipped
 * with the package (dejavu-fonts-ttf, never system fonts), so the same counts give the same
 * files on Linux, macOS and Windows. The PNG is the SVG the core builds, rendered by resvg;
 * the PDF is drawn from the same layout with pdfkit, the fonts embedded.
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { DomainError } from '#core/errors';
import { layoutPrismaDiagram, PRISMA_COLOURS, PRISMA_FONT_FAMILY } from '#core/report/index';
import { renderLayoutSvg } from '#core/report/index';
import type { PrismaCounts, PrismaDiagramOptions, PrismaLayout } from '#core/report/index';

const require = createRequire(import.meta.url);

/** The shipped DejaVu Sans (2.37, the version the layout's widths were measured from). */
export const DEFAULT_FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
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

/** The first four bytes of a TrueType or OpenType font file. */
const FONT_MAGIC = new Set(['00010000', '74727565', '4f54544f']);

function requireFonts(files: PrismaFontFiles): PrismaFontFiles {
  for (const path of [files.regular, files.bold]) {
    if (existsSync(path) && !FONT_MAGIC.has(headOf(path))) {
      throw new DomainError(
        'report/font-malformed',
        `${path} is not a TrueType font file; the PRISMA diagram needs DejaVuSans.ttf and DejaVuSans-Bold.ttf.`,
        { path },
      );
    }
    if (!existsSync(path)) {
      throw new DomainError(
        'report/font-missing',
        `The PRISMA diagram font ${PRISMA_FONT_FAMILY} was not found at ${path}. It ships with ` +
          'ReviewBench (the dejavu-fonts-ttf package: run npm install again), or pass fontFiles ' +
          'with the paths of DejaVuSans.ttf and DejaVuSans-Bold.ttf; other fonts would not match ' +
          'the layout.',
        { path },
      );
    }
  }
  return files;
}

/** The first four bytes of a file, as hex. */
function headOf(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    return head.toString('hex');
  } finally {
    closeSync(fd);
  }
}

/**
 * Draws the flow diagram for `counts` as a PNG: the SVG of `renderPrismaSvg`, rendered by
 * resvg with the pinned DejaVu Sans only (no system font can stand in), on white.
 */
export function renderPrismaPng(
  counts: PrismaCounts,
  options: RenderPrismaPngOptions = {},
): Uint8Array {
  const files = requireFonts(options.fontFiles ?? DEFAULT_FONT_FILES);
  return rasterise(renderLayoutSvg(layoutPrismaDiagram(counts, options)), options.zoom ?? 2, files);
}

/** An SVG document as PNG at `zoom` times its size, in DejaVu Sans only, on white. */
export function rasterise(
  svg: string,
  zoom = 2,
  files: PrismaFontFiles = DEFAULT_FONT_FILES,
): Uint8Array {
  const image = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [files.regular, files.bold],
      defaultFontFamily: PRISMA_FONT_FAMILY,
      sansSerifFamily: PRISMA_FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: zoom },
    background: '#FFFFFF',
    logLevel: 'off',
  }).render();
  return new Uint8Array(image.asPng());
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
      doc.font(line.bold ? 'bold' : 'regular');
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
  return drawPdf(
    {
      width: layout.width,
      height: layout.height,
      title: options.title ?? 'PRISMA flow diagram',
      date,
    },
    fonts,
    (doc) => drawLayout(doc, layout),
  );
}

/**
 * A one-page PDF of `page`'s size (1 px = 1 pt) with DejaVu Sans registered as `regular` and
 * `bold`, painted by `draw`. Creation date and file ID are fixed, so output is reproducible.
 */
export async function drawPdf(
  page: { width: number; height: number; title: string; date?: Date },
  fonts: PrismaFontFiles,
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Uint8Array> {
  return writePdf(
    { size: [page.width, page.height], margin: 0, title: page.title, date: page.date, fonts },
    draw,
  );
}

/**
 * Writes a PDF with pdfkit: the metadata ReviewBench puts in every PDF (fixed dates unless
 * given, so the same content gives the same file), DejaVu Sans registered as `regular` and
 * `bold`, pages painted by `draw`.
 */
export async function writePdf(
  options: {
    size: [number, number] | 'A4';
    margin: number;
    title: string;
    date?: Date | undefined;
    fonts?: PrismaFontFiles;
    info?: Record<string, string>;
  },
  draw: (doc: PDFKit.PDFDocument) => void,
): Promise<Uint8Array> {
  const date = options.date ?? FIXED_DATE;
  const fonts = options.fonts ?? DEFAULT_FONT_FILES;
  // Loaded on demand: pdfkit costs ~0.2 s of start-up that other commands should not pay.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: options.size,
    margin: options.margin,
    autoFirstPage: true,
    info: {
      Title: options.title,
      Producer: 'ReviewBench',
      Creator: 'ReviewBench',
      CreationDate: date,
      ModDate: date,
      ...options.info,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

type SvgToPdf = (
  doc: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  options: {
    width: number;
    height: number;
    assumePt: boolean;
    fontCallback: (family: string, bold: boolean) => string;
  },
) => void;

/**
 * Draws an SVG document into a PDF as vectors (svg-to-pdfkit) at (x, y), `width` x `height`
 * points, its text in the `regular` and `bold` fonts `drawPdf` registers.
 */
export function drawSvg(
  doc: PDFKit.PDFDocument,
  svg: string,
  box: { x: number; y: number; width: number; height: number },
): void {
  const draw = require('svg-to-pdfkit') as SvgToPdf;
  draw(doc, svg, box.x, box.y, {
    width: box.width,
    height: box.height,
    assumePt: true,
    fontCallback: (_family, bold) => (bold ? 'bold' : 'regular'),
  });
}
