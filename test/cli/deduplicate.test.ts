import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliFor, runCli } from '#test/support/cli';
import { corpusFile, corpusSkipReason } from '#test/support/corpus';
import { declareSkipped } from '#test/support/skip';

const CYTOLOGY = 'colrev-bib-dedupe/cytology_screening';
const ASYSD = 'camaradesuk-ASySD/labelled_test_set.csv';
const COLANDR = 'colandr-dedupe-pairs/dedupe_citations_training.json';
const skip = corpusSkipReason(
  `${CYTOLOGY}/records_pre_merged.csv`,
  `${CYTOLOGY}/merged_record_ids.csv`,
  ASYSD,
  COLANDR,
);

interface Evaluation {
  records: number;
  goldSource: string;
  evaluation: {
    precision: number;
    recall: number;
    recallWithQueue: number;
    falseMerges: number;
    matches?: number;
    matchesMerged?: number;
    distinctMerged?: number;
  };
}

describe.skipIf(skip !== undefined)('reviewbench dedup evaluate on gold standards', () => {
  it('scores a records file against its merged-ids gold at the issue thresholds', () => {
    const result = runCli([
      '--json',
      'dedup',
      'evaluate',
      '--records',
      corpusFile(`${CYTOLOGY}/records_pre_merged.csv`),
      '--gold',
      corpusFile(`${CYTOLOGY}/merged_record_ids.csv`),
    ]);
    expect(result.status).toBe(0);
    const { records, goldSource, evaluation } = result.json<Evaluation>();
    expect({ records, goldSource }).toEqual({ records: 1856, goldSource: 'merged-ids' });
    expect(evaluation.precision).toBeGreaterThanOrEqual(0.995);
    expect(evaluation.recall).toBeGreaterThanOrEqual(0.95);
    expect(evaluation.recallWithQueue).toBeGreaterThanOrEqual(0.99);
    expect(evaluation.falseMerges).toBe(0);
  });

  it('reads gold labels carried by the records file itself (ASySD) and labelled pairs (colandr)', () => {
    const asysd = runCli([
      '--json',
      'dedup',
      'evaluate',
      '--gold',
      corpusFile(ASYSD),
    ]).json<Evaluation>();
    expect(asysd).toMatchObject({ records: 1845, goldSource: 'asysd-labels' });
    expect(asysd.evaluation.precision).toBeGreaterThanOrEqual(0.995);
    expect(asysd.evaluation.recall).toBeGreaterThanOrEqual(0.95);
    const colandr = runCli([
      '--json',
      'dedup',
      'evaluate',
      '--gold',
      corpusFile(COLANDR),
    ]).json<Evaluation>();
    expect(colandr.goldSource).toBe('labelled-pairs');
    expect(colandr.evaluation).toMatchObject({ matches: 20, distinctMerged: 0 });
  });
});

declareSkipped('dedup evaluate', skip);

describe('reviewbench dedup undo', () => {
  it('splits a cluster back and keeps every record', () => {
    const rb = cliFor();
    rb(['init', '--title', 'Undo']);
    const ris = (title: string, doi: string): string =>
      `TY  - JOUR\nTI  - ${title}\nAU  - Smith, Jane\nPY  - 2020\nJO  - Stroke\nVL  - 5\nSP  - 10\nEP  - 19\nDO  - ${doi}\nER  - \n`;
    const dir = mkdtempSync(join(tmpdir(), 'rb-undo-'));
    writeFileSync(
      join(dir, 'a.ris'),
      ris('Contralesional motor cortex after stroke', '10.5555/u.1'),
    );
    writeFileSync(
      join(dir, 'b.ris'),
      ris('Contralesional Motor Cortex after Stroke.', '10.5555/U.1'),
    );
    rb(['import', join(dir, 'a.ris'), join(dir, 'b.ris')]);
    const run = rb(['--json', 'dedup', 'run']).json<{
      counts: { duplicatesRemoved: number };
      clusters: { id: string }[];
    }>();
    expect(run.counts.duplicatesRemoved).toBe(1);
    expect(rb(['dedup', 'undo', run.clusters[0]!.id]).status).toBe(0);
    expect(
      rb(['--json', 'dedup', 'run']).json<{
        counts: { duplicatesRemoved: number; records: number };
      }>().counts,
    ).toMatchObject({ duplicatesRemoved: 0, records: 2 });
    expect(rb(['dedup', 'undo', 'dup:999']).status).toBe(1);
  });
});
