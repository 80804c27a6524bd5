import { describe, expect, it } from 'vitest';
import {
  checkPdfBytes,
  findDois,
  findPmids,
  matchFullTexts,
  nextRetrievalStatus,
  studiesFromLinks,
  titleScore,
} from './index';
import type { RetrievalEvent, RetrievalState } from './index';

describe('retrieval states', () => {
  const from = (state: RetrievalState, event: RetrievalEvent) =>
    nextRetrievalStatus({ state }, event);

  it('follows sought -> found | needs manual -> retrieved | not retrieved', () => {
    expect(from('sought', { type: 'located' })).toEqual({ state: 'found' });
    expect(from('found', { type: 'not-located' })).toEqual({ state: 'needs-manual' });
    expect(from('needs-manual', { type: 'attached' })).toEqual({ state: 'retrieved' });
    expect(from('not-retrieved', { type: 'attached' })).toEqual({ state: 'retrieved' });
    expect(from('needs-manual', { type: 'not-retrieved', reason: ' No access ' })).toEqual({
      state: 'not-retrieved',
      reason: 'No access',
    });
    expect(from('retrieved', { type: 'detached' })).toEqual({ state: 'needs-manual' });
    expect(from('not-retrieved', { type: 'reopened' })).toEqual({ state: 'sought' });
    // A look-up never undoes what a person did.
    expect(from('retrieved', { type: 'located' })).toEqual({ state: 'retrieved' });
    expect(from('not-retrieved', { type: 'not-located' })).toEqual({ state: 'not-retrieved' });
  });

  it('refuses what cannot happen, with a sentence', () => {
    expect(() => from('retrieved', { type: 'not-retrieved', reason: 'No access' })).toThrow(
      /detach it first/,
    );
    expect(() => from('sought', { type: 'not-retrieved', reason: '  ' })).toThrow(/Say why/);
    expect(() => from('sought', { type: 'detached' })).toThrow(/No full text/);
    expect(() => from('retrieved', { type: 'reopened' })).toThrow(/Only a report marked/);
  });
});

describe('identifiers printed in a PDF', () => {
  it('finds DOIs as printed, without the punctuation around them', () => {
    expect(
      findDois(
        'BMJ 2015;350:h2415 | doi: 10.1136/bmj.h2145 open access (see 10.1016/S0140-6736(20)30925-9). Also https://doi.org/10.1155/2010/157939, and DOI:10.1136/BMJ.H2145.',
      ),
    ).toEqual(['10.1136/bmj.h2145', '10.1016/s0140-6736(20)30925-9', '10.1155/2010/157939']);
    expect(findDois('no identifier here, 10.12/too-short-prefix')).toEqual([]);
  });

  it('finds labelled PubMed ids only', () => {
    expect(findPmids('PMID: 0012345678 and PMID 42; year 2014 page 12345')).toEqual([
      '12345678',
      '42',
    ]);
  });
});

describe('matching files to reports', () => {
  const reports = [
    { recordId: 1, title: 'Contralesional motor cortex after stroke', doi: '10.1000/a' },
    { recordId: 2, title: 'Upper limb recovery after stroke: a cohort study', pmid: '555' },
    {
      recordId: 3,
      title: 'Upper limb recovery after stroke: a cohort study in Malawi',
      doi: '10.1000/c',
    },
    { recordId: 4, title: 'Short title' },
    { recordId: 5, title: 'Mirror therapy for arm function after stroke' },
    { recordId: 6, title: 'Mirror therapy for arm function after stroke' },
  ];

  it('matches by DOI, then PMID, then a title printed whole', () => {
    const result = matchFullTexts(
      [
        { file: 'a.pdf', firstPage: 'Journal X. doi:10.1000/A. Something else' },
        { file: 'b.pdf', firstPage: 'PMID: 555 Upper limb' },
        {
          file: 'c.pdf',
          firstPage: 'RESEARCH Upper limb recovery after stroke: a cohort study in Malawi by us',
        },
      ],
      reports,
    );
    expect(result.matches.map((m) => [m.file, m.recordId, m.matchedBy, m.score])).toEqual([
      ['a.pdf', 1, 'doi', 1],
      ['b.pdf', 2, 'pmid', 1],
      ['c.pdf', 3, 'title', 1],
    ]);
    expect(result.unmatched).toEqual([]);
    expect(result.matches[0]!.evidence).toContain('10.1000/a');
  });

  it('leaves ambiguous files to a person, with the best candidate and why', () => {
    const result = matchFullTexts(
      [
        { file: 'two-dois.pdf', firstPage: 'doi 10.1000/a, see also 10.1000/c' },
        { file: 'title-only.pdf', firstPage: 'Upper limb recovery after stroke: a cohort study' },
        { file: 'twins.pdf', firstPage: 'Mirror therapy for arm function after stroke' },
        { file: 'short.pdf', firstPage: 'Short title' },
        { file: 'x.pdf', firstPage: 'nothing to see' },
      ],
      reports,
    );
    // Report 2's title is the start of report 3's: printed alone, it is report 2.
    expect(result.matches.map((m) => [m.file, m.recordId])).toEqual([['title-only.pdf', 2]]);
    const why = Object.fromEntries(result.unmatched.map((u) => [u.file, u]));
    expect(why['two-dois.pdf']!.why).toBe(
      'page 1 names 2 reports sought: 10.1000/a (record 1), 10.1000/c (record 3)',
    );
    expect(why['twins.pdf']!.suggestion?.recordId).toBe(5);
    expect(why['twins.pdf']!.why).toMatch(/records 5 and 6 fit about as well/);
    expect(why['short.pdf']!.suggestion).toBeUndefined();
    expect(why['x.pdf']!.why).toMatch(/no identifier or title/);
  });

  it('does not give one report two files', () => {
    const result = matchFullTexts(
      [
        { file: 'one.pdf', firstPage: 'doi:10.1000/a' },
        { file: 'copy.pdf', firstPage: 'doi:10.1000/a' },
      ],
      reports,
    );
    expect(result.matches).toEqual([]);
    expect(result.unmatched.map((u) => u.why)).toEqual([
      '2 files match record 1: one.pdf, copy.pdf',
      '2 files match record 1: one.pdf, copy.pdf',
    ]);
  });

  it('scores a title by the share of its word pairs printed', () => {
    expect(
      titleScore('Contralesional motor cortex after stroke', {
        file: 'f',
        firstPage: 'The contralesional motor cortex, after a stroke',
      }),
    ).toBeCloseTo(0.75);
  });
});

describe('studies from report links', () => {
  it('groups linked reports, lets the latest link win and keeps a chosen primary', () => {
    const studies = studiesFromLinks(
      [1, 2, 3, 4, 5],
      [
        { a: 2, b: 1, linked: true },
        { a: 3, b: 2, linked: true },
        { a: 4, b: 5, linked: true },
        { a: 4, b: 5, linked: false },
      ],
      new Set([3]),
    );
    expect(studies.get(3)).toEqual({ studyId: 1, primary: 3, reports: [1, 2, 3] });
    expect(studies.get(4)).toEqual({ studyId: 4, primary: 4, reports: [4] });
    expect(studies.get(5)!.reports).toEqual([5]);
  });
});

describe('checking PDF bytes', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  it('refuses what is plainly not a whole PDF', () => {
    expect(checkPdfBytes(new Uint8Array())?.code).toBe('retrieve/empty');
    expect(checkPdfBytes(text('hello'))?.code).toBe('retrieve/not-pdf');
    expect(checkPdfBytes(text('%PDF-1.4\n1 0 obj'))?.code).toBe('retrieve/truncated');
    expect(checkPdfBytes(text('%PDF-1.4\n%%EOF'), 5)?.code).toBe('retrieve/too-large');
    expect(checkPdfBytes(text('%PDF-1.4\n%%EOF\n'))).toBeUndefined();
  });
});
