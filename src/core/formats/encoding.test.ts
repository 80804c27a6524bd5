import { describe, expect, it } from 'vitest';
import { decodeBytes } from './encoding';

const encodeUtf16 = (text: string, littleEndian: boolean): Uint8Array => {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    bytes[i * 2 + (littleEndian ? 0 : 1)] = code & 0xff;
    bytes[i * 2 + (littleEndian ? 1 : 0)] = code >> 8;
  }
  return bytes;
};

describe('decodeBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    const plain = new TextEncoder().encode('TY  - JOUR\nTI  - M\u00fcller\n');
    expect(decodeBytes(plain)).toEqual({
      text: 'TY  - JOUR\nTI  - M\u00fcller\n',
      encoding: 'utf-8',
      issues: [],
    });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeBytes(withBom).text).toBe('TY  - JOUR\nTI  - M\u00fcller\n');
  });

  it('reads UTF-16LE and UTF-16BE with a BOM', () => {
    expect(
      decodeBytes(new Uint8Array([0xff, 0xfe, ...encodeUtf16('PT\tAU\n', true)])),
    ).toMatchObject({
      text: 'PT\tAU\n',
      encoding: 'utf-16le',
    });
    expect(
      decodeBytes(new Uint8Array([0xfe, 0xff, ...encodeUtf16('PT\tAU\n', false)])),
    ).toMatchObject({
      text: 'PT\tAU\n',
      encoding: 'utf-16be',
    });
  });

  it('detects BOM-less UTF-16 from NUL bytes', () => {
    const result = decodeBytes(encodeUtf16('PT\tAU\tTI\nJ\tSmith, J\tA title\n', true));
    expect(result.encoding).toBe('utf-16le');
    expect(result.text).toBe('PT\tAU\tTI\nJ\tSmith, J\tA title\n');
    expect(result.issues.map((i) => i.code)).toEqual(['encoding/utf16-without-bom']);
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    const result = decodeBytes(
      new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x96, 0x20, 0x80]),
    );
    expect(result.text).toBe('M\u00fcller \u2013 \u20ac');
    expect(result.encoding).toBe('windows-1252');
    expect(result.issues).toEqual([
      expect.objectContaining({ line: 0, code: 'encoding/windows-1252' }),
    ]);
  });
});

describe('NUL characters', () => {
  it('keeps them as U+FFFD and reports how many and the first line', () => {
    const { text, issues } = decodeBytes(
      new TextEncoder().encode('TY  - JOUR\nTI  - A\u0000B\u0000\nER  - \n'),
    );
    expect(text).toBe('TY  - JOUR\nTI  - A\uFFFDB\uFFFD\nER  - \n');
    expect(issues).toEqual([
      expect.objectContaining({ code: 'encoding/nul', severity: 'warning', line: 2 }),
    ]);
    expect(issues[0]!.message).toContain('2 NUL characters');
  });
});
