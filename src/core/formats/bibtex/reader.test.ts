import { describe, expect, it } from 'vitest';
import { readBibtex } from './reader';

const BIB = `% a comment line
@string{jse = "Journal of Synthetic " # "Examples"}
@comment{ignored {nested} text}

@article{Smith2019,
  author = {M{\\"u}ller, J{\\"o}rg and Jos\\'e Garc{\\'\\i}a and {World Health Organization}},
  title = {Synthetic {DNA} example: 50\\% \\& more {\\ss} --- done},
  journal = jse,
  year = 2019,
  month = mar,
  volume = "12",
  number = {3},
  pages = {288--97},
  doi = {https://doi.org/10.5555/SYN.1},
  keywords = {stroke, motor cortex},
  note = {kept in extra},
}

@ARTICLE(Second,
  title = "A {"}quoted{"} title"
)
`;

describe('readBibtex', () => {
  it('reads macros, concatenation, nested braces and LaTeX escapes', () => {
    const { records, issues } = readBibtex(BIB);
    expect(issues).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      sourceRecordId: 'Smith2019',
      publicationType: ['article'],
      authors: [
        { family: 'Müller', given: 'Jörg' },
        { family: 'García', given: 'José' },
        { family: 'World Health Organization', raw: 'World Health Organization' },
      ],
      title: 'Synthetic DNA example: 50% & more ß \u2014 done',
      journal: 'Journal of Synthetic Examples',
      year: 2019,
      date: '2019 mar',
      volume: '12',
      issue: '3',
      pages: '288-297',
      doi: '10.5555/syn.1',
      keywords: ['stroke', 'motor cortex'],
      extra: { note: ['kept in extra'] },
      location: { line: 5, endLine: 17 },
    });
    expect(records[1]).toMatchObject({
      sourceRecordId: 'Second',
      title: 'A "quoted" title',
      location: { line: 19 },
    });
  });

  it('skips a broken entry with an error and resumes at the next one', () => {
    const text = '@article{a,\n  title = {Unclosed\n\n@article{b,\n  title = {Fine}\n}\n';
    const { records, issues } = readBibtex(text);
    expect(records.map((r) => r.title)).toEqual(['Fine']);
    expect(issues).toEqual([
      expect.objectContaining({ line: 1, code: 'bibtex/unbalanced-braces', severity: 'error' }),
    ]);
  });

  it('reports an entry cut off at the end of the file', () => {
    const { records, issues } = readBibtex('@article{a,\n  title = {A},\n');
    expect(records).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({ line: 1, code: 'bibtex/unterminated-entry' }),
    ]);
  });
});
