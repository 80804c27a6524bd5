import { describe, expect, it } from 'vitest';
import { parseDelimited } from './parse-delimited';
import { readCsv, recordsFromRows } from './reader';

describe('parseDelimited', () => {
  it('handles quotes, doubled quotes, embedded line breaks and line numbers', () => {
    const { rows, issues } = parseDelimited('a,b\r\n"x, y","say ""hi""\nthere"\r\nlast,row\n');
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.cells, r.line, r.endLine])).toEqual([
      [['a', 'b'], 1, 1],
      [['x, y', 'say "hi"\nthere'], 2, 3],
      [['last', 'row'], 4, 4],
    ]);
  });

  it('sniffs semicolons and tabs', () => {
    expect(parseDelimited('a;b\n1;2\n').delimiter).toBe(';');
    expect(parseDelimited('a\tb\n1\t2\n').delimiter).toBe('\t');
  });

  it('reports an unterminated quote at the row where it opened', () => {
    const { issues } = parseDelimited('a,b\n1,"open\n2,3\n');
    expect(issues).toEqual([
      expect.objectContaining({ line: 2, code: 'csv/unterminated-quote', severity: 'error' }),
    ]);
  });
});

describe('readCsv', () => {
  it('maps ASReview columns, labels and ids', () => {
    const text =
      'record_id,title,abstract,authors,year,doi,label_included,label_abstract_screening,notes\n' +
      '7,Synthetic example,An abstract,Smith J; Doe A,2019,https://doi.org/10.5555/SYN.1,1,0,free text\n';
    const { records, issues } = readCsv(text);
    expect(issues).toEqual([]);
    expect(records[0]).toMatchObject({
      sourceRecordId: '7',
      title: 'Synthetic example',
      abstract: 'An abstract',
      authors: [
        { family: 'Smith', given: 'J' },
        { family: 'Doe', given: 'A' },
      ],
      year: 2019,
      doi: '10.5555/syn.1',
      label: 1,
      labels: { label_abstract_screening: 0 },
      extra: { notes: ['free text'] },
      location: { line: 2, endLine: 2 },
    });
  });

  it('splits authors on " and " (colrev) and honours explicit column mapping', () => {
    const { records } = readCsv('Heading,Writers\nA title,"Deng, Chaoqun and Ravichandran, T"\n', {
      columns: { title: 'Heading', authors: 'Writers' },
    });
    expect(records[0]).toMatchObject({
      title: 'A title',
      authors: [
        { family: 'Deng', given: 'Chaoqun' },
        { family: 'Ravichandran', given: 'T' },
      ],
    });
  });

  it('reports a non-binary label and a row without a title', () => {
    const { issues } = readCsv('title,label_included\n,yes\n');
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['csv/bad-label', 2],
      ['csv/missing-title', 2],
    ]);
  });
});

describe('recordsFromRows', () => {
  it('maps spreadsheet rows with the same column rules', () => {
    const { records } = recordsFromRows(
      ['Title', 'Publication Year', 'PMID'],
      [['A', '2020', '90000001']],
    );
    expect(records[0]).toMatchObject({
      title: 'A',
      year: 2020,
      pmid: '90000001',
      location: { line: 2 },
      raw: 'A\t2020\t90000001',
    });
  });

  it('does not take a huge header cell for a column name (it would be stored with every record)', () => {
    const huge = 'x'.repeat(100_000);
    const text = `title,year,${huge}\n${Array.from({ length: 20 }, (_, i) => `T${i},2019,v${i}`).join('\n')}\n`;
    const { records, issues } = readCsv(text);
    expect(records).toHaveLength(20);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'csv/long-header', severity: 'warning', line: 1 }),
    ]);
    expect(records[3]!.extra).toEqual({ column3: ['v3'] });
    expect(JSON.stringify(records).length).toBeLessThan(20_000);
  });
});
