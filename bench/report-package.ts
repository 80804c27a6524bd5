// The report package on a charted and appraised review: the model review's size (38 studies)
// and a large scoping review (400), each charted with the short contralesional-M1 form and
// appraised with ROBINS-I. Times the DOCX, PDF, HTML and XLSX report, the bundle's export and
// its import into a fresh database. No target in issue 18; measured so a change that makes
// the package slow is seen.
// Run: npx tsx bench/report-package.ts   (SIZES=38,400 RUNS=5 STORES=sqlite,postgres
// BENCH_PG / DATABASE_URL, RESULTS_FILE)
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRandom } from '#core/ports';
import { openWorkbench } from '#engine/index';
import type { ReviewApi } from '#engine/index';
import { dropPostgres, freshPostgres } from './support/postgres';

const SIZES = (process.env.SIZES ?? '38,400').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 5);
const STORES = (process.env.STORES ?? 'sqlite,postgres').split(',');
const postgresBase = process.env.BENCH_PG ?? process.env.DATABASE_URL;

const FORM = {
  id: 'm1',
  title: 'Contralesional M1 (short)',
  version: 1,
  sections: [
    {
      id: 'study',
      title: 'The study',
      fields: [
        { id: 'species', label: 'Species', type: 'single-choice', options: ['Human', 'Animal'] },
        {
          id: 'severity_band',
          label: 'Severity',
          type: 'single-choice',
          options: ['Mild', 'Moderate', 'Severe'],
        },
        {
          id: 'methods',
          label: 'Methods',
          type: 'multiple-choice',
          options: ['TMS / MEP', 'fMRI', 'rTMS', 'EEG', 'DTI'],
        },
        {
          id: 'role',
          label: 'Role of contralesional M1',
          type: 'single-choice',
          options: ['Compensatory', 'Inhibitory (maladaptive)', 'Task-dependent'],
        },
      ],
    },
  ],
};

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

async function build(
  url: string,
  size: number,
): Promise<{ api: ReviewApi; close: () => Promise<void> }> {
  const workbench = await openWorkbench({ url, actor: 'lead' });
  const rng = createRandom(size);
  const random = () => rng.next();
  const review = await workbench.createReview({ title: `Report bench: ${size} studies` });
  const api = workbench.review(review.id);
  await api.screen.addReviewer('lead', 'lead');
  await api.screen.configure({ reviewersPerRecord: 1 });
  const ris = Array.from(
    { length: size },
    (_, i) =>
      `TY  - JOUR\nTI  - Contralesional motor cortex study ${i + 1}\nAU  - Author${i + 1}, A.\nAU  - Second, B.\nPY  - ${2000 + (i % 24)}\nJO  - Brain\nVL  - ${100 + i}\nSP  - ${i + 1}-${i + 9}\nDO  - 10.1000/bench.${i + 1}\nER  - \n`,
  ).join('\n');
  await api.identify.import({ fileName: 'bench.ris', bytes: new TextEncoder().encode(ris) });
  const ids = (await api.records()).map((r) => r.id);
  for (const stage of ['ti-ab', 'full-text'])
    for (const recordId of ids)
      await api.screen.decide({ recordId, stage, reviewer: 'lead', decision: 'include' });
  await api.extract.importForm(FORM);
  await api.extract.publishForm();
  await api.extract.configure({ extractorsPerStudy: 1 });
  const rows = ids.map((id) => {
    const methods = FORM.sections[0]!.fields[2]!.options!.filter(() => random() < 0.35);
    return [
      id,
      random() < 0.1 ? 'Animal' : 'Human',
      pick(random, ['Mild', 'Moderate', 'Severe']),
      pick(random, ['Compensatory', 'Inhibitory (maladaptive)', 'Task-dependent']),
      methods.join('; '),
    ].join(',');
  });
  await api.extract.importSheet({
    fileName: 'chart.csv',
    extractor: 'lead',
    bytes: new TextEncoder().encode(
      ['record_id,species,severity_band,role,methods', ...rows].join('\n'),
    ),
  });
  await api.appraise.configure({ assessorsPerStudy: 1 });
  const levels = ['Low', 'Moderate', 'Serious'];
  await api.appraise.importTable({
    text: [
      'Study,D1,D2,D3,D4,D5,D6,D7,Overall',
      ...ids.map((id) => {
        const d = Array.from({ length: 7 }, () => pick(random, levels));
        const overall = d.includes('Serious')
          ? 'Serious'
          : d.includes('Moderate')
            ? 'Moderate'
            : 'Low';
        return [id, ...d, overall].join(',');
      }),
    ].join('\n'),
    fileName: 'robins.csv',
    toolId: 'robins-i',
    assessor: 'lead',
  });
  return { api, close: () => workbench.close() };
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    out.push(performance.now() - start);
  }
  return out;
}

const summary = (ms: number[]): string => {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const s = (v: number) => (v / 1000).toFixed(2);
  return `${s(median)} (${s(sorted[0]!)}-${s(sorted.at(-1)!)}) s`;
};

const lines: string[] = [];
for (const store of STORES) {
  if (store === 'postgres' && !postgresBase) {
    console.log('postgres skipped: no BENCH_PG or DATABASE_URL');
    continue;
  }
  for (const size of SIZES) {
    const created: string[] = [];
    const fresh = async () => {
      if (store === 'sqlite')
        return path.join(mkdtempSync(path.join(os.tmpdir(), 'rb-bench-report-')), 'r.db');
      const name = `rb_bench_report_${process.pid}_${created.length}`;
      created.push(name);
      return freshPostgres(postgresBase!, name);
    };
    const setupStart = performance.now();
    const { api, close } = await build(await fresh(), size);
    const setup = (performance.now() - setupStart) / 1000;
    const cells: string[] = [];
    let sizes = '';
    for (const format of ['docx', 'pdf', 'html', 'xlsx'] as const) {
      let bytes = 0;
      cells.push(
        summary(await time(async () => (bytes = (await api.report.file(format)).bytes.length))),
      );
      sizes += `${format} ${(bytes / 1024).toFixed(0)} KiB; `;
    }
    let bundle: Uint8Array = new Uint8Array();
    cells.push(summary(await time(async () => (bundle = (await api.report.bundle()).bytes))));
    sizes += `zip ${(bundle.length / 1024).toFixed(0)} KiB`;
    await close();
    cells.push(
      summary(
        await time(async () => {
          const target = await openWorkbench({ url: await fresh(), actor: 'lead' });
          await target.importBundle(bundle, 'bench.zip');
          await target.close();
        }),
      ),
    );
    const line = `| ${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${size} | ${cells.join(' | ')} | ${sizes} | ${setup.toFixed(0)} s |`;
    console.log(line);
    lines.push(line);
    for (const name of created) await dropPostgres(postgresBase!, name);
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const report = `## Report package (issue 18): documents, workbook and bundle (bench/report-package.ts)

Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.
Input: a review of N included studies charted with the short contralesional-M1 form (4 fields) and appraised with ROBINS-I (7 domains), built through the engine; each output made ${RUNS} times in a row in one process. Median (range).

| store | studies | DOCX | PDF | HTML | XLSX | bundle export | bundle import (fresh database) | sizes | setup |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${lines.join('\n')}
`;
console.log(report);
if (process.env.RESULTS_FILE) writeFileSync(process.env.RESULTS_FILE, report);
