/**
 * The report document as DOCX, written by the `docx` package: Word's heading styles (so the
 * navigation pane and a table of contents work), tables with a repeated header row, figures
 * as PNG rendered from their SVG at twice their size.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { DRAFT_MARK, columnShares } from '#core/report/index';
import type { Block, ReportDocument } from '#core/report/index';
import { rasterise } from './render';

/** Width of A4's text column with 2.5 cm margins, in CSS pixels (what ImageRun takes). */
const TEXT_WIDTH_PX = 600;
/** The text column's height less room for a caption, in CSS pixels. */
const TEXT_HEIGHT_PX = 880;
const HEADINGS = { 1: HeadingLevel.TITLE, 2: HeadingLevel.HEADING_1, 3: HeadingLevel.HEADING_2 };

function paragraph(block: Extract<Block, { kind: 'paragraph' }>): Paragraph {
  return new Paragraph({
    spacing: { after: 120 },
    children: [
      ...(block.draft ? [new TextRun({ text: DRAFT_MARK, bold: true, color: '8A6D00' })] : []),
      new TextRun(block.text),
    ],
  });
}

function table(block: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  // A4 less 2.5 cm margins, in twentieths of a point.
  const widths = columnShares(block).map((share) => Math.round(share * 9070));
  const cell = (text: string, header: boolean, index: number) =>
    new TableCell({
      width: { size: widths[index]!, type: WidthType.DXA },
      children: [new Paragraph({ children: [new TextRun({ text, bold: header, size: 18 })] })],
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'EEF1F4' } } : {}),
    });
  return [
    new Paragraph({
      keepNext: true,
      spacing: { before: 200, after: 80 },
      children: [new TextRun({ text: block.caption, bold: true })],
    }),
    new Table({
      width: { size: 9070, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({
          tableHeader: true,
          children: block.columns.map((c, i) => cell(c, true, i)),
        }),
        ...block.rows.map(
          (row) =>
            new TableRow({ cantSplit: true, children: row.map((c, i) => cell(c, false, i)) }),
        ),
      ],
    }),
  ];
}

function figure(block: Extract<Block, { kind: 'figure' }>): Paragraph[] {
  const scale = Math.min(1, TEXT_WIDTH_PX / block.width, TEXT_HEIGHT_PX / block.height);
  return [
    new Paragraph({
      keepNext: true,
      alignment: AlignmentType.CENTER,
      spacing: { before: 200 },
      children: [
        new ImageRun({
          type: 'png',
          data: rasterise(block.svg, 2),
          transformation: {
            width: Math.round(block.width * scale),
            height: Math.round(block.height * scale),
          },
          altText: { name: block.id, title: block.caption, description: block.caption },
        }),
      ],
    }),
    new Paragraph({
      spacing: { after: 200 },
      children: [new TextRun({ text: block.caption, bold: true, size: 20 })],
    }),
  ];
}

/** The document as a .docx file. */
export async function renderDocx(doc: ReportDocument): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [];
  for (const block of doc.blocks) {
    if (block.kind === 'heading')
      children.push(new Paragraph({ heading: HEADINGS[block.level], text: block.text }));
    else if (block.kind === 'paragraph') children.push(paragraph(block));
    else if (block.kind === 'list')
      for (const item of block.items)
        children.push(new Paragraph({ spacing: { after: 80 }, children: [new TextRun(item)] }));
    else if (block.kind === 'table') children.push(...table(block));
    else children.push(...figure(block));
  }
  const document = new Document({
    creator: 'ReviewBench',
    title: doc.title,
    description: 'Drafted by ReviewBench from the review records',
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
