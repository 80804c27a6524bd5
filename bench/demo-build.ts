// Issue 19's times: building the demo review alone (target < 10 s) with the CLI as `npm start`
// runs it, on a fresh SQLite file each run. (`npm start` on a fresh clone also builds the CLI
// and the web app first: timed by hand in bench/RESULTS.md.)
// Run after `npm run build`: npx tsx bench/demo-build.ts   (RUNS, RESULTS_FILE)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.RUNS ?? 5);
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'rb-bench-demo-')), 'demo.db');
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [process.env.CLI ?? 'dist/cli.mjs', 'demo', '--demo-db', db],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  times.push((performance.now() - start) / 1000);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const report = `## Demo (issue 19): building the model review (bench/demo-build.ts)

Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.
\`reviewbench demo\` on a fresh SQLite file, ${RUNS} runs: import of the four exports (130 records), de-duplication, dual screening, 19 generated full texts, dual charting of 38 sources, dual appraisal. Median ${median.toFixed(2)} s (${times[0]!.toFixed(2)}-${times.at(-1)!.toFixed(2)} s). Target: under 10 s.
`;
console.log(report);
if (process.env.RESULTS_FILE) writeFileSync(process.env.RESULTS_FILE, report);
