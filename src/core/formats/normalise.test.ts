import { describe, expect, it } from 'vitest';
import {
  normaliseDoi,
  normalisePages,
  normalisePmid,
  parseAuthorName,
  parseYear,
} from './normalise';

describe('normaliseDoi', () => {
  it.each([
    ['10.1000/ABC.123', '10.1000/abc.123'],
    ['https://doi.org/10.1000/abc', '10.1000/abc'],
    ['http://dx.doi.org/10.1000/abc', '10.1000/abc'],
    ['doi:10.1000/abc', '10.1000/abc'],
    ['DOI: 10.1000/abc.', '10.1000/abc'],
    ['https://doi.org/10.1080%2F20964129.2020.1722034', '10.1080/20964129.2020.1722034'],
    ['10.1371/journal.pone.0209483 [doi]', '10.1371/journal.pone.0209483'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseDoi(input)).toBe(expected);
  });
  it('returns undefined without a DOI', () => {
    expect(normaliseDoi('not a doi')).toBeUndefined();
    expect(normaliseDoi('%E0%A4%A')).toBeUndefined();
  });
});

describe('normalisePmid', () => {
  it('keeps digits only', () => {
    expect(normalisePmid('PMID: 0030689646')).toBe('30689646');
    expect(normalisePmid('none')).toBeUndefined();
  });
});

describe('normalisePages', () => {
  it.each([
    ['288-97', '288-297'],
    ['288\u2013297', '288-297'],
    ['288--297', '288-297'],
    ['1099-101', '1099-1101'],
    ['1099-1', '1099-1'],
    ['e123', 'e123'],
    ['S12-5', 'S12-S15'],
    ['123', '123'],
  ])('%s -> %s', (input, expected) => {
    expect(normalisePages(input)).toBe(expected);
  });
});

describe('parseAuthorName', () => {
  it.each([
    ['Smith, John A.', { family: 'Smith', given: 'John A.' }],
    ['Smith JA', { family: 'Smith', given: 'JA' }],
    ['Phillips J.C.', { family: 'Phillips', given: 'J.C.' }],
    ['J. A. Smith', { family: 'Smith', given: 'J. A.' }],
    ['Ludwig van Beethoven', { family: 'van Beethoven', given: 'Ludwig' }],
    ['Plato', { family: 'Plato' }],
  ])('%s', (raw, expected) => {
    expect(parseAuthorName(raw)).toEqual({ ...expected, raw });
  });
});

describe('parseYear', () => {
  it.each([
    ['2019///', 2019],
    ['2019 Mar', 2019],
    ['[2019]', 2019],
    ['2016/09//', 2016],
    ['Spring 1998', 1998],
  ])('%s -> %d', (input, expected) => {
    expect(parseYear(input)).toBe(expected);
  });
  it('returns undefined without a year', () => {
    expect(parseYear('n.d.')).toBeUndefined();
  });
});
