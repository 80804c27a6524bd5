// Times translating a 200-line Ovid strategy to every database (target < 50 ms per database).
// Run: npx tsx bench/translate.ts  — writes bench/RESULTS-identify.md.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { DATABASE_IDS, translateStrategy } from '#core/identify/index';

const TEMPLATES = [
  'exp Stroke/',
  '(stroke* or cerebrovascular accident* or hemipar* or hemipleg*).ti,ab,kf.',
  '(upper limb* or upper extremit* or arm or arms or hand or hands).ti,ab,kf.',
  '(contralesional or (ipsilateral adj3 (hemisphere* or cortex))).ti,ab,kf.',
  '*Motor Cortex/ or exp Transcranial Magnetic Stimulation/',
  '(TMS or fMRI or colo#r or wom?n or rehabilitat$2).ti,ab.',
];

/** 200 lines: five search lines then one combination of them, repeated. */
function buildStrategy(count: number): string[] {
  const lines: string[] = [];
  for (let n = 1; n <= count; n += 1) {
    const text =
      n % 6 === 0
        ? `or/${n - 5}-${n - 1} not ${n - 3}`
        : (TEMPLATES[n % TEMPLATES.length] as string);
    lines.push(`${n}. ${text}`);
  }
  return lines;
}

const strategy = buildStrategy(200);
const rows: string[] = [];
let worst = 0;
for (const to of DATABASE_IDS) {
  translateStrategy(strategy, { from: 'ovid', to }); // warm-up
  const times: number[] = [];
  for (let run = 0; run < 20; run += 1) {
    const start = performance.now();
    const result = translateStrategy(strategy, { from: 'ovid', to });
    times.push(performance.now() - start);
    if (result.errors.length > 0) throw new Error(`${to}: ${result.errors[0]?.message}`);
  }
  times.sort((a, b) => a - b);
  const median = times[10] as number;
  const max = times[times.length - 1] as number;
  worst = Math.max(worst, median);
  rows.push(`| ${to} | ${median.toFixed(2)} | ${max.toFixed(2)} |`);
}

const report = [
  '## identify: search-strategy translation (bench/translate.ts)',
  '',
  `Translating a 200-line Ovid strategy (parse + render + warnings + combined query), 20 runs after`,
  `a warm-up, on ${cpus().length} cores shared with other engineers' work (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}.`,
  'Target: < 50 ms per database.',
  '',
  '| database | median ms | max ms |',
  '|---|---|---|',
  ...rows,
  '',
  `Worst median: ${worst.toFixed(2)} ms (${worst < 50 ? 'meets' : 'MISSES'} the 50 ms target).`,
  '',
].join('\n');
writeFileSync(new URL('./RESULTS-identify.md', import.meta.url), report);
console.log(report);
