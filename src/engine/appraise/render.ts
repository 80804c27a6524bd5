/**
 * The risk-of-bias figures as files: SVG from the core's scene, PNG through resvg and PDF drawn
 * with pdfkit from the same scene, both with the DejaVu Sans files the PRISMA diagram uses.
 */
import { Resvg } from '@resvg/resvg-js';
import { renderSceneSvg } from '#core/appraise/index';
import type { Scene } from '#core/appraise/index';
import { PRISMA_FONT_FAMILY } from '#core/render/index';
import { DEFAULT_FONT_FILES } from '#engine/report/render';

export const PLOT_FORMATS = ['svg', 'png', 'pdf'] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];

export function renderScenePng(scene: Scene, zoom = 2): Uint8Array {
  const image = new Resvg(renderSceneSvg(scene), {
    font: {
      loadSystemFonts: false,
      fontFiles: [DEFAULT_FONT_FILES.regular, DEFAULT_FONT_FILES.bold],
      defaultFontFamily: PRISMA_FONT_FAMILY,
    },
    fitTo: { mode: 'zoom', value: zoom },
    background: '#FFFFFF',
    logLevel: 'off',
  }).render();
  return new Uint8Array(image.asPng());
}

const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));

export async function renderScenePdf(scene: Scene): Promise<Uint8Array> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: [scene.width, scene.height],
    margin: 0,
    info: {
      Title: scene.title,
      Producer: 'ReviewBench',
      Creator: 'ReviewBench',
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
  });
  doc.registerFont('plot-regular', DEFAULT_FONT_FILES.regular);
  doc.registerFont('plot-bold', DEFAULT_FONT_FILES.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.lineWidth(0.8);
  for (const s of scene.shapes) {
    if (s.kind === 'rect') {
      doc.rect(s.x, s.y, s.width, s.height);
      if (s.fill !== 'none' && s.stroke) doc.fillAndStroke(s.fill, s.stroke);
      else if (s.fill !== 'none') doc.fill(s.fill);
      else if (s.stroke) doc.stroke(s.stroke);
    } else if (s.kind === 'circle') {
      doc.circle(s.cx, s.cy, s.r);
      if (s.stroke) doc.fillAndStroke(s.fill, s.stroke);
      else doc.fill(s.fill);
    } else if (s.kind === 'line') {
      doc.moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).stroke(s.stroke);
    } else {
      doc
        .font(s.bold ? 'plot-bold' : 'plot-regular')
        .fontSize(s.size)
        .fillColor(s.fill ?? '#000000');
      const width = doc.widthOfString(s.text);
      const x = s.anchor === 'middle' ? s.x - width / 2 : s.anchor === 'end' ? s.x - width : s.x;
      doc.text(s.text, x, s.y, { baseline: 'alphabetic', lineBreak: false });
    }
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A figure in a format: SVG text, or PNG/PDF bytes. */
export async function renderScene(
  scene: Scene,
  format: PlotFormat,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  if (format === 'svg')
    return {
      bytes: new TextEncoder().encode(renderSceneSvg(scene)),
      contentType: 'image/svg+xml',
    };
  if (format === 'png') return { bytes: renderScenePng(scene), contentType: 'image/png' };
  return { bytes: await renderScenePdf(scene), contentType: 'application/pdf' };
}
