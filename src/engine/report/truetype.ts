/**
 * A minimal TrueType reader: character map, advance widths and glyph outlines, which is all the
 * PNG renderer needs to draw text as filled shapes. It reads the `head`, `hhea`, `maxp`, `hmtx`,
 * `cmap` (formats 4 and 12), `loca` and `glyf` tables of a static TrueType font such as DejaVu
 * Sans; hinting instructions are ignored (the diagram is drawn unhinted, as resvg and PDF viewers
 * draw it). Parsed on demand and cached per glyph, so a font costs its file read once.
 */
import { readFileSync } from 'node:fs';
import { DomainError } from '#core/errors';

/**
 * A glyph's outline in font units (y up), as closed contours of quadratic segments:
 * `[startX, startY, control1X, control1Y, end1X, end1Y, control2X, ...]`, each contour ending
 * where it started. A straight segment has its control point at the segment's middle.
 */
export interface GlyphOutline {
  contours: Float64Array[];
}

/** One loaded font file. */
export interface TrueTypeFont {
  unitsPerEm: number;
  /** Glyph id of a code point; 0 (the .notdef box) when the font has none. */
  glyphIdOf(codePoint: number): number;
  /** Advance width in font units. */
  advanceWidthOf(glyphId: number): number;
  /** The glyph's outline (cached; do not mutate). Empty for blanks such as the space. */
  outlineOf(glyphId: number): GlyphOutline;
}

const ON_CURVE = 0x01;
const X_SHORT = 0x02;
const Y_SHORT = 0x04;
const REPEAT = 0x08;
const X_SAME_OR_POSITIVE = 0x10;
const Y_SAME_OR_POSITIVE = 0x20;

const ARGS_ARE_WORDS = 0x0001;
const ARGS_ARE_XY_VALUES = 0x0002;
const HAS_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAS_XY_SCALE = 0x0040;
const HAS_2X2 = 0x0080;
const SCALED_COMPONENT_OFFSET = 0x0800;

// Composite glyphs nest; real fonts stay within a few levels, a cycle would not end.
const MAX_COMPONENT_DEPTH = 8;

function malformed(path: string, detail: string): DomainError {
  return new DomainError(
    'report/font-malformed',
    `The font file ${path} could not be read as TrueType: ${detail}.`,
    { path },
  );
}

/** Reads a TrueType (`glyf`-outline) font file. Throws `report/font-malformed` on other data. */
export function loadTrueTypeFont(path: string): TrueTypeFont {
  const bytes = readFileSync(path);
  try {
    return parseTrueTypeFont(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  } catch (error) {
    // DataView reads past the end throw RangeError: the file is truncated or not a font.
    if (error instanceof RangeError) throw malformed(path, 'a table runs past the end of the file');
    throw error;
  }
}

/** Offsets of the font's tables by tag. */
function readTableDirectory(view: DataView): Map<string, number> {
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(
      view.getUint8(record),
      view.getUint8(record + 1),
      view.getUint8(record + 2),
      view.getUint8(record + 3),
    );
    tables.set(tag, view.getUint32(record + 8));
  }
  return tables;
}

/**
 * The code point lookups of a font's Unicode `cmap` subtables, by format (4: BMP segments, 12:
 * full-range groups). Fonts such as DejaVu carry both; the reader uses 12 when present.
 */
export function readCharacterMaps(bytes: Uint8Array): Map<4 | 12, (codePoint: number) => number> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cmap = readTableDirectory(view).get('cmap');
  return cmap === undefined ? new Map() : readCmap(view, cmap);
}

function parseTrueTypeFont(view: DataView, path: string): TrueTypeFont {
  const tables = readTableDirectory(view);
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw malformed(path, `it has no ${tag} table`);
    return offset;
  };
  const head = table('head');
  const unitsPerEm = view.getUint16(head + 18);
  const longLoca = view.getInt16(head + 50) === 1;
  const numGlyphs = view.getUint16(table('maxp') + 4);
  const numberOfHMetrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const loca = table('loca');
  const glyf = table('glyf');
  const maps = readCmap(view, table('cmap'));
  const lookup = maps.get(12) ?? maps.get(4);
  if (!lookup) throw malformed(path, 'it has no Unicode cmap subtable');

  const glyphRange = (glyphId: number): [number, number] => {
    if (longLoca)
      return [view.getUint32(loca + 4 * glyphId), view.getUint32(loca + 4 * glyphId + 4)];
    return [2 * view.getUint16(loca + 2 * glyphId), 2 * view.getUint16(loca + 2 * glyphId + 2)];
  };

  /** Points of a glyph with composite components resolved, as contours of on/off points. */
  const readPoints = (glyphId: number, depth: number): PointContour[] => {
    if (glyphId >= numGlyphs || depth > MAX_COMPONENT_DEPTH) return [];
    const [start, end] = glyphRange(glyphId);
    if (end <= start) return [];
    const at = glyf + start;
    const contourCount = view.getInt16(at);
    if (contourCount >= 0) return readSimpleGlyph(view, at, contourCount);
    const contours: PointContour[] = [];
    let p = at + 10;
    for (;;) {
      const flags = view.getUint16(p);
      const component = view.getUint16(p + 2);
      p += 4;
      let arg1: number;
      let arg2: number;
      if (flags & ARGS_ARE_WORDS) {
        arg1 = view.getInt16(p);
        arg2 = view.getInt16(p + 2);
        p += 4;
      } else {
        arg1 = view.getInt8(p);
        arg2 = view.getInt8(p + 1);
        p += 2;
      }
      let [a, b, c, d] = [1, 0, 0, 1];
      if (flags & HAS_SCALE) {
        a = d = view.getInt16(p) / 16384;
        p += 2;
      } else if (flags & HAS_XY_SCALE) {
        a = view.getInt16(p) / 16384;
        d = view.getInt16(p + 2) / 16384;
        p += 4;
      } else if (flags & HAS_2X2) {
        a = view.getInt16(p) / 16384;
        b = view.getInt16(p + 2) / 16384;
        c = view.getInt16(p + 4) / 16384;
        d = view.getInt16(p + 6) / 16384;
        p += 8;
      }
      // Anchoring components by matching point numbers is legal but unused by the fonts we pin.
      if (!(flags & ARGS_ARE_XY_VALUES)) throw malformed(path, 'point-matched composite glyph');
      let [dx, dy] = [arg1, arg2];
      if (flags & SCALED_COMPONENT_OFFSET) [dx, dy] = [a * arg1 + c * arg2, b * arg1 + d * arg2];
      for (const contour of readPoints(component, depth + 1)) {
        const xs = contour.xs.map((x, i) => a * x + c * (contour.ys[i] ?? 0) + dx);
        const ys = contour.ys.map((y, i) => b * (contour.xs[i] ?? 0) + d * y + dy);
        contours.push({ xs, ys, onCurve: contour.onCurve });
      }
      if (!(flags & MORE_COMPONENTS)) break;
    }
    return contours;
  };

  const glyphIds = new Map<number, number>();
  const outlines = new Map<number, GlyphOutline>();
  return {
    unitsPerEm,
    glyphIdOf: (codePoint) => {
      let id = glyphIds.get(codePoint);
      if (id === undefined) {
        id = lookup(codePoint);
        if (id >= numGlyphs) id = 0;
        glyphIds.set(codePoint, id);
      }
      return id;
    },
    advanceWidthOf: (glyphId) => view.getUint16(hmtx + 4 * Math.min(glyphId, numberOfHMetrics - 1)),
    outlineOf: (glyphId) => {
      let outline = outlines.get(glyphId);
      if (!outline) {
        try {
          outline = { contours: readPoints(glyphId, 0).map(toQuadraticSegments) };
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          throw malformed(path, `glyph ${glyphId} runs past the end of the file`);
        }
        outlines.set(glyphId, outline);
      }
      return outline;
    },
  };
}

interface PointContour {
  xs: number[];
  ys: number[];
  onCurve: boolean[];
}

function readSimpleGlyph(view: DataView, at: number, contourCount: number): PointContour[] {
  const ends: number[] = [];
  for (let i = 0; i < contourCount; i++) ends.push(view.getUint16(at + 10 + 2 * i));
  const pointCount = (ends[ends.length - 1] ?? -1) + 1;
  let p = at + 10 + 2 * contourCount;
  p += 2 + view.getUint16(p); // skip the hinting instructions
  const flags = new Uint8Array(pointCount);
  for (let i = 0; i < pointCount;) {
    const flag = view.getUint8(p++);
    let repeat = flag & REPEAT ? view.getUint8(p++) : 0;
    flags[i++] = flag;
    while (repeat-- > 0 && i < pointCount) flags[i++] = flag;
  }
  // Coordinates are deltas from the previous point: a signed byte split into magnitude and the
  // "positive" flag bit, nothing (same as before), or a 16-bit value.
  const readAxis = (short: number, sameOrPositive: number): number[] => {
    const values: number[] = [];
    let value = 0;
    for (const flag of flags) {
      if (flag & short) value += flag & sameOrPositive ? view.getUint8(p++) : -view.getUint8(p++);
      else if (!(flag & sameOrPositive)) {
        value += view.getInt16(p);
        p += 2;
      }
      values.push(value);
    }
    return values;
  };
  const xs = readAxis(X_SHORT, X_SAME_OR_POSITIVE);
  const ys = readAxis(Y_SHORT, Y_SAME_OR_POSITIVE);
  const contours: PointContour[] = [];
  let first = 0;
  for (const end of ends) {
    const onCurve = Array.from(flags.subarray(first, end + 1), (f) => (f & ON_CURVE) !== 0);
    contours.push({ xs: xs.slice(first, end + 1), ys: ys.slice(first, end + 1), onCurve });
    first = end + 1;
  }
  return contours;
}

/**
 * TrueType contours alternate on- and off-curve points; two off-curve points in a row imply an
 * on-curve point halfway between them. Rewrites a contour as explicit quadratic segments.
 */
function toQuadraticSegments(contour: PointContour): Float64Array {
  const n = contour.xs.length;
  const x = (i: number): number => contour.xs[(i + n) % n] ?? 0;
  const y = (i: number): number => contour.ys[(i + n) % n] ?? 0;
  const on = (i: number): boolean => contour.onCurve[(i + n) % n] ?? true;
  if (n === 0) return new Float64Array(0);
  // Start on an on-curve point, or between two off-curve points when there is none.
  let startIndex = contour.onCurve.indexOf(true);
  let startX: number;
  let startY: number;
  if (startIndex >= 0) {
    startX = x(startIndex);
    startY = y(startIndex);
  } else {
    startIndex = 0;
    startX = (x(0) + x(-1)) / 2;
    startY = (y(0) + y(-1)) / 2;
  }
  const out: number[] = [startX, startY];
  let [penX, penY] = [startX, startY];
  let control: [number, number] | undefined = on(startIndex) ? undefined : [x(0), y(0)];
  const lineTo = (ex: number, ey: number): void => {
    out.push((penX + ex) / 2, (penY + ey) / 2, ex, ey);
    [penX, penY] = [ex, ey];
  };
  const curveTo = (cx: number, cy: number, ex: number, ey: number): void => {
    out.push(cx, cy, ex, ey);
    [penX, penY] = [ex, ey];
  };
  for (let k = 1; k <= n; k++) {
    const i = startIndex + k;
    const close = k === n;
    const [px, py] = close ? [startX, startY] : [x(i), y(i)];
    if (close && control) curveTo(control[0], control[1], px, py);
    else if (close) lineTo(px, py);
    else if (on(i)) {
      if (control) curveTo(control[0], control[1], px, py);
      else lineTo(px, py);
      control = undefined;
    } else if (control) {
      const mx = (control[0] + px) / 2;
      const my = (control[1] + py) / 2;
      curveTo(control[0], control[1], mx, my);
      control = [px, py];
    } else {
      control = [px, py];
    }
  }
  return Float64Array.from(out);
}

/** Lookups of the Unicode subtables in formats 4 and 12 (first of each). */
function readCmap(view: DataView, cmap: number): Map<4 | 12, (codePoint: number) => number> {
  const maps = new Map<4 | 12, (codePoint: number) => number>();
  const count = view.getUint16(cmap + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const at = cmap + view.getUint32(record + 4);
    const format = view.getUint16(at);
    if (format === 12) format12 ??= at;
    else if (format === 4) format4 ??= at;
  }
  if (format12 !== undefined) {
    const at = format12;
    const groups = view.getUint32(at + 12);
    maps.set(12, (codePoint) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const group = at + 16 + 12 * mid;
        if (codePoint < view.getUint32(group)) hi = mid - 1;
        else if (codePoint > view.getUint32(group + 4)) lo = mid + 1;
        else return view.getUint32(group + 8) + codePoint - view.getUint32(group);
      }
      return 0;
    });
  }
  if (format4 !== undefined) {
    const at = format4;
    const segments = view.getUint16(at + 6) / 2;
    const endCodes = at + 14;
    const startCodes = endCodes + 2 * segments + 2;
    const deltas = startCodes + 2 * segments;
    const rangeOffsets = deltas + 2 * segments;
    maps.set(4, (codePoint) => {
      if (codePoint > 0xffff) return 0;
      for (let i = 0; i < segments; i++) {
        if (view.getUint16(endCodes + 2 * i) < codePoint) continue;
        const startCode = view.getUint16(startCodes + 2 * i);
        if (startCode > codePoint) return 0;
        const delta = view.getUint16(deltas + 2 * i);
        const rangeOffset = view.getUint16(rangeOffsets + 2 * i);
        if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
        // The offset is relative to where it is stored, into the glyph id array that follows.
        const glyph = view.getUint16(
          rangeOffsets + 2 * i + rangeOffset + 2 * (codePoint - startCode),
        );
        return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
      }
      return 0;
    });
  }
  return maps;
}
