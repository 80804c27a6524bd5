import { existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import {
  BOLD_WIDTHS,
  FONT_UNITS_PER_EM,
  layoutPrismaDiagram,
  MEASURED_CODE_POINTS,
  measureText,
  PRISMA_UPDATED_EXAMPLE,
  PRISMA_WORKED_EXAMPLE,
  REGULAR_WIDTHS,
} from '#core/report/index';
import { DEFAULT_FONT_FILES, renderPrismaPdf, renderPrismaPng } from './render';

const fontsPresent = existsSync(DEFAULT_FONT_FILES.regular) && existsSync(DEFAULT_FONT_FILES.bold);
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

interface Pixels {
  width: number;
  height: number;
  /** RGB, row by row. */
  rgb: Uint8Array;
}

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (any row filters) to RGB. */
function decodePng(png: Uint8Array): Pixels {
  const bytes = Buffer.from(png);
  const idat: Buffer[] = [];
  let [width, height, channels] = [0, 0, 0];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      expect([body[8], body[12]]).toEqual([8, 0]); // 8 bits per channel, not interlaced
      channels = body[9] === 6 ? 4 : 3;
    }
    if (type === 'IDAT') idat.push(body);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rowBytes = width * channels;
  const pixels = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const source = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= channels ? pixels[row + i - channels]! : 0;
      const up = y > 0 ? pixels[row - rowBytes + i]! : 0;
      const upLeft = i >= channels && y > 0 ? pixels[row - rowBytes + i - channels]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const guess = left + up - upLeft;
        const [dl, du, dul] = [
          Math.abs(guess - left),
          Math.abs(guess - up),
          Math.abs(guess - upLeft),
        ];
        predictor = dl <= du && dl <= dul ? left : du <= dul ? up : upLeft;
      }
      pixels[row + i] = (raw[source + i]! + predictor) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += channels) {
    [rgb[i], rgb[i + 1], rgb[i + 2]] = [pixels[j]!, pixels[j + 1]!, pixels[j + 2]!];
  }
  return { width, height, rgb };
}

describe.skipIf(!fontsPresent)(
  'PRISMA diagram output (DejaVu Sans shipped with the package)',
  () => {
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
            cp !== 0xad &&
            Math.round(doc.widthOfString(String.fromCodePoint(cp))) !== table.get(cp),
        );
        expect(mismatches).toEqual([]);
      }
    });

    it('renders a PNG the size of the diagram at the zoom, byte-identical on every run', () => {
      const layout = layoutPrismaDiagram(PRISMA_UPDATED_EXAMPLE);
      for (const zoom of [2, 1]) {
        // The first render fills the glyph caches; the second must not draw differently from them.
        const png = renderPrismaPng(PRISMA_UPDATED_EXAMPLE, { zoom });
        expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
        const view = new DataView(png.buffer, png.byteOffset);
        expect(view.getUint32(16)).toBe(Math.ceil(layout.width * zoom));
        expect(view.getUint32(20)).toBe(Math.ceil(layout.height * zoom));
        expect(Buffer.compare(renderPrismaPng(PRISMA_UPDATED_EXAMPLE, { zoom }), png)).toBe(0);
      }
    });

    it('keeps every line of text inside the width the layout measured for it', () => {
      const zoom = 2;
      const layout = layoutPrismaDiagram(PRISMA_UPDATED_EXAMPLE);
      const { width, rgb } = decodePng(renderPrismaPng(PRISMA_UPDATED_EXAMPLE, { zoom }));
      const inked = (x: number, y: number): boolean => (rgb[(y * width + x) * 3] ?? 255) < 128;
      const failures: string[] = [];
      for (const box of layout.boxes.filter((b) => !b.rotated)) {
        // Columns inside the box's stroke; rows from cap height to the baseline.
        const [left, right] = [(box.x + 1) * zoom, (box.x + box.width - 1) * zoom];
        for (const line of box.lines) {
          const [top, bottom] = [(line.y - 0.7 * layout.fontSize) * zoom, line.y * zoom];
          const columns: number[] = [];
          for (let x = Math.ceil(left); x < right; x++) {
            for (let y = Math.ceil(top); y < bottom; y++) {
              if (inked(x, y)) {
                columns.push(x);
                break;
              }
            }
          }
          const start = line.x * zoom;
          const end = (line.x + measureText(line.text, layout.fontSize, line.bold)) * zoom;
          const [first, last] = [Math.min(...columns), Math.max(...columns)];
          // Ink never crosses the measured ends; side bearings (up to ~1.8 px at zoom 2, as for
          // ")"), the darkness threshold and resvg's kerning (a line comes out up to ~1.5% short)
          // keep it a little inside them. A wrong or missing font misses by far more.
          const inside = first >= start - 1 && last <= end + 1;
          const slack = 4.5 + 0.015 * (end - start);
          if (!inside || first > start + 4.5 || last < end - slack) {
            failures.push(
              `${box.id} "${line.text}": ink ${first}-${last}, measured ${start}-${end}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
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
      const missing = /DejaVu Sans was not found at \/nonexistent\/DejaVuSans\.ttf/;
      expect(() => renderPrismaPng(PRISMA_WORKED_EXAMPLE, { fontFiles })).toThrow(missing);
      await expect(renderPrismaPdf(PRISMA_WORKED_EXAMPLE, { fontFiles })).rejects.toMatchObject({
        code: 'report/font-missing',
      });
    });

    it('refuses a file that is not a TrueType font', () => {
      const fontFiles = {
        regular: new URL(import.meta.url).pathname,
        bold: DEFAULT_FONT_FILES.bold,
      };
      expect(() => renderPrismaPng(PRISMA_WORKED_EXAMPLE, { fontFiles })).toThrow(
        expect.objectContaining({ code: 'report/font-malformed' }),
      );
    });
  },
);
