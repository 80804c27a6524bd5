// Benchmark: RIS parsing of a 100,000-record file, ReviewBench's reader vs citation-js.
// Builds bench/out/ris-100k.ris by repeating real records from ../shared/data, bundles the
// child script with esbuild, then times whole `node` processes (wall clock and peak RSS via
// /usr/bin/time -v when present), median of 3 runs each. Run: npx tsx bench/parse-ris.ts
// citation-js is told the input is RIS (see parse-ris-citationjs.mjs) and runs on the same
// files as ours. `reviewbench parse --json` (the CLI as users run it) is timed too.
// Env: RECORDS (default 100000), COMPARE_RECORDS (default 1000), RUNS (default 3),
// SKIP_CITATIONJS=1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { writeRisCorpusFile } from './support/ris-corpus';

const root = process.cwd();
const outDir = path.join(root, 'bench/out');
const target = Number(process.env.RECORDS ?? 100_000);
const compareTarget = Number(process.env.COMPARE_RECORDS ?? 1000);
const runs = Number(process.env.RUNS ?? 3);

interface RunResult {
  seconds: number;
  maxRssMb: number;
  records: number;
  /** Fastest and slowest run. */
  range: [number, number];
}

function runOnce(script: string, input: string): Omit<RunResult, 'range'> {
  const hasTime = existsSync('/usr/bin/time');
  const command = hasTime ? '/usr/bin/time' : process.execPath;
  // The CLI reads `parse --json <file>`; the children read the file as their one argument.
  const tail = script.endsWith('cli.mjs') ? [script, '--json', 'parse', input] : [script, input];
  const args = hasTime
    ? ['-v', process.execPath, '--max-old-space-size=8192', ...tail]
    : ['--max-old-space-size=8192', ...tail];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = child.stderr.toString();
  if (child.status !== 0)
    throw new Error(`${script} failed (${child.status}):\n${stderr.slice(-2000)}`);
  const report = JSON.parse(stderr.split('\n').find((l) => l.startsWith('{"records"')) ?? '{}') as {
    records?: number;
    maxRssKb?: number;
  };
  const timeRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const rssKb = timeRss ? Number(timeRss[1]) : (report.maxRssKb ?? 0);
  return { seconds, maxRssMb: rssKb / 1024, records: report.records ?? -1 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function measure(label: string, script: string, input: string): RunResult {
  const results: Omit<RunResult, 'range'>[] = [];
  for (let i = 0; i < runs; i += 1) {
    const result = runOnce(script, input);
    console.log(
      `${label} run ${i + 1}: ${result.seconds.toFixed(2)} s, ${result.maxRssMb.toFixed(0)} MB, ${result.records} records`,
    );
    results.push(result);
  }
  return {
    seconds: median(results.map((r) => r.seconds)),
    maxRssMb: median(results.map((r) => r.maxRssMb)),
    records: results[0]?.records ?? -1,
    range: [Math.min(...results.map((r) => r.seconds)), Math.max(...results.map((r) => r.seconds))],
  };
}

async function prepareInput(count: number): Promise<{ file: string; sizeMb: number }> {
  const file = path.join(outDir, `ris-${count}.ris`);
  if (!existsSync(file)) await writeRisCorpusFile(file, count);
  return { file, sizeMb: statSync(file).size / 1024 / 1024 };
}

function row(label: string, result: RunResult): string {
  const out = result.records < 0 ? '—' : String(result.records);
  return `| ${label} | ${result.seconds.toFixed(2)} (${result.range[0].toFixed(2)}-${result.range[1].toFixed(2)}) | ${result.maxRssMb.toFixed(0)} | ${out} |`;
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const big = await prepareInput(target);
  const small = await prepareInput(compareTarget);
  console.log(
    `inputs: ${big.file} (${big.sizeMb.toFixed(1)} MB), ${small.file} (${small.sizeMb.toFixed(1)} MB)`,
  );
  const ours = path.join(outDir, 'parse-ris-child.mjs');
  await build({
    entryPoints: [path.join(root, 'bench/parse-ris-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: ours,
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
  });
  const cli = path.join(root, 'dist/cli.mjs');
  const theirsScript = path.join(root, 'bench/parse-ris-citationjs.mjs');
  const skipPeer = process.env.SKIP_CITATIONJS === '1';
  const results = [target, compareTarget].map((count) => {
    const input = count === target ? big : small;
    return {
      count,
      input,
      reader: measure(`readRis ${count}`, ours, input.file),
      cli: measure(`reviewbench parse --json ${count}`, cli, input.file),
      peer: skipPeer ? undefined : measure(`citation-js ${count}`, theirsScript, input.file),
    };
  });
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  const lines = [
    '## Formats: RIS parsing (bench/parse-ris.ts)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), shared with other engineers' jobs at the time; Node ${process.version}.`,
    `Inputs: ordinary RIS files built by repeating real records from citesource/valid_data/*.ris and revtools/restoration_scopus.ris.`,
    `Each run is a whole \`node\` process that reads the file, parses it and streams every record as JSON to stdout (discarded); wall time and peak RSS from \`/usr/bin/time -v\`; median (fastest-slowest) of ${runs} runs. citation-js 0.8.2 is told the input is RIS (\`plugins.input.chain(text, { forceType: '@ris/file' })\`).`,
    '',
    '| parser | records | file (MB) | wall time (s) | peak RSS (MB) | records out |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.flatMap((r) => [
      row(
        `ReviewBench \`readRis\` (esbuild bundle) | ${r.count} | ${r.input.sizeMb.toFixed(1)}`,
        r.reader,
      ),
      row(
        `\`reviewbench parse --json\` (the CLI) | ${r.count} | ${r.input.sizeMb.toFixed(1)}`,
        r.cli,
      ),
      r.peer
        ? row(`citation-js 0.8.2 (plugin-ris) | ${r.count} | ${r.input.sizeMb.toFixed(1)}`, r.peer)
        : '| citation-js | skipped | | | | |',
    ]),
    '',
    ...results
      .filter((r) => r.peer)
      .map(
        (r) =>
          `${r.count} records: citation-js takes ${(r.peer!.seconds / r.cli.seconds).toFixed(2)}x the CLI's wall time (${(r.peer!.seconds / r.reader.seconds).toFixed(2)}x the reader's alone); the CLI's peak memory is ${(r.cli.maxRssMb / r.peer!.maxRssMb).toFixed(2)}x citation-js's.`,
      ),
    '',
  ];
  writeFileSync(path.join(root, 'bench/RESULTS-formats.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
