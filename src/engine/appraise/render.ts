/**
 * The risk-of-bias figures as files: SVG from the core's scene, PNG through resvg and PDF drawn
 * with pdfkit from the same scene, both with the DejaVu Sans files the PRISMA diagram uses.
 */
import { renderSceneSvg } from '#core/appraise/index';
import type { Scene } from '#core/appraise/index';
import { DEFAULT_FONT_FILES, drawPdf, rasterise } from '#engine/report/render';

export const PLOT_FORMATS = ['svg', 'png', 'pdf'] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];

export function renderScenePng(scene: Scene, zoom = 2): Uint8Array {
  return rasterise(renderSceneSvg(scene), zoom);
}

export async function renderScenePdf(scene: Scene): Promise<Uint8Array> {
  return drawPdf(scene, DEFAULT_FONT_FILES, (doc) => {
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
          .font(s.bold ? 'bold' : 'regular')
          .fontSize(s.size)
          .fillColor(s.fill ?? '#000000');
        const width = doc.widthOfString(s.text);
        const x = s.anchor === 'middle' ? s.x - width / 2 : s.anchor === 'end' ? s.x - width : s.x;
        doc.text(s.text, x, s.y, { baseline: 'alphabetic', lineBreak: false });
      }
    }
  });
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
