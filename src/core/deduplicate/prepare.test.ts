import { describe, expect, it } from 'vitest';
import { createRecord } from '#core/domain/index';
import type { BibRecord } from '#core/domain/index';
import { compareRecords } from './compare';
import { foldText, foldedWords } from './normalise';
import { Vocabulary, prepareRecord, prepareRecords } from './prepare';
import { diceSortedIds, diceTokens, editSimilarity } from './similarity';

const record = (fields: Partial<BibRecord>): BibRecord => ({
  ...createRecord('', { line: 1, endLine: 1 }),
  ...fields,
});

/** Plain Levenshtein over the whole table, the reference for the banded version. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

describe('foldedWords', () => {
  const words120 = Array.from({ length: 130 }, (_, k) => `Word${k}`).join(', ');
  it.each([
    ['plain ASCII', 'Background: The AIMS of this study (n=12) were...'],
    ['markup early', 'We used <i>in vitro</i> &amp; {\\"o}ther methods'],
    ['diacritics early', 'Étude über Müller and Straße'],
    ['markup after 120 words', `${words120} <b>late</b> café`],
    ['word cut by a non-ASCII letter', `${words120.slice(0, 40)}é rest`],
    ['only punctuation', ' -- ; '],
    ['empty', ''],
  ])('gives the first words of foldText (%s)', (_, text) => {
    const folded = foldText(text);
    expect(foldedWords(text, 120)).toEqual(folded === '' ? [] : folded.split(' ').slice(0, 120));
  });
});

describe('word-set and edit similarities', () => {
  it('scores sorted ids exactly as token sets', () => {
    const vocabulary = new Vocabulary();
    const a = ['heart', 'failure', 'in', 'older', 'adults', 'in'];
    const b = ['failure', 'of', 'the', 'heart', 'in', 'adults'];
    expect(diceSortedIds(vocabulary.idsOf(a), vocabulary.idsOf(b))).toBe(
      diceTokens(new Set(a), new Set(b)),
    );
    expect(Array.from(vocabulary.idsOf(a))).toEqual([0, 1, 2, 3, 4]);
  });

  it('computes the banded edit similarity as the full table does', () => {
    const pairs: [string, string][] = [
      ['kitten', 'sitting'],
      ['heartfailureinolderadults', 'heartfailurinolderadults'],
      ['abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxzy'],
      ['randomisedtrialofaspirin', 'aspirintrialrandomised'],
      ['', 'abc'],
    ];
    for (const [a, b] of pairs) {
      const exact = 1 - levenshtein(a, b) / Math.max(a.length, b.length);
      if (exact >= 0.75) expect(editSimilarity(a, b)).toBeCloseTo(exact, 12);
      else expect(editSimilarity(a, b)).toBeLessThan(0.75);
    }
  });
});

describe('prepareRecord', () => {
  const a = record({
    title: 'Heart failure in older adults: a cohort study',
    abstract: 'We followed 1,200 older adults with heart failure for five years in three clinics.',
  });
  const b = record({
    title: 'Heart failure in older adults - a cohort study.',
    abstract: 'We followed 1,200 older adults with heart failure for five years in 3 clinics.',
  });

  it('compares records from separate vocabularies as records prepared together', () => {
    const [together1, together2] = prepareRecords([
      { id: '1', record: a },
      { id: '2', record: b },
    ]);
    const apart = compareRecords(prepareRecord('1', a, 0), prepareRecord('2', b, 1));
    expect(together1 && together2 && compareRecords(together1, together2)).toEqual(apart);
    expect(apart.title).toBe(1);
    expect(apart.abstract).toBeCloseTo(14 / 15, 12);
  });

  it('keeps the word sets of the whole-record version', () => {
    const prepared = prepareRecord('1', a, 0);
    expect([...prepared.titleTokens]).toEqual([
      'heart',
      'failure',
      'in',
      'older',
      'adults',
      'a',
      'cohort',
      'study',
    ]);
    expect(prepared.titleWordIds.length).toBe(8);
    expect(prepared.abstractTokens.size).toBe(prepared.abstractWordIds.length);
  });
});
