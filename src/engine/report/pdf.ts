/**
 * The report document as a paginated A4 PDF with pdfkit: its own table layout (header row
 * shaded, rows flowing onto new pages) and figures drawn as vectors from their SVG by
 * svg-to-pdfkit, in the DejaVu Sans files every other figure uses.
 */
import { columnShares, paragraphText } from '#core/report/index';
import type { ReportDocument } from '#core/report/index';
import { drawSvg, writePdf } from './render';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;

/** The document as PDF bytes. */
export function renderDocumentPdf(document: ReportDocument): Promise<Uint8Array> {
  return writePdf({ size: [A4.width, A4.height], margin: MARGIN, title: document.title }, (doc) => {
    const width = A4.width - 2 * MARGIN;
    const bottom = A4.height - MARGIN;
    const room = (height: number) => {
      if (doc.y + height > bottom) doc.addPage();
    };
    for (const block of document.blocks) {
      if (block.kind === 'heading') {
        const size = { 1: 18, 2: 14, 3: 11.5 }[block.level];
        room(size * 3);
        doc.moveDown(block.level === 1 ? 0 : 0.6);
        doc
          .font('bold')
          .fontSize(size)
          .fillColor('#1f2d3d')
          .text(block.text, MARGIN, doc.y, { width });
        doc.moveDown(0.3);
      } else if (block.kind === 'paragraph') {
        doc
          .font('regular')
          .fontSize(9.5)
          .fillColor(block.draft ? '#6b5200' : '#222222');
        doc.text(paragraphText(block), MARGIN, doc.y, { width, align: 'left' });
        doc.moveDown(0.5);
      } else if (block.kind === 'list') {
        doc.font('regular').fontSize(9).fillColor('#222222');
        for (const item of block.items) {
          doc.text(item, MARGIN, doc.y, { width });
          doc.moveDown(0.25);
        }
      } else if (block.kind === 'table') {
        room(60);
        doc
          .font('bold')
          .fontSize(9.5)
          .fillColor('#222222')
          .text(block.caption, MARGIN, doc.y, { width });
        doc.moveDown(0.3);
        drawTable(doc, block, width, bottom);
        doc.moveDown(0.8);
      } else {
        const scale = Math.min(
          1,
          width / block.width,
          (A4.height - 2 * MARGIN - 40) / block.height,
        );
        const w = block.width * scale;
        const h = block.height * scale;
        room(h + 30);
        const y = doc.y + 6;
        drawSvg(doc, block.svg, { x: MARGIN + (width - w) / 2, y, width: w, height: h });
        doc.y = y + h + 6;
        doc
          .font('bold')
          .fontSize(9)
          .fillColor('#222222')
          .text(block.caption, MARGIN, doc.y, { width });
        doc.moveDown(0.8);
      }
    }
  });
}

const PAD = 3;

/**
 * A table row by row: each row as tall as its tallest cell (pdfkit's own text wrapping), a
 * new page when the next row does not fit, the header row repeated on every page. (pdfkit's
 * `table()` took 8 s for a 400-row table; this takes a few hundred milliseconds.)
 */
function drawTable(
  doc: PDFKit.PDFDocument,
  table: { columns: string[]; rows: string[][]; widths?: number[] },
  width: number,
  bottom: number,
): void {
  const widths = columnShares(table).map((share) => share * width);
  const size = 7.5;
  const heightOf = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(size);
    return (
      Math.max(
        ...cells.map((text, i) => doc.heightOfString(text || ' ', { width: widths[i]! - 2 * PAD })),
      ) +
      2 * PAD
    );
  };
  const drawRow = (cells: readonly string[], header: boolean, height: number) => {
    let x = MARGIN;
    const y = doc.y;
    cells.forEach((text, i) => {
      const w = widths[i]!;
      if (header) doc.rect(x, y, w, height).fill('#eef1f4');
      doc.lineWidth(0.5).rect(x, y, w, height).stroke('#999999');
      doc
        .font(header ? 'bold' : 'regular')
        .fontSize(size)
        .fillColor('#222222')
        .text(text, x + PAD, y + PAD, { width: w - 2 * PAD });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const headerHeight = heightOf(table.columns, true);
  drawRow(table.columns, true, headerHeight);
  for (const row of table.rows) {
    const height = heightOf(row, false);
    if (doc.y + height > bottom) {
      doc.addPage();
      drawRow(table.columns, true, headerHeight);
    }
    drawRow(row, false, height);
  }
}
