import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import {
  BOLD_WIDTHS,
  FONT_UNITS_PER_EM,
  MEASURED_CODE_POINTS,
  PRISMA_UPDATED_EXAMPLE,
  PRISMA_WORKED_EXAMPLE,
  REGULAR_WIDTHS,
  renderPrismaSvg,
} from '#core/report/index';
import { DEFAULT_FONT_FILES, renderPrismaPdf, renderPrismaPng } from './render';

const fontsPresent = existsSync(DEFAULT_FONT_FILES.regular) && existsSync(DEFAULT_FONT_FILES.bold);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe.skipIf(!fontsPresent)('PRISMA diagram output (needs fonts-dejavu-core)', () => {
  it('measures text with the widths of the font files it renders with', () => {
    // pdfkit reads advance widths through fontkit; one character at 1 em = font units.
    const doc = new PDFDocument({ autoFirstPage: false });
    for (const [file, table] of [
      [DEFAULT_FONT_FILES.regular, REGULAR_WIDTHS],
      [DEFAULT_FONT_FILES.bold, BOLD_WIDTHS],
    ] as const) {
      doc.font(file).fontSize(FONT_UNITS_PER_EM);
      // pdfkit drops U+00AD (soft hyphen) before measuring; the table keeps the glyph's width.
      const mismatches = MEASURED_CODE_POINTS.filter(
        (cp) =>
          cp !== 0xad && Math.round(doc.widthOfString(String.fromCodePoint(cp))) !== table.get(cp),
      );
      expect(mismatches).toEqual([]);
    }
  });

  it('renders a PNG, byte-identical on every run', () => {
    const svg = renderPrismaSvg(PRISMA_UPDATED_EXAMPLE);
    const png = renderPrismaPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const view = new DataView(png.buffer, png.byteOffset);
    // IHDR width/height: the SVG's size at the default zoom of 2.
    const size = /width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    expect(view.getUint32(16)).toBe(Math.ceil(Number(size?.[1]) * 2));
    expect(view.getUint32(20)).toBe(Math.ceil(Number(size?.[2]) * 2));
    expect(Buffer.compare(renderPrismaPng(svg), png)).toBe(0);
  });

  it('renders a vector PDF with DejaVu Sans embedded, byte-identical on every run', async () => {
    const pdf = await renderPrismaPdf(PRISMA_WORKED_EXAMPLE);
    const text = ascii(pdf);
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain('DejaVuSans');
    expect(text).toContain('/FontFile2');
    expect(text).toContain('(D:20200101000000Z)');
    expect(Buffer.compare(await renderPrismaPdf(PRISMA_WORKED_EXAMPLE), pdf)).toBe(0);
  });

  it('fails clearly when the font file is missing instead of using another font', async () => {
    const fontFiles = { regular: '/nonexistent/DejaVuSans.ttf', bold: DEFAULT_FONT_FILES.bold };
    expect(() =>
      renderPrismaPng('<svg xmlns="http://www.w3.org/2000/svg"/>', { fontFiles }),
    ).toThrow(/DejaVu Sans was not found at \/nonexistent\/DejaVuSans\.ttf/);
    await expect(renderPrismaPdf(PRISMA_WORKED_EXAMPLE, { fontFiles })).rejects.toMatchObject({
      code: 'report/font-missing',
    });
  });
});
