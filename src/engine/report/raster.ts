/**
 * A small anti-aliased rasteriser for flat-coloured diagrams: axis-aligned rectangles and filled
 * outlines (glyphs, arrow heads) painted onto an opaque RGB image, then encoded as PNG. Coverage
 * is the exact area of each pixel inside the shape (no supersampling), which is what resvg and
 * PDF viewers approximate too, so edges look the same at a fraction of the cost: a general SVG
 * renderer spends most of its time on work these diagrams do not need (layers, alpha, shaping).
 */
import { crc32, deflateSync } from 'node:zlib';

/** `#RRGGBB`. */
export type HexColour = string;

/**
 * An opaque RGB image stored as PNG scanlines: each row is a filter-type byte (always 0, "none")
 * followed by `width` RGB triples, so `encodePng` compresses `data` as is.
 */
export interface Raster {
  width: number;
  height: number;
  /** Bytes per row: 1 + 3 * width. */
  stride: number;
  data: Uint8Array;
}

/** An affine map `(x, y) -> (a x + c y + e, b x + d y + f)`, as in SVG's `matrix(a b c d e f)`. */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/**
 * Closed contours of quadratic segments (`[startX, startY, controlX, controlY, endX, endY, ...]`,
 * the layout of `GlyphOutline`) placed by an affine map into pixel space.
 */
export interface PlacedOutline {
  contours: readonly Float64Array[];
  transform: Affine;
}

// Largest distance, in pixels, between a curve and the chords that replace it.
const FLATNESS = 0.1;

function parseColour(colour: HexColour): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!match) throw new Error(`Expected a #RRGGBB colour, got "${colour}"`);
  return [parseInt(match[1] ?? '', 16), parseInt(match[2] ?? '', 16), parseInt(match[3] ?? '', 16)];
}

/** A `width` x `height` image filled with `background`. */
export function createRaster(width: number, height: number, background: HexColour): Raster {
  const stride = 1 + 3 * width;
  const data = new Uint8Array(stride * height);
  const [r, g, b] = parseColour(background);
  if (r === g && g === b) {
    data.fill(r);
    for (let row = 0; row < height; row++) data[row * stride] = 0;
  } else if (height > 0) {
    for (let i = 1; i < stride; i += 3) {
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
    }
    for (let row = 1; row < height; row++) data.copyWithin(row * stride, 0, stride);
  }
  return { width, height, stride, data };
}

/** Coverage 0..1 as an 8-bit alpha. */
const toAlpha = (coverage: number): number => Math.round(Math.min(1, coverage) * 255);

/** round(x / 255) for 0 <= x <= 65535, in integer arithmetic. */
const divide255 = (x: number): number => (x + 128 + ((x + 128) >> 8)) >> 8;

/** Paints `colour` over the pixel at byte offset `at` with `alpha` (0..255). */
function blend(data: Uint8Array, at: number, rgb: readonly number[], alpha: number): void {
  const keep = 255 - alpha;
  data[at] = divide255(data[at]! * keep + rgb[0]! * alpha);
  data[at + 1] = divide255(data[at + 1]! * keep + rgb[1]! * alpha);
  data[at + 2] = divide255(data[at + 2]! * keep + rgb[2]! * alpha);
}

const pixelAt = (raster: Raster, x: number, y: number): number => y * raster.stride + 1 + 3 * x;

/** Fills the axis-aligned rectangle [x0, x1] x [y0, y1] (pixels, fractional edges allowed). */
export function fillRect(
  raster: Raster,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  colour: HexColour,
): void {
  const left = Math.max(0, x0);
  const right = Math.min(raster.width, x1);
  const top = Math.max(0, y0);
  const bottom = Math.min(raster.height, y1);
  if (right <= left || bottom <= top) return;
  const rgb = parseColour(colour);
  const data = raster.data;
  // Columns fully inside take the colour as is; the row painted first is copied to the others.
  const fullFrom = Math.ceil(left);
  const fullTo = Math.floor(right); // exclusive
  const edges: [column: number, cover: number][] = [];
  for (const col of new Set([Math.floor(left), Math.ceil(right) - 1])) {
    if (col < fullFrom || col >= fullTo) {
      edges.push([col, Math.min(col + 1, right) - Math.max(col, left)]);
    }
  }
  const grey = rgb[0] === rgb[1] && rgb[1] === rgb[2];
  let template = -1;
  for (let row = Math.floor(top); row < bottom; row++) {
    const coverY = Math.min(row + 1, bottom) - Math.max(row, top);
    for (const [col, coverX] of edges) {
      const alpha = toAlpha(coverX * coverY);
      if (alpha > 0) blend(data, pixelAt(raster, col, row), rgb, alpha);
    }
    const alpha = toAlpha(coverY);
    if (fullTo <= fullFrom || alpha === 0) continue;
    const start = pixelAt(raster, fullFrom, row);
    const end = pixelAt(raster, fullTo, row);
    if (alpha < 255) {
      for (let at = start; at < end; at += 3) blend(data, at, rgb, alpha);
    } else if (grey) {
      data.fill(rgb[0], start, end);
    } else if (template >= 0) {
      data.copyWithin(start, template, template + (end - start));
    } else {
      for (let at = start; at < end; at += 3) {
        data[at] = rgb[0];
        data[at + 1] = rgb[1];
        data[at + 2] = rgb[2];
      }
      template = start;
    }
  }
}

/** Contours flattened to polygons `[x0, y0, x1, y1, ...]` under a linear map, with their bounds. */
interface FlatOutline {
  polygons: Float64Array[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

// Glyph outlines are shared objects (one per glyph of a loaded font), so their flattened form is
// kept per linear map: drawing the same glyph again only translates it. Entries go with the font.
const flatOutlines = new WeakMap<readonly Float64Array[], Map<string, FlatOutline>>();

function flattenOutline(contours: readonly Float64Array[], [a, b, c, d]: Affine): FlatOutline {
  const key = `${a} ${b} ${c} ${d}`;
  let byMap = flatOutlines.get(contours);
  const cached = byMap?.get(key);
  if (cached) return cached;
  const flat: FlatOutline = {
    polygons: [],
    minX: Infinity,
    minY: Infinity,
    maxX: -Infinity,
    maxY: -Infinity,
  };
  for (const points of contours) {
    let sx = a * (points[0] ?? 0) + c * (points[1] ?? 0);
    let sy = b * (points[0] ?? 0) + d * (points[1] ?? 0);
    const polygon = [sx, sy];
    for (let i = 2; i + 3 < points.length; i += 4) {
      const cx = a * (points[i] ?? 0) + c * (points[i + 1] ?? 0);
      const cy = b * (points[i] ?? 0) + d * (points[i + 1] ?? 0);
      const ex = a * (points[i + 2] ?? 0) + c * (points[i + 3] ?? 0);
      const ey = b * (points[i + 2] ?? 0) + d * (points[i + 3] ?? 0);
      // A chord of 1/n of the curve's parameter strays |p0 - 2c + p1| / (4 n^2) from it.
      const bend = Math.hypot(sx - 2 * cx + ex, sy - 2 * cy + ey);
      const n = Math.max(1, Math.ceil(Math.sqrt(bend / (4 * FLATNESS))));
      for (let k = 1; k < n; k++) {
        const t = k / n;
        const u = 1 - t;
        polygon.push(
          u * u * sx + 2 * u * t * cx + t * t * ex,
          u * u * sy + 2 * u * t * cy + t * t * ey,
        );
      }
      polygon.push(ex, ey);
      sx = ex;
      sy = ey;
    }
    for (let i = 0; i < polygon.length; i += 2) {
      const x = polygon[i] ?? 0;
      const y = polygon[i + 1] ?? 0;
      if (x < flat.minX) flat.minX = x;
      if (x > flat.maxX) flat.maxX = x;
      if (y < flat.minY) flat.minY = y;
      if (y > flat.maxY) flat.maxY = y;
    }
    flat.polygons.push(Float64Array.from(polygon));
  }
  if (!byMap) {
    byMap = new Map();
    flatOutlines.set(contours, byMap);
  }
  byMap.set(key, flat);
  return flat;
}

/**
 * Fills the union of `outlines` (non-zero winding, overlaps counted once) with `colour`. The
 * outlines are rasterised together, so the seams between glyphs of one line are not darkened
 * twice.
 */
export function fillOutlines(
  raster: Raster,
  outlines: readonly PlacedOutline[],
  colour: HexColour,
): void {
  const placed = outlines.map((o) => ({
    flat: flattenOutline(o.contours, o.transform),
    dx: o.transform[4],
    dy: o.transform[5],
  }));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { flat, dx, dy } of placed) {
    minX = Math.min(minX, flat.minX + dx);
    minY = Math.min(minY, flat.minY + dy);
    maxX = Math.max(maxX, flat.maxX + dx);
    maxY = Math.max(maxY, flat.maxY + dy);
  }
  const x0 = Math.max(0, Math.floor(minX));
  const y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(raster.width, Math.ceil(maxX));
  const y1 = Math.min(raster.height, Math.ceil(maxY));
  if (x1 <= x0 || y1 <= y0) return;
  const cells = new Accumulator(x1 - x0, y1 - y0);
  for (const { flat, dx, dy } of placed) cells.addPolygons(flat.polygons, dx - x0, dy - y0);
  cells.paint(raster, x0, y0, parseColour(colour));
}

/** The integral of clamp(z, 0, 1) from 0 to z. */
function rampIntegral(z: number): number {
  return z <= 0 ? 0 : z < 1 ? (z * z) / 2 : z - 0.5;
}

/**
 * Signed-area accumulation: each edge adds, to the cells of the rows it crosses, the change in
 * covered area it causes from that cell onwards, so a running sum along a row gives every
 * pixel's winding-weighted coverage in one pass, whatever the number of edges.
 */
class Accumulator {
  private readonly cells: Float64Array;
  private readonly rowLength: number;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    // Two spare cells per row: an edge's last change lands at most at index `width`.
    this.rowLength = width + 2;
    this.cells = new Float64Array(this.rowLength * height);
  }

  /** Adds closed polygons (`[x0, y0, x1, y1, ...]`) moved by (dx, dy). */
  addPolygons(polygons: readonly Float64Array[], dx: number, dy: number): void {
    for (const polygon of polygons) {
      let px = (polygon[0] ?? 0) + dx;
      let py = (polygon[1] ?? 0) + dy;
      for (let i = 2; i + 1 < polygon.length; i += 2) {
        const qx = (polygon[i] ?? 0) + dx;
        const qy = (polygon[i + 1] ?? 0) + dy;
        this.addLine(px, py, qx, qy);
        px = qx;
        py = qy;
      }
    }
  }

  /** Adds the edge (xa, ya) -> (xb, yb), in pixels relative to the accumulator's corner. */
  addLine(xa: number, ya: number, xb: number, yb: number): void {
    if (ya === yb) return;
    // Walk the edge downwards; an upward edge counts with the opposite winding.
    const down = ya < yb;
    const winding = down ? 1 : -1;
    const xTop = down ? xa : xb;
    const yTop = down ? ya : yb;
    const yBottom = down ? yb : ya;
    const xBottom = down ? xb : xa;
    const dxdy = (xBottom - xTop) / (yBottom - yTop);
    const from = Math.max(0, yTop);
    const to = Math.min(this.height, yBottom);
    for (let row = Math.floor(from); row < to; row++) {
      const top = Math.max(row, from);
      const bottom = Math.min(row + 1, to);
      if (bottom <= top) continue;
      const xAtTop = xTop + (top - yTop) * dxdy;
      const xAtBottom = xTop + (bottom - yTop) * dxdy;
      const lo = Math.min(Math.max(Math.min(xAtTop, xAtBottom), 0), this.width);
      const hi = Math.min(Math.max(Math.max(xAtTop, xAtBottom), 0), this.width);
      this.addSpan(row * this.rowLength, lo, hi, (bottom - top) * winding);
    }
  }

  /**
   * One row's piece of an edge: height `h` (signed by winding), crossing x from `lo` to `hi`.
   * Pixel i gains h times the mean, over the edge's positions u, of the part of [i, i+1] right
   * of u: h * (P(i+1-lo) - P(i+1-hi)) / (hi - lo), with P the integral of clamp(z, 0, 1).
   * Stored as differences between neighbouring pixels; every pixel from ceil(hi) on gains h.
   */
  private addSpan(rowStart: number, lo: number, hi: number, h: number): void {
    const cells = this.cells;
    const first = Math.floor(lo);
    if (hi <= first + 1) {
      // Within one pixel column (most edges of small text): the mean reduces to the midpoint.
      const gained = h * (first + 1 - (lo + hi) / 2);
      cells[rowStart + first]! += gained;
      cells[rowStart + first + 1]! += h - gained;
      return;
    }
    const scale = h / (hi - lo);
    const last = Math.ceil(hi);
    let previous = 0;
    for (let i = first; i <= last; i++) {
      const gained = i === last ? h : scale * (rampIntegral(i + 1 - lo) - rampIntegral(i + 1 - hi));
      cells[rowStart + i]! += gained - previous;
      previous = gained;
    }
  }

  /** Sums each row and paints the coverage onto `raster` at (x0, y0). */
  paint(raster: Raster, x0: number, y0: number, rgb: readonly number[]): void {
    for (let row = 0; row < this.height; row++) {
      let winding = 0;
      const start = row * this.rowLength;
      for (let col = 0; col < this.width; col++) {
        winding += this.cells[start + col]!;
        const alpha = toAlpha(Math.abs(winding));
        if (alpha > 0) blend(raster.data, pixelAt(raster, x0 + col, y0 + row), rgb, alpha);
      }
    }
  }
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/**
 * Encodes the image as an 8-bit RGB PNG, rows unfiltered. Measured on the PRISMA diagrams, zlib
 * levels 1-3 take the same time and level 3 gives the smallest of them; level 4 and up (lazy
 * matching) take about three times as long for files ~15% smaller, and PNG row filters cost
 * more time than they save bytes on flat colour. The bytes are a function of the pixels and
 * Node's bundled zlib (which pdfkit's streams use too), so reproducible for a Node version.
 */
export function encodePng(raster: Raster): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(raster.width, 0);
  header.writeUInt32BE(raster.height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // colour type: RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raster.data, { level: 3 })),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}
