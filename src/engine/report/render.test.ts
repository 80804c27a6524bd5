import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import {
  BOLD_WIDTHS,
  FONT_UNITS_PER_EM,
  layoutPrismaDiagram,
  MEASURED_CODE_POINTS,
  measureText,
  PRISMA_SMALL_EXAMPLE,
  PRISMA_UPDATED_EXAMPLE,
  PRISMA_WORKED_EXAMPLE,
  REGULAR_WIDTHS,
  renderLayoutSvg,
} from '#core/report/index';
import type { PrismaCounts, PrismaDiagramOptions, PrismaLayout } from '#core/report/index';
import { DEFAULT_FONT_FILES, renderPrismaPdf, renderPrismaPng } from './render';
import { loadTrueTypeFont, readCharacterMaps } from './truetype';

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

/**
 * resvg's rendering of the diagram's SVG, with every character of every `<text>` placed at its
 * plain-advance position. The PNG renderer keeps to the widths the layout measured; resvg would
 * otherwise kern (shifting words by a pixel or two) and draw "fi" as a ligature.
 */
function referencePixels(layout: PrismaLayout, zoom: number): Pixels {
  const unescape = (text: string): string =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  let placed = 0;
  const svg = renderLayoutSvg(layout).replace(
    /<text x="(-?[\d.]+)"( y="-?[\d.]+")( font-weight="bold")?>([^<]*)<\/text>/g,
    (_match, x: string, y: string, bold: string | undefined, text: string) => {
      placed++;
      let pen = Number(x);
      const xs = [...unescape(text)].map((ch) => {
        const at = pen;
        pen += measureText(ch, layout.fontSize, bold !== undefined);
        return at.toFixed(3);
      });
      return `<text x="${xs.join(' ')}"${y}${bold ?? ''}>${text}</text>`;
    },
  );
  expect(placed).toBe(layout.boxes.flatMap((box) => box.lines).length);
  const image = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [DEFAULT_FONT_FILES.regular, DEFAULT_FONT_FILES.bold],
      defaultFontFamily: 'DejaVu Sans',
    },
    fitTo: { mode: 'zoom', value: zoom },
    background: '#FFFFFF',
    logLevel: 'off',
  }).render();
  const rgba = image.pixels;
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    [rgb[i], rgb[i + 1], rgb[i + 2]] = [rgba[j]!, rgba[j + 1]!, rgba[j + 2]!];
  }
  return { width: image.width, height: image.height, rgb };
}

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

  it('reads the character map and advance widths of the pinned fonts', () => {
    for (const [file, table] of [
      [DEFAULT_FONT_FILES.regular, REGULAR_WIDTHS],
      [DEFAULT_FONT_FILES.bold, BOLD_WIDTHS],
    ] as const) {
      const font = loadTrueTypeFont(file);
      expect(font.unitsPerEm).toBe(FONT_UNITS_PER_EM);
      const unmapped = MEASURED_CODE_POINTS.filter((cp) => font.glyphIdOf(cp) === 0);
      expect(unmapped).toEqual([]);
      const widths = MEASURED_CODE_POINTS.map((cp) => font.advanceWidthOf(font.glyphIdOf(cp)));
      expect(widths).toEqual(MEASURED_CODE_POINTS.map((cp) => table.get(cp)));
      expect(font.glyphIdOf(0x4e2d)).toBe(0); // 中: not in DejaVu Sans, drawn as .notdef

      // DejaVu carries the map twice (BMP segments and full-range groups): they must agree.
      const maps = readCharacterMaps(readFileSync(file));
      const [segments, groups] = [maps.get(4), maps.get(12)];
      expect(segments && groups).toBeTruthy();
      const disagreements: number[] = [];
      for (let cp = 0; cp <= 0xffff; cp++)
        if (segments?.(cp) !== groups?.(cp)) disagreements.push(cp);
      expect(disagreements).toEqual([]);
    }
  });

  it('resolves composite glyphs into their components', () => {
    const font = loadTrueTypeFont(DEFAULT_FONT_FILES.regular);
    const outline = (ch: string) => font.outlineOf(font.glyphIdOf(ch.codePointAt(0) ?? 0)).contours;
    const [e, acute, eAcute] = [outline('e'), outline('\u00b4'), outline('é')];
    expect(eAcute).toHaveLength(e.length + acute.length);
    expect(eAcute.slice(0, e.length)).toEqual(e);
    // The accent is the spacing acute moved as a whole: one offset for every point.
    const moved = eAcute[e.length] ?? new Float64Array();
    const original = acute[0] ?? new Float64Array();
    expect(moved).toHaveLength(original.length);
    const offsets = new Set(
      Array.from(moved, (v, i) => `${i % 2}:${Math.round((v - (original[i] ?? 0)) * 1000)}`),
    );
    expect(offsets.size).toBe(2);
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

  it.each<[string, PrismaCounts, PrismaDiagramOptions, number]>([
    ['updated, zoom 2', PRISMA_UPDATED_EXAMPLE, {}, 2],
    ['small scoping, zoom 1', PRISMA_SMALL_EXAMPLE, { reviewType: 'scoping' }, 1],
  ])('draws what resvg draws from the SVG (%s)', (_name, counts, options, zoom) => {
    const layout = layoutPrismaDiagram(counts, options);
    const ours = decodePng(renderPrismaPng(counts, { ...options, zoom }));
    const reference = referencePixels(layout, zoom);
    expect([ours.width, ours.height]).toEqual([reference.width, reference.height]);
    /** Share of channels more than 32 levels apart, and the mean difference, in a region. */
    const compare = (x0: number, y0: number, x1: number, y1: number) => {
      let [total, far, count] = [0, 0, 0];
      for (let y = Math.max(0, Math.floor(y0)); y < Math.min(ours.height, y1); y++) {
        for (let x = Math.max(0, Math.floor(x0)); x < Math.min(ours.width, x1); x++) {
          for (let k = 0; k < 3; k++) {
            const i = (y * ours.width + x) * 3 + k;
            const difference = Math.abs(ours.rgb[i]! - reference.rgb[i]!);
            total += difference;
            far += difference > 32 ? 1 : 0;
            count++;
          }
        }
      }
      return { mean: total / count, far: far / count };
    };
    // Box by box, so a fault in one small box (a rotated side label) is not averaged away.
    const regions: [string, number, number, number, number][] = [
      ['whole image', 0, 0, ours.width, ours.height],
      ...layout.boxes.map((b): [string, number, number, number, number] => [
        b.id,
        (b.x - 1) * zoom,
        (b.y - 1) * zoom,
        (b.x + b.width + 1) * zoom,
        (b.y + b.height + 1) * zoom,
      ]),
    ];
    const measured = regions.map(([id, ...box]) => ({ id, ...compare(...box) }));
    // Measured: per box, mean difference <= 1.6 levels and <= 0.2% of channels more than 32
    // apart (anti-aliasing differs at edges). Glyphs a quarter pixel off, regular for bold, an
    // unrotated side label or one missing letter each exceed these limits.
    expect(measured.filter((m) => m.mean > 2 || m.far > 0.004)).toEqual([]);
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
        // ")") and the darkness threshold keep it a little inside them.
        const inside = first >= start - 1 && last <= end + 1;
        if (!inside || first > start + 4.5 || last < end - 4.5) {
          failures.push(`${box.id} "${line.text}": ink ${first}-${last}, measured ${start}-${end}`);
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
    const fontFiles = { regular: new URL(import.meta.url).pathname, bold: DEFAULT_FONT_FILES.bold };
    expect(() => renderPrismaPng(PRISMA_WORKED_EXAMPLE, { fontFiles })).toThrow(
      expect.objectContaining({ code: 'report/font-malformed' }),
    );
  });
});
