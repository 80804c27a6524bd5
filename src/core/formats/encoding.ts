import type { ParseIssue } from '#core/domain/index';

/** Result of `decodeBytes`: the text, the encoding it was read as, and notes about it. */
export interface DecodeResult {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  issues: ParseIssue[];
}

/**
 * Decodes an uploaded export. WoS tab-delimited files are UTF-16LE with a BOM; some
 * Windows tools write UTF-16 without one (detected from NUL bytes in every other
 * position); older EndNote/RIS exports are Windows-1252, which is not valid UTF-8.
 */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  const decoded = decodeAs(bytes);
  const nul = decoded.text.indexOf('\u0000');
  if (nul < 0) return decoded;
  // PostgreSQL text cannot hold NUL, and no bibliographic field means one: keep a visible mark.
  let line = 1;
  for (
    let at = decoded.text.indexOf('\n');
    at >= 0 && at < nul;
    at = decoded.text.indexOf('\n', at + 1)
  )
    line += 1;
  const count = decoded.text.split('\u0000').length - 1;
  return {
    ...decoded,
    text: decoded.text.replaceAll('\u0000', '\uFFFD'),
    issues: [
      ...decoded.issues,
      {
        line,
        code: 'encoding/nul',
        severity: 'warning',
        message: `The file holds ${count} NUL character${count === 1 ? '' : 's'} (the first on line ${line}), which text cannot hold; each is kept as U+FFFD.`,
      },
    ],
  };
}

function decodeAs(bytes: Uint8Array): DecodeResult {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8Lenient(bytes.subarray(3)), encoding: 'utf-8', issues: [] };
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return {
      text: new TextDecoder('utf-16le').decode(bytes.subarray(2)),
      encoding: 'utf-16le',
      issues: [],
    };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return {
      text: new TextDecoder('utf-16be').decode(bytes.subarray(2)),
      encoding: 'utf-16be',
      issues: [],
    };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const issue: ParseIssue = {
      line: 0,
      code: 'encoding/utf16-without-bom',
      severity: 'info',
      message: `Read as ${utf16.toUpperCase()} (no byte-order mark; detected from NUL bytes).`,
    };
    return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, issues: [issue] };
  }
  try {
    return {
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      encoding: 'utf-8',
      issues: [],
    };
  } catch {
    const issue: ParseIssue = {
      line: 0,
      code: 'encoding/windows-1252',
      severity: 'warning',
      message: 'The file is not valid UTF-8; read it as Windows-1252.',
    };
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', issues: [issue] };
  }
}

function decodeUtf8Lenient(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const length = Math.min(bytes.length, 4096) & ~1;
  if (length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

// 0x80-0x9F in Windows-1252 (Node's TextDecoder treats the label as ISO-8859-1 and
// returns C1 controls for these bytes, which loses curly quotes, dashes and the euro sign).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const chunk = 8192;
  for (let start = 0; start < bytes.length; start += chunk) {
    const codes = Array.from(bytes.subarray(start, start + chunk), (b) =>
      b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The one decoding every piece of a file read in pieces uses, decided from the whole file. */
export interface PieceDecoding {
  encoding: 'utf-8' | 'windows-1252';
  /** Bytes of the byte-order mark that piece 0 skips. */
  skip: number;
  /** What `decodeBytes` would report about the whole file. */
  issues: ParseIssue[];
}

/**
 * How `decodeBytes` would decode a file, for reading it in pieces cut at line starts; undefined
 * for UTF-16, whose pieces cannot be cut that way. `isUtf8` tells whether all bytes are valid
 * UTF-8 (the caller has a native check; decoding the whole file to find out is what is avoided).
 */
export function pieceDecoding(
  bytes: Uint8Array,
  isUtf8: (bytes: Uint8Array) => boolean,
): PieceDecoding | undefined {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', skip: 3, issues: [] };
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || sniffUtf16(bytes))
    return undefined;
  if (isUtf8(bytes)) return { encoding: 'utf-8', skip: 0, issues: [] };
  return {
    encoding: 'windows-1252',
    skip: 0,
    issues: [
      {
        line: 0,
        code: 'encoding/windows-1252',
        severity: 'warning',
        message: 'The file is not valid UTF-8; read it as Windows-1252.',
      },
    ],
  };
}

/**
 * Decodes one piece as `decodeBytes` decodes it within the whole file: only the first piece
 * drops a byte-order mark (one after the file's own stays text, as it does there).
 */
export function decodePiece(
  bytes: Uint8Array,
  encoding: PieceDecoding['encoding'],
  first: boolean,
): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder('utf-8', { ignoreBOM: !first }).decode(bytes);
}
