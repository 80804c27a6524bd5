import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import type { Random } from '#core/ports';
import { listReaders, writeSeedsFor } from './seeds';

/** One mutation of a seed text: the kinds of damage real exports and uploads suffer. */
function mutate(text: string, random: Random): string {
  const lines = text.split('\n');
  switch (random.int(7)) {
    case 0:
      return text.slice(0, random.int(text.length + 1));
    case 1: {
      const chars = [...text];
      for (let n = 0; n < 1 + random.int(8); n += 1) {
        const at = random.int(chars.length || 1);
        chars[at] = String.fromCharCode(random.int(0x3000));
      }
      return chars.join('');
    }
    case 2:
      lines.splice(random.int(lines.length), 1 + random.int(3));
      return lines.join('\n');
    case 3: {
      const at = random.int(lines.length);
      lines.splice(at, 0, ...lines.slice(at, at + 1 + random.int(4)));
      return lines.join(random.int(2) === 0 ? '\n' : '\r');
    }
    case 4: {
      const tags = [
        'TY  - ',
        'ER  -',
        'PMID- ',
        'PT J',
        'ER',
        '@article{',
        '}',
        '"',
        '<PubmedArticle>',
        '</record>',
        '{',
        '[',
        '\t',
        ',',
        '      ',
      ];
      lines.splice(
        random.int(lines.length + 1),
        0,
        `${tags[random.int(tags.length)] ?? ''}${random.int(2) ? 'x' : ''}`,
      );
      return lines.join('\n');
    }
    case 5:
      return text.replace(/\n/g, '\r\n');
    default: {
      const from = random.int(text.length + 1);
      return (
        text.slice(0, from) +
        text
          .slice(from, from + random.int(200))
          .split('')
          .reverse()
          .join('') +
        text.slice(from + 200)
      );
    }
  }
}

const ITERATIONS = 1000;

describe('every reader survives mutated input', () => {
  for (const reader of listReaders()) {
    it(`${reader.id}: never throws, returns well-formed issues`, () => {
      const random = createRandom(0x5eed + reader.id.length);
      const seeds = writeSeedsFor(reader.id);
      for (let i = 0; i < ITERATIONS; i += 1) {
        const seed = seeds[random.int(seeds.length)] ?? '';
        let input = seed;
        const rounds = 1 + random.int(3);
        for (let r = 0; r < rounds; r += 1) input = mutate(input, random);
        const result = reader.read(input);
        expect(Array.isArray(result.records)).toBe(true);
        // Bounded output: never more records than characters of input.
        expect(result.records.length).toBeLessThanOrEqual(input.length + 1);
        for (const issue of result.issues) {
          expect(issue.line).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(issue.line)).toBe(true);
          expect(issue.code).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
        }
        for (const record of result.records) expect(record.location.line).toBeGreaterThanOrEqual(1);
        expect(() => reader.detect(input)).not.toThrow();
      }
    });
  }

  it('detection is total: random noise never throws', () => {
    const random = createRandom(42);
    for (let i = 0; i < 500; i += 1) {
      const noise = Array.from({ length: random.int(300) }, () =>
        String.fromCharCode(random.int(0x800)),
      ).join('');
      for (const reader of listReaders()) expect(() => reader.detect(noise)).not.toThrow();
    }
  });
});
