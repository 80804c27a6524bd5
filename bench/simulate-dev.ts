// Simulates screening on the three DEV sets with the five ASReview priors per set and
// compares with ASReview's own runs (docs ASREVIEW_BASELINE.md).
//   npx tsx bench/simulate-dev.ts rb_default elas_u4   -> bench/out/simulate-<preset>.json
//   npx tsx bench/simulate-dev.ts --report             -> bench/RESULTS-screen.md
//   npx tsx bench/simulate-dev.ts --one Cohen_2006_ACEInhibitors 1 rb_default
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { getPreset, simulate, type SimulationMetrics } from '#core/screen/learning/index';
import { DEV_SETS, loadDevSet } from './dev-sets';

interface Run {
  set: string;
  seed: number;
  priors: [number, number];
  preset: string;
  metrics: SimulationMetrics;
  seconds: number;
  cpuSeconds: number;
}

const outDir = new URL('./out/', import.meta.url);
const args = process.argv.slice(2);

function runPreset(name: string): void {
  const preset = getPreset(name);
  const runs: Run[] = [];
  for (const set of DEV_SETS) {
    const data = loadDevSet(set.name);
    set.priors.forEach(([inc, exc], i) => {
      const cpu = process.cpuUsage();
      const result = simulate({
        texts: data.texts,
        labels: data.labels,
        priorIncluded: [inc],
        priorExcluded: [exc],
        preset,
        seed: i + 1,
      });
      const used = process.cpuUsage(cpu);
      const run: Run = {
        set: set.name,
        seed: i + 1,
        priors: [inc, exc],
        preset: name,
        metrics: result.metrics,
        seconds: result.seconds,
        cpuSeconds: (used.user + used.system) / 1e6,
      };
      runs.push(run);
      console.log(JSON.stringify(run));
    });
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(new URL(`simulate-${name}.json`, outDir), JSON.stringify(runs, null, 1));
}

const f3 = (v: number) => v.toFixed(3);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function report(): void {
  const runs: Run[] = readdirSync(outDir)
    .filter((file) => file.startsWith('simulate-') && file.endsWith('.json'))
    .flatMap((file) => JSON.parse(readFileSync(new URL(file, outDir), 'utf8')) as Run[]);
  const presets = [...new Set(runs.map((r) => r.preset))];
  const lines: string[] = [
    '# Screening benchmarks (src/core/screen/learning)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on a shared machine: ${cpus().length} cores, other`,
    'engineers building and testing at the same time (load average 3-8 during the runs), so the',
    'seconds are pessimistic; `cpu s` is the CPU time of the run. Each run is one `simulate()` call:',
    'TF-IDF on all records, a retrain after every label, until the last relevant record is found.',
    'Metrics are asreview-insights definitions with the 2 priors excluded (METHODS.md 5.1).',
    'Reproduce: `npx tsx bench/simulate-dev.ts rb_default elas_u4 && npx tsx bench/simulate-dev.ts --report`.',
    '',
  ];
  for (const set of DEV_SETS) {
    lines.push(`## ${set.name}`, '');
    lines.push(
      '| seed | priors (inc, exc) | preset | WSS@95 | WSS@100 | RRF@10 | ERF@10 | loss | ATD | seconds | cpu s |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const preset of presets) {
      for (const r of runs.filter((x) => x.set === set.name && x.preset === preset)) {
        const m = r.metrics;
        lines.push(
          `| ${r.seed} | ${r.priors.join(', ')} | ${preset} | ${f3(m.wss95)} | ${f3(m.wss100)} | ${f3(m.rrf10)} | ${f3(m.erf10)} | ${f3(m.loss)} | ${m.atd.toFixed(1)} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} |`,
        );
      }
    }
    lines.push(
      '',
      '| model | mean WSS@95 | mean WSS@100 | mean RRF@10 | mean loss | mean ATD | mean seconds |',
      '|---|---|---|---|---|---|---|',
    );
    for (const preset of presets) {
      const rs = runs.filter((x) => x.set === set.name && x.preset === preset);
      if (rs.length === 0) continue;
      const m = (k: keyof SimulationMetrics) => mean(rs.map((r) => r.metrics[k]));
      lines.push(
        `| ReviewBench ${preset} | ${f3(m('wss95'))} | ${f3(m('wss100'))} | ${f3(m('rrf10'))} | ${m('loss').toFixed(4)} | ${m('atd').toFixed(1)} | ${mean(rs.map((r) => r.seconds)).toFixed(1)} |`,
      );
    }
    const b = set.baseline;
    lines.push(
      `| ASReview elas_u4 (baseline doc) | ${f3(b.wss95)} | | ${f3(b.rrf10)} | ${f3(b.loss)} | | ${b.seconds.toFixed(1)} |`,
      '',
    );
  }
  const target = new URL('./RESULTS-screen.md', import.meta.url);
  const notesFile = new URL('./RESULTS-screen.notes.md', import.meta.url);
  const notes = existsSync(notesFile) ? readFileSync(notesFile, 'utf8') : '';
  writeFileSync(target, `${lines.join('\n')}\n${notes}`);
  console.log(`wrote ${target.pathname}`);
}

// `--one <set> <seed> <preset>`: a single run, to time the whole process with `time`.
function runOne(setName: string, seed: number, name: string): void {
  const set = DEV_SETS.find((s) => s.name === setName);
  if (!set) throw new Error(`Unknown DEV set ${setName}`);
  const [inc, exc] = set.priors[seed - 1] ?? [];
  const data = loadDevSet(set.name);
  const result = simulate({
    texts: data.texts,
    labels: data.labels,
    priorIncluded: [inc as number],
    priorExcluded: [exc as number],
    preset: getPreset(name),
    seed,
  });
  console.log(
    JSON.stringify({
      set: setName,
      seed,
      preset: name,
      ...result.metrics,
      seconds: result.seconds,
    }),
  );
}

if (args[0] === '--one') runOne(args[1] ?? '', Number(args[2] ?? 1), args[3] ?? 'rb_default');
else if (args.includes('--report')) report();
else for (const name of args.length > 0 ? args : ['rb_default', 'elas_u4']) runPreset(name);
