import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declareSkipped } from '#test/support/skip';
import { exportRobvisCsv, importRobvisCsv } from '#core/appraise/index';

const ROBVIS = path.resolve('../shared/data/robvis');
const missing = existsSync(ROBVIS) ? undefined : `../shared/data/robvis is absent (${ROBVIS})`;

/** Each robvis example table and the tool it is read with. */
export const ROBVIS_FILES = [
  ['data_rob2.csv', 'rob2', 9],
  ['data_rob2_cluster.csv', 'rob2-cluster', 9],
  ['data_robins_i.csv', 'robins-i', 10],
  ['data_robins_e.csv', 'robins-e', 10],
  ['data_quadas.csv', 'quadas-2', 12],
  ['data_quips.csv', 'quips', 12],
  ['data_rob1.csv', 'rob1', 9],
  ['bias_direction.csv', 'generic', 20],
] as const;

describe.skipIf(missing)('robvis tables', () => {
  it.each(ROBVIS_FILES)('%s imports with %s and exports byte for byte', (file, tool, studies) => {
    const text = readFileSync(path.join(ROBVIS, file), 'utf8');
    const table = importRobvisCsv(text, tool, file);
    expect(table.rows).toHaveLength(studies);
    expect(exportRobvisCsv(table)).toBe(text);
  });

  it('reads the judgement words as the tool levels (QUADAS-2: Some concerns is Unclear)', () => {
    const quadas = importRobvisCsv(
      readFileSync(path.join(ROBVIS, 'data_quadas.csv'), 'utf8'),
      'quadas-2',
    );
    expect(quadas.rows[1]).toMatchObject({
      study: 'Study 2',
      judgements: { D1: 'Unclear' },
      overall: 'Unclear',
    });
    const rob1 = importRobvisCsv(readFileSync(path.join(ROBVIS, 'data_rob1.csv'), 'utf8'), 'rob1');
    expect(rob1.domains[0]).toEqual({ column: 'D1', name: 'Random sequence generation' });
  });
});

describe('robvis tables, bad input', () => {
  it('refuses a missing domain column, an unknown judgement and a bad weight, naming line and column', () => {
    expect(() =>
      importRobvisCsv(
        'Study,D1,D2,D3,D4,Overall\nStudy 1,Low,Low,Low,Low,Low\n',
        'rob2',
        'rob2.csv',
      ),
    ).toThrow(
      'rob2.csv: line 1: no column for domain D5 of rob2 (expected Study, D1, D2, D3, D4, D5, Overall[, Weight]).',
    );
    expect(() =>
      importRobvisCsv(
        'Study,D1,D2,D3,D4,D5,Overall,Weight\nStudy 1,Low,Probably fine,Low,Low,Low,Low,x\n',
        'rob2',
        'rob2.csv',
      ),
    ).toThrow(
      'rob2.csv: line 2, column D2: "Probably fine" is not a judgement of rob2 (Low, Some concerns, High, No information); line 2, column Weight: "x" is not a weight.',
    );
    expect(() => importRobvisCsv('', 'rob2', 'empty.csv')).toThrow('empty.csv is empty.');
  });
});

declareSkipped('robvis tables', missing);
