import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbench } from '#engine/index';
import { runCli } from '#test/support/cli';
import { declareSkipped } from '#test/support/skip';

const FULL_TEXTS = path.resolve('../shared/data/full-texts');
const missing = existsSync(FULL_TEXTS)
  ? undefined
  : `../shared/data/full-texts is absent (${FULL_TEXTS})`;

/** Three open-access articles, their records, and a passage of page 1 each extractor quotes. */
const STUDIES = [
  {
    file: 'rct-physical-activity-smoking-pregnancy.pdf',
    title: 'Physical activity for smoking cessation in pregnancy: randomised controlled trial',
    doi: '10.1136/bmj.h2145',
    quote: 'Physical activity for smoking cessation in pregnancy',
    design: 'Randomised controlled trial',
    tool: 'RoB 2',
  },
  {
    file: 'qualitative-heart-failure-programmes.pdf',
    title: 'Patient experiences of structured heart failure programmes',
    doi: '10.1155/2010/157939',
    quote: 'Patient Experiences of Structured Heart Failure Programmes',
    design: 'Case series',
    tool: 'ROBINS-I',
  },
  {
    file: 'psychogeriatrics-2014.pdf',
    title: 'Stressful life events are not associated with the development of dementia',
    doi: '',
    quote: 'Stressful life events are not associated with the development',
    design: 'Cohort (longitudinal)',
    tool: 'ROBINS-I',
  },
] as const;

/** About forty CLI processes, each a fresh Node start: a guard against a hang, not a target. */
const CHAIN_TIMEOUT_MS = 240_000;

const REQUIRED_COLUMNS =
  'record_id,authors,year,species,design,stroke_phase,severity_band,methods,role,key_findings,rob_tool,sample_size';

describe.skipIf(missing)('reviewbench extract, end to end', () => {
  it(
    'charts three real full texts by two extractors, reconciles, and exports',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'rb-extract-'));
      const db = path.join(dir, 'review.db');
      const workbench = await openWorkbench({ url: db, actor: 'lead' });
      const review = await workbench.createReview({ title: 'Charting by CLI' });
      const api = workbench.review(review.id);
      await api.screen.addReviewer('lead', 'lead');
      await api.screen.addReviewer('ana', 'reviewer');
      await api.screen.addReviewer('ben', 'reviewer');
      await api.screen.configure({ reviewersPerRecord: 1 });
      await api.identify.import({
        fileName: 'search.ris',
        bytes: new TextEncoder().encode(
          STUDIES.map(
            (s) =>
              `TY  - JOUR\nTI  - ${s.title}\nAU  - Writer, A.\nPY  - 2014\n${s.doi ? `DO  - ${s.doi}\n` : ''}ER  - \n`,
          ).join('\n'),
        ),
      });
      const ids = (await api.records()).map((r) => r.id);
      for (const stage of ['ti-ab', 'full-text'])
        for (const recordId of ids)
          await api.screen.decide({ recordId, stage, reviewer: 'lead', decision: 'include' });
      await workbench.close();

      const pdfs = path.join(dir, 'pdfs');
      mkdirSync(pdfs);
      for (const s of STUDIES) copyFileSync(path.join(FULL_TEXTS, s.file), path.join(pdfs, s.file));
      const cli = (args: string[]) => runCli(['--db', db, ...args]);
      const ok = (args: string[]) => {
        const result = cli(args);
        expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        return result;
      };
      expect(
        ok(['--json', 'retrieve', 'attach-dir', pdfs]).json<{ attached: unknown[] }>().attached,
      ).toHaveLength(3);
      ok(['extract', 'form', 'use', 'contralesional_m1']);
      ok(['extract', 'form', 'publish']);
      expect(ok(['--json', 'extract', 'settings']).json()).toEqual({
        extractorsPerStudy: 2,
        blinded: true,
      });

      // ana charts in the terminal, each value with its quote from page 1.
      const starts: number[] = [];
      for (const [i, s] of STUDIES.entries()) {
        const recordId = ids[i]!;
        const page = ok(['--json', 'retrieve', 'text', String(recordId), '--page', '1']).json<
          { text: string }[]
        >()[0]!.text;
        const start = page.indexOf(s.quote);
        expect(start, s.file).toBeGreaterThanOrEqual(0);
        starts.push(start);
        const answers: [string, string][] = [
          ['authors', 'Writer'],
          ['year', '2014'],
          ['species', 'Human'],
          ['design', s.design],
          ['stroke_phase', 'Chronic'],
          ['severity_band', 'Mixed (not separable)'],
          ['methods', 'Lesion or inactivation'],
          ['role', 'Unclear'],
          ['key_findings', 'Not about stroke: used here to exercise the charting chain.'],
          ['rob_tool', s.tool],
        ];
        for (const [field, value] of answers)
          ok(['extract', 'answer', String(recordId), field, value, '--extractor', 'ana']);
        const quoted = ok([
          '--json',
          'extract',
          'answer',
          String(recordId),
          'sample_size',
          String(10 * (i + 1)),
          '--extractor',
          'ana',
          '--quote',
          s.quote,
          '--page',
          '1',
          '--start',
          String(start),
          '--end',
          String(start + s.quote.length),
        ]).json<{ quote: { page: number; start: number } }>();
        expect(quoted.quote).toMatchObject({ page: 1, start });
        ok(['extract', 'finish', String(recordId), '--extractor', 'ana']);
      }

      // ben charts in a spreadsheet; a sheet with a column the form lacks is refused whole.
      const row = (i: number, sampleSize: number) =>
        `${ids[i]},Writer,2014,Human,${STUDIES[i]!.design},Chronic,Mixed (not separable),Lesion or inactivation,Unclear,Not about stroke: used here to exercise the charting chain.,${STUDIES[i]!.tool},${sampleSize}`;
      const bad = path.join(dir, 'ben-bad.csv');
      writeFileSync(bad, [`${REQUIRED_COLUMNS},handedness`, `${row(0, 10)},right`].join('\n'));
      const refused = cli(['extract', 'import', bad, '--extractor', 'ben']);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('row 1, column "handedness": not a field of the form');
      expect(
        cli(['--json', 'extract', 'status'])
          .json<{ extractors: unknown[] }[]>()
          .map((s) => s.extractors.length),
      ).toEqual([1, 1, 1]);
      const sheet = path.join(dir, 'ben.csv');
      // ben reads the second study's sample size as 25, not 20.
      writeFileSync(sheet, [REQUIRED_COLUMNS, row(0, 10), row(1, 25), row(2, 30)].join('\n'));
      expect(ok(['--json', 'extract', 'import', sheet, '--extractor', 'ben']).json()).toMatchObject(
        {
          studies: 3,
          finished: 3,
        },
      );

      // One disagreement, in the contract's shape; the lead settles it.
      const queue = ok(['--json', 'extract', 'reconcile']).json<
        { recordId: number; fieldId: string; answers: { extractor: string; value: unknown }[] }[]
      >();
      expect(
        queue.map(({ recordId, fieldId, answers }) => ({
          recordId,
          fieldId,
          answers: answers.map(({ extractor, value }) => ({ extractor, value })),
        })),
      ).toEqual([
        {
          recordId: ids[1],
          fieldId: 'sample_size',
          answers: [
            { extractor: 'ana', value: 20 },
            { extractor: 'ben', value: 25 },
          ],
        },
      ]);
      ok(['extract', 'resolve', String(ids[1]), 'sample_size', '20']);
      expect(ok(['--json', 'extract', 'reconcile']).json()).toEqual([]);
      expect(
        ok(['--json', 'extract', 'status'])
          .json<{ status: string }[]>()
          .map((s) => s.status),
      ).toEqual(['consensus', 'consensus', 'consensus']);
      const agreement = ok(['--json', 'extract', 'agreement']).json<{
        fields: { fieldId: string; n: number; agreed: number }[];
      }>();
      expect(agreement.fields.find((f) => f.fieldId === 'sample_size')).toMatchObject({
        n: 3,
        agreed: 2,
      });

      // Exports: the long CSV carries quote and page; the wide XLSX opens with exceljs.
      const long = path.join(dir, 'long.csv');
      ok(['extract', 'export', '--shape', 'long', '--format', 'csv', '-o', long]);
      const { readFileSync } = await import('node:fs');
      const lines = readFileSync(long, 'utf8').trim().split('\n');
      const settled = lines.find((l) => l.includes(',sample_size,Sample size,consensus,20,'));
      expect(settled).toBe(
        `${ids[1]},Writer (2014) ${STUDIES[1].title},The source,,sample_size,Sample size,consensus,20,${STUDIES[1].quote},1,${starts[1]},${starts[1]! + STUDIES[1].quote.length}`,
      );
      const wide = path.join(dir, 'wide.xlsx');
      ok(['extract', 'export', '--shape', 'wide', '--format', 'xlsx', '-o', wide]);
      const { default: Excel } = await import('exceljs');
      const book = new Excel.Workbook();
      await book.xlsx.readFile(wide);
      const studies = book.getWorksheet('studies')!;
      expect(studies.rowCount).toBe(4);
      const header = (studies.getRow(1).values as unknown[]).slice(1);
      const col = (name: string) => header.indexOf(name) + 1;
      expect(
        [2, 3, 4].map((r) => [
          studies.getRow(r).getCell(col('record_id')).value,
          studies.getRow(r).getCell(col('status')).value,
          studies.getRow(r).getCell(col('sample_size')).value,
          studies.getRow(r).getCell(col('rob_tool')).value,
        ]),
      ).toEqual([
        [ids[0], 'consensus', '10', 'RoB 2'],
        [ids[1], 'consensus', '20', 'ROBINS-I'],
        [ids[2], 'consensus', '30', 'ROBINS-I'],
      ]);
      expect(book.getWorksheet('fields')!.getRow(2).getCell(1).value).toBe('authors');
    },
    CHAIN_TIMEOUT_MS,
  );
});

declareSkipped('reviewbench extract, end to end', missing);
