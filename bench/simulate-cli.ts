// Benchmark: `reviewbench simulate` as a whole process (read CSV, TF-IDF, retrain after every
// label, metrics, JSON out) on the DEV sets with ASReview's priors, next to ASReview's own
// whole-run seconds from ../shared/docs/ASREVIEW_BASELINE.md. Run: npx tsx bench/simulate-cli.ts
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const data = path.resolve(process.cwd(), '../shared/data/asreview-systematic-review-datasets');
const preset = process.env.PRESET ?? 'rb_default';
// Priors (included, excluded) and ASReview ELAS u4 seconds per seed, from ASREVIEW_BASELINE.md.
const SETS: Record<string, [number, number, number][]> = {
  Cohen_2006_ACEInhibitors: [
    [857, 2369, 51.3],
    [139, 382, 45.6],
    [1372, 2468, 47.0],
    [1372, 1256, 47.0],
    [2448, 1056, 53.0],
  ],
  Nagtegaal_2019: [
    [287, 1232, 19.6],
    [81, 200, 21.9],
    [575, 1280, 27.3],
    [575, 656, 20.0],
    [1532, 553, 19.8],
  ],
  Kitchenham_2010: [
    [8, 1210, 13.6],
    [3, 232, 13.7],
    [15, 1258, 14.8],
    [15, 666, 14.2],
    [39, 568, 14.4],
  ],
};

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows: string[] = [];
spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed', '--cli-only'], {
  stdio: 'inherit',
});
for (const [set, runs] of Object.entries(SETS)) {
  const ours: number[] = [];
  const theirs: number[] = [];
  runs.forEach(([inc, exc, asreview], index) => {
    const started = process.hrtime.bigint();
    const child = spawnSync(
      process.execPath,
      [
        'dist/cli.mjs',
        'simulate',
        path.join(data, `${set}.csv`),
        '--model',
        preset,
        '--prior-included',
        String(inc),
        '--prior-excluded',
        String(exc),
        '--seed',
        String(index + 1),
        '--json',
      ],
      { maxBuffer: 1 << 26 },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) throw new Error(child.stderr.toString());
    const metrics = (
      JSON.parse(child.stdout.toString()) as { metrics: { wss95: number; loss: number } }
    ).metrics;
    ours.push(seconds);
    theirs.push(asreview);
    rows.push(
      `| ${set} | ${index + 1} | ${inc}, ${exc} | ${metrics.wss95.toFixed(3)} | ${metrics.loss.toFixed(4)} | ${seconds.toFixed(2)} | ${asreview.toFixed(1)} | ${(asreview / seconds).toFixed(1)}x |`,
    );
    console.log(rows.at(-1));
  });
  rows.push(
    `| **${set} median** | | | | | **${median(ours).toFixed(2)}** | **${median(theirs).toFixed(1)}** | **${(median(theirs) / median(ours)).toFixed(1)}x** |`,
  );
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const text = [
  '## Simulation as a whole process vs ASReview (bench/simulate-cli.ts)',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Node ${process.version}, load average at the end ${load}. Each row is one \`reviewbench simulate DATASET --model ${preset} --prior-included I --prior-excluded J --seed S --json\` process (CSV read, TF-IDF, a retrain after every label until the last relevant record, metrics), timed from spawn to exit. ASReview seconds are its own CLI runs of ELAS u4 with the same priors (ASREVIEW_BASELINE.md; those ran two at a time, solo runs were 2-26% faster). Target: at least 5x faster (ACE under 10 s).`,
  '',
  '| set | seed | priors | WSS@95 | loss | ReviewBench s | ASReview s | speed-up |',
  '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
].join('\n');
writeFileSync('bench/RESULTS-simulate-cli.md', text);
console.log(text);
