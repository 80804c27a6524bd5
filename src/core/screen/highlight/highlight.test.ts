import { describe, expect, it } from 'vitest';
import { highlightText, stemWord } from './index';

describe('stemWord', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['randomized', 'random'],
    ['randomised', 'random'],
    ['randomization', 'random'],
    ['trials', 'trial'],
    ['hypertension', 'hypertens'],
  ])('%s -> %s', (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });
});

describe('highlightText', () => {
  const text =
    'Randomised controlled trials of ACE inhibitors in mice; a randomized trial. Rats too.';

  it('matches by stem, phrase and truncation, sorted and non-overlapping', () => {
    const spans = highlightText(text, {
      include: ['randomized trial', 'inhibit*'],
      exclude: ['"in mice"', 'rat'],
    });
    expect(spans.map((s) => [text.slice(s.start, s.end), s.kind, s.term])).toEqual([
      ['ACE inhibitors'.slice(4), 'include', 'inhibit*'],
      ['in mice', 'exclude', '"in mice"'],
      ['randomized trial', 'include', 'randomized trial'],
      ['Rats', 'exclude', 'rat'],
    ]);
  });

  it('prefers the longest match at the same position', () => {
    const spans = highlightText('randomised controlled trial', {
      include: ['randomised', 'randomised controlled trial'],
    });
    expect(spans).toEqual([
      { start: 0, end: 27, kind: 'include', term: 'randomised controlled trial' },
    ]);
  });

  it('quoted phrases match exact words only', () => {
    expect(highlightText('mouse mice', { exclude: ['"mice"'] })).toEqual([
      { start: 6, end: 10, kind: 'exclude', term: '"mice"' },
    ]);
    expect(highlightText('anything', {})).toEqual([]);
  });
});
