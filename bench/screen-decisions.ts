// Benchmark: screening decisions recorded through the engine (validation, supersede check,
// insert, event log, outcome), one transaction each, on SQLite and on PostgreSQL when
// DATABASE_URL is set. Verifies afterwards that every acknowledged decision is in the store.
// Run: npx tsx bench/screen-decisions.ts   (env RECORDS, DECISIONS, RUNS)
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench } from '#engine/index';
import { freshPostgres } from './support/postgres';

const records = Number(process.env.RECORDS ?? 5000);
const decisions = Number(process.env.DECISIONS ?? 4000);
const runs = Number(process.env.RUNS ?? 3);

function risFile(n: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; i < n; i += 1)
    parts.push(
      `TY  - JOUR\nTI  - Synthetic record ${i} on motor cortex and stroke recovery\nAU  - Author, A${i % 97}\nPY  - ${2000 + (i % 25)}\nDO  - 10.5555/bench.${i}\nAB  - Abstract ${i} about the contralesional hemisphere.\nER  - \n`,
    );
  return new TextEncoder().encode(parts.join('\n'));
}

async function once(url: string): Promise<{ perSecond: number; stored: number }> {
  const workbench = await openWorkbench({ url, actor: 'bench' });
  const review = workbench.review((await workbench.createReview({ title: 'bench' })).id);
  await review.identify.import({ fileName: 'bench.ris', bytes: risFile(records) });
  await review.screen.addReviewer('ana');
  await review.screen.addReviewer('ben');
  const started = performance.now();
  let acknowledged = 0;
  for (let i = 0; i < decisions; i += 1) {
    const reviewer = i % 2 === 0 ? 'ana' : 'ben';
    await review.screen.decide({
      recordId: 1 + (Math.floor(i / 2) % records),
      stage: 'ti-ab',
      reviewer,
      decision: i % 7 === 0 ? 'include' : 'exclude',
    });
    acknowledged += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const row = await workbench.store.db
    .selectFrom('screen_decisions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await workbench.close();
  if (Number(row.n) !== acknowledged)
    throw new Error(`lost decisions: ${acknowledged} acknowledged, ${row.n} stored`);
  return { perSecond: acknowledged / seconds, stored: Number(row.n) };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: string[] = [];
const sqlite: number[] = [];
for (let i = 0; i < runs; i += 1)
  sqlite.push(
    (await once(path.join(mkdtempSync(path.join(os.tmpdir(), 'rb-dec-')), 'bench.db'))).perSecond,
  );
rows.push(
  `| SQLite | ${decisions} | ${median(sqlite).toFixed(0)} | ${sqlite.map((v) => v.toFixed(0)).join(', ')} | 0 |`,
);
if (process.env.DATABASE_URL?.startsWith('postgres')) {
  const pgRates: number[] = [];
  for (let i = 0; i < runs; i += 1)
    pgRates.push(
      (
        await once(
          await freshPostgres(process.env.DATABASE_URL, `rb_bench_decisions_${process.pid}_${i}`),
        )
      ).perSecond,
    );
  rows.push(
    `| PostgreSQL 15 | ${decisions} | ${median(pgRates).toFixed(0)} | ${pgRates.map((v) => v.toFixed(0)).join(', ')} | 0 |`,
  );
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const text = [
  '## Screening decisions through the engine (bench/screen-decisions.ts)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}, load average at the end ${load}. A review of ${records} records, two reviewers alternating; each decision is one engine call (validation, supersede check, insert, event, outcome) in its own transaction. Decisions lost = acknowledged minus stored. Target: at least 1,000 per second on SQLite.`,
  '',
  '| store | decisions | per second, median | runs | lost |',
  '| --- | ---: | ---: | --- | ---: |',
  ...rows,
  '',
].join('\n');
writeFileSync('bench/RESULTS-decisions.md', text);
console.log(text);
