/**
 * Median time to draw the PRISMA flow diagram as SVG, PNG and PDF for three review shapes, each
 * end to end from the counts to the bytes as the CLI calls it. Writes the images to bench/out/
 * (to look at) and the numbers to bench/RESULTS-report.md.
 * Run: npx tsx bench/prisma-render.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  PRISMA_SMALL_EXAMPLE,
  PRISMA_UPDATED_EXAMPLE,
  PRISMA_WORKED_EXAMPLE,
  renderPrismaSvg,
} from '#core/report/index';
import type { PrismaCounts, PrismaDiagramOptions } from '#core/report/index';
import { renderPrismaPdf, renderPrismaPng } from '#engine/report/render';

const RUNS = 25;
const COLD_RUNS = 5;
const cases: [string, PrismaCounts, PrismaDiagramOptions][] = [
  ['small (scoping, 1 database)', PRISMA_SMALL_EXAMPLE, { reviewType: 'scoping' }],
  ['typical (METHODS 1.2 worked example)', PRISMA_WORKED_EXAMPLE, {}],
  ['updated (5 databases, 2 registers, other methods)', PRISMA_UPDATED_EXAMPLE, {}],
];
const files = ['prisma-small', 'prisma-typical', 'prisma-updated'];

// `--first-call <case>`: time one PNG in this fresh process (fonts unread, code not yet
// optimised), as a one-shot `reviewbench prisma --format png` pays it.
const firstCall = process.argv.indexOf('--first-call');
if (firstCall >= 0) {
  const [, counts, options] = cases[Number(process.argv[firstCall + 1])] ?? [];
  const start = performance.now();
  renderPrismaPng(counts ?? {}, options);
  process.stdout.write(String(performance.now() - start));
  process.exit(0);
}

async function median(fn: () => unknown): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

function medianFirstCall(index: number): number {
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--first-call', String(index)],
      { encoding: 'utf8' },
    );
    times.push(Number(child.stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

mkdirSync(new URL('out/', import.meta.url), { recursive: true });
const load = loadavg()[0]?.toFixed(1);
const rows: string[] = [];
for (const [i, [name, counts, options]] of cases.entries()) {
  const svg = renderPrismaSvg(counts, options);
  const png = renderPrismaPng(counts, options);
  const pdf = await renderPrismaPdf(counts, options);
  const base = new URL(`out/${files[i]}`, import.meta.url);
  writeFileSync(`${base.pathname}.svg`, svg);
  writeFileSync(`${base.pathname}.png`, png);
  writeFileSync(`${base.pathname}.pdf`, pdf);
  const tSvg = await median(() => renderPrismaSvg(counts, options));
  const tPng = await median(() => renderPrismaPng(counts, options));
  const tPng1 = await median(() => renderPrismaPng(counts, { ...options, zoom: 1 }));
  const tFirst = medianFirstCall(i);
  const tPdf = await median(() => renderPrismaPdf(counts, options));
  rows.push(
    `| ${name} | ${tSvg.toFixed(2)} | ${tPng.toFixed(1)} | ${tPng1.toFixed(1)} | ${tFirst.toFixed(1)} | ${tPdf.toFixed(1)} | ${(png.length / 1024).toFixed(0)} KiB | ${(pdf.length / 1024).toFixed(0)} KiB |`,
  );
  console.log(rows[rows.length - 1]);
}

const report = `## Report: PRISMA flow diagram rendering (bench/prisma-render.ts)

Median of ${RUNS} runs after one warm-up, Node ${process.version}, ${cpus().length} cores shared with
other engineers' jobs while measured (load average at start: ${load}; expect noise). Every time is
end to end from the counts. PNG = \`renderPrismaPng(counts)\`: the diagram's SVG rendered by resvg
(@resvg/resvg-js) with the DejaVu Sans files shipped in dejavu-fonts-ttf, as the CLI and the
server call it; "first call" = the same in a fresh process (median of ${COLD_RUNS}), what one
\`reviewbench prisma --format png\` pays. PDF = pdfkit drawing the same layout, fonts embedded
(subset). Issue 14 replaced the hand-written TrueType reader and rasteriser with resvg: a PNG
in ~200 ms is fine for a download.

| case | SVG (ms) | PNG zoom 2 (ms) | PNG zoom 1 (ms) | PNG zoom 2, first call (ms) | PDF (ms) | PNG size (zoom 2) | PDF size |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Images: bench/out/prisma-{small,typical,updated}.{svg,png,pdf}.
`;
writeFileSync(new URL('RESULTS-report.md', import.meta.url), report);
console.log(report);
