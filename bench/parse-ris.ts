// Benchmark: RIS parsing of a 100,000-record file, ReviewBench's reader vs citation-js.
// Builds bench/out/ris-100k.ris by repeating real records from ../shared/data, bundles the
// child script with esbuild, then times whole `node` processes (wall clock and peak RSS via
// /usr/bin/time -v when present), median of 3 runs each. Run: npx tsx bench/parse-ris.ts
// citation-js grows much worse than linearly (5,000 records took ~585 s here), so it runs on
// a smaller file (COMPARE_RECORDS) where ours runs too, for a like-for-like ratio.
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
}

function runOnce(script: string, input: string): RunResult {
  const hasTime = existsSync('/usr/bin/time');
  const command = hasTime ? '/usr/bin/time' : process.execPath;
  const args = hasTime
    ? ['-v', process.execPath, '--max-old-space-size=8192', script, input]
    : ['--max-old-space-size=8192', script, input];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stderr = child.stderr.toString();
  if (child.status !== 0)
    throw new Error(`${script} failed (${child.status}):\n${stderr.slice(-2000)}`);
  const report = JSON.parse(stderr.split('\n').find((l) => l.startsWith('{')) ?? '{}') as {
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
  const results: RunResult[] = [];
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
  };
}

async function prepareInput(count: number): Promise<{ file: string; sizeMb: number }> {
  const file = path.join(outDir, `ris-${count}.ris`);
  if (!existsSync(file)) await writeRisCorpusFile(file, count);
  return { file, sizeMb: statSync(file).size / 1024 / 1024 };
}

function row(label: string, result: RunResult): string {
  return `| ${label} | ${result.seconds.toFixed(2)} | ${result.maxRssMb.toFixed(0)} | ${result.records} |`;
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
  const oursBig = measure(`reviewbench ${target}`, ours, big.file);
  const oursSmall = measure(`reviewbench ${compareTarget}`, ours, small.file);
  const theirs =
    process.env.SKIP_CITATIONJS === '1'
      ? undefined
      : measure(
          `citation-js ${compareTarget}`,
          path.join(root, 'bench/parse-ris-citationjs.mjs'),
          small.file,
        );
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  const lines = [
    '## Formats: RIS parsing (bench/parse-ris.ts)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${cpu}), shared with other engineers' jobs at the time; Node ${process.version}.`,
    `Inputs: RIS files built by repeating real records from citesource/valid_data/*.ris and revtools/restoration_scopus.ris.`,
    `Each run is a whole \`node\` process that reads the file, parses it and streams every record as JSON to stdout (discarded); wall time and peak RSS from \`/usr/bin/time -v\`; median of ${runs} runs.`,
    '',
    '| parser | records | file (MB) | wall time (s) | peak RSS (MB) | records out |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row(`ReviewBench \`readRis\` (esbuild bundle) | ${target} | ${big.sizeMb.toFixed(1)}`, oursBig),
    row(
      `ReviewBench \`readRis\` (esbuild bundle) | ${compareTarget} | ${small.sizeMb.toFixed(1)}`,
      oursSmall,
    ),
    theirs
      ? row(
          `citation-js 0.8.2 (\`new Cite(text)\`, plugin-ris) | ${compareTarget} | ${small.sizeMb.toFixed(1)}`,
          theirs,
        )
      : '| citation-js | skipped | | | | |',
    '',
    theirs
      ? `Same input (${compareTarget} records): ReviewBench is ${(theirs.seconds / oursSmall.seconds).toFixed(1)}x faster in wall time (process start included) and uses ${(theirs.maxRssMb / oursSmall.maxRssMb).toFixed(1)}x less peak memory. citation-js was not run on ${target} records: a single exploratory run on 5,000 records (13.3 MB) took 585 s and 429 MB here, and its time grows faster than linearly. Targets: >= 10x faster, < 1 GB peak for 100k records.`
      : '',
    '',
  ];
  writeFileSync(path.join(root, 'bench/RESULTS-formats.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
