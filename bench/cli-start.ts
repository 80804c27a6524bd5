// How long a CLI command takes from `node` to exit, for commands that do little work: every
// script, test and user typing in a terminal pays this start per command. Each command runs
// RUNS times in a fresh process on a small SQLite review; median and range.
// Run after `npm run build`: npx tsx bench/cli-start.ts   (RUNS, CLI=path/to/cli.mjs, RESULTS_FILE)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNS = Number(process.env.RUNS ?? 9);
const CLI = path.resolve(process.env.CLI ?? 'dist/cli.mjs');
const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'rb-bench-start-')), 'review.db');

const cli = (args: string[]) => {
  const start = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${args.join(' ')}: ${run.stderr}`);
  return (performance.now() - start) / 1000;
};

cli(['--db', db, 'init', '--title', 'Start-up bench']);
const COMMANDS: [string, string[]][] = [
  ['--help', ['--help']],
  ['status', ['--db', db, 'status']],
  ['records --json', ['--db', db, '--json', 'records']],
  ['node -e "" (the floor)', []],
];
const lines: string[] = [];
for (const [label, args] of COMMANDS) {
  const times = Array.from({ length: RUNS }, () => {
    if (args.length) return cli(args);
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    return (performance.now() - start) / 1000;
  }).sort((a, b) => a - b);
  lines.push(
    `| ${label} | ${times[Math.floor(times.length / 2)]!.toFixed(2)} s | ${times[0]!.toFixed(2)}-${times.at(-1)!.toFixed(2)} s |`,
  );
}
const report = `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}. ${RUNS} runs each, ${path.relative(process.cwd(), CLI)}.

| command | median | range |
|---|---|---|
${lines.join('\n')}
`;
console.log(report);
if (process.env.RESULTS_FILE) writeFileSync(process.env.RESULTS_FILE, report);
