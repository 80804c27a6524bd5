// Benchmark: `reviewbench import` of a 100,000-record RIS file, end to end (a whole CLI process:
// read, detect, parse, one transaction), into SQLite and into PostgreSQL (when DATABASE_URL is
// set). Median of RUNS runs, each into a fresh database. Run: npx tsx bench/import-100k.ts
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeRisCorpusFile } from './support/ris-corpus';
import { dropPostgres, freshPostgres } from './support/postgres';

const root = process.cwd();
const records = Number(process.env.RECORDS ?? 100_000);
const runs = Number(process.env.RUNS ?? 3);
const input = path.join(root, 'bench/out', `ris-${records}.ris`);
const cli = path.join(root, 'dist/cli.mjs');

interface Run {
  seconds: number;
  maxRssMb: number;
  added: number;
}

function importOnce(env: Record<string, string>, args: string[]): Run {
  const started = process.hrtime.bigint();
  const child = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, cli, '--json', ...args, 'import', input],
    { env: { ...process.env, ...env }, maxBuffer: 1 << 26 },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr.toString());
  if (child.status !== 0) throw new Error(`import failed: ${child.stderr.toString().slice(-2000)}`);
  const added = (JSON.parse(child.stdout.toString()) as { files: { added: number }[] }).files[0]!
    .added;
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, added };
}

function init(env: Record<string, string>, args: string[]): void {
  const child = spawnSync(process.execPath, [cli, ...args, 'init', '--title', 'bench'], {
    env: { ...process.env, ...env },
  });
  if (child.status !== 0) throw new Error(child.stderr.toString());
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  mkdirSync(path.dirname(input), { recursive: true });
  if (!existsSync(input)) await writeRisCorpusFile(input, records);
  spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed', '--cli-only'], {
    stdio: 'inherit',
  });
  const sizeMb = readFileSync(input).length / 1e6;
  const results: { store: string; runs: Run[] }[] = [];
  const sqliteRuns: Run[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rb-bench-'));
    const db = path.join(dir, 'bench.db');
    init({ DATABASE_URL: '' }, ['--db', db]);
    sqliteRuns.push(importOnce({ DATABASE_URL: '' }, ['--db', db]));
    console.log(`sqlite run ${i + 1}: ${sqliteRuns.at(-1)!.seconds.toFixed(2)} s`);
    // Each run starts alike: the last run's 680 MB are not still being written back meanwhile.
    rmSync(dir, { recursive: true, force: true });
  }
  results.push({
    store: 'SQLite (better-sqlite3; WAL, a rollback journal for this one large batch)',
    runs: sqliteRuns,
  });
  const pgBase = process.env.DATABASE_URL;
  if (pgBase?.startsWith('postgres')) {
    const pgRuns: Run[] = [];
    for (let i = 0; i < runs; i += 1) {
      const url = await freshPostgres(pgBase, `rb_bench_${process.pid}_${i}`);
      init({ DATABASE_URL: url }, []);
      pgRuns.push(importOnce({ DATABASE_URL: url }, []));
      console.log(`postgres run ${i + 1}: ${pgRuns.at(-1)!.seconds.toFixed(2)} s`);
      await dropPostgres(pgBase, `rb_bench_${process.pid}_${i}`);
    }
    results.push({ store: 'PostgreSQL 15 (pg)', runs: pgRuns });
  }
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const lines = [
    '## Import: 100,000 RIS records, end to end (bench/import-100k.ts)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; load average at the end ${load}.`,
    `Input: ${records} records, ${sizeMb.toFixed(0)} MB, built from real RIS records of ../shared/data. Each run is a whole \`reviewbench import\` process into a fresh database: read, decode, detect, parse, and one transaction. Median of ${runs} runs. Target: under 5 s on SQLite.`,
    '',
    '| store | records added | wall time (s), median | runs (s) | peak RSS (MB) |',
    '| --- | ---: | ---: | --- | ---: |',
    ...results.map(
      (r) =>
        `| ${r.store} | ${r.runs[0]!.added} | ${median(r.runs.map((x) => x.seconds)).toFixed(2)} | ${r.runs.map((x) => x.seconds.toFixed(2)).join(', ')} | ${median(r.runs.map((x) => x.maxRssMb)).toFixed(0)} |`,
    ),
    '',
  ];
  writeFileSync(path.join(root, 'bench/RESULTS-import.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
