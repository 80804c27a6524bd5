/**
 * Median time to draw the PRISMA flow diagram as SVG, PNG and PDF for three review shapes.
 * Writes the images to bench/out/ (to look at) and the numbers to bench/RESULTS-report.md.
 * Run: npx tsx bench/prisma-render.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  PRISMA_SMALL_EXAMPLE,
  PRISMA_UPDATED_EXAMPLE,
  PRISMA_WORKED_EXAMPLE,
  renderPrismaSvg,
} from '#core/report/index';
import type { PrismaCounts, PrismaDiagramOptions } from '#core/report/index';
import { renderPrismaPdf, renderPrismaPng } from '#engine/report/render';

const RUNS = 25;
const cases: [string, PrismaCounts, PrismaDiagramOptions][] = [
  ['small (scoping, 1 database)', PRISMA_SMALL_EXAMPLE, { reviewType: 'scoping' }],
  ['typical (METHODS 1.2 worked example)', PRISMA_WORKED_EXAMPLE, {}],
  ['updated (5 databases, 2 registers, other methods)', PRISMA_UPDATED_EXAMPLE, {}],
];
const files = ['prisma-small', 'prisma-typical', 'prisma-updated'];

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

mkdirSync(new URL('out/', import.meta.url), { recursive: true });
const rows: string[] = [];
for (const [i, [name, counts, options]] of cases.entries()) {
  const svg = renderPrismaSvg(counts, options);
  const png = renderPrismaPng(svg);
  const pdf = await renderPrismaPdf(counts, options);
  const base = new URL(`out/${files[i]}`, import.meta.url);
  writeFileSync(`${base.pathname}.svg`, svg);
  writeFileSync(`${base.pathname}.png`, png);
  writeFileSync(`${base.pathname}.pdf`, pdf);
  const tSvg = await median(() => renderPrismaSvg(counts, options));
  const tPng = await median(() => renderPrismaPng(renderPrismaSvg(counts, options)));
  const tPng1 = await median(() => renderPrismaPng(renderPrismaSvg(counts, options), { zoom: 1 }));
  const tPdf = await median(() => renderPrismaPdf(counts, options));
  rows.push(
    `| ${name} | ${tSvg.toFixed(2)} | ${tPng.toFixed(1)} | ${tPng1.toFixed(1)} | ${tPdf.toFixed(1)} | ${(png.length / 1024).toFixed(0)} KiB | ${(pdf.length / 1024).toFixed(0)} KiB |`,
  );
  console.log(rows[rows.length - 1]);
}

const report = `## Report: PRISMA flow diagram rendering (bench/prisma-render.ts)

Median of ${RUNS} runs after one warm-up, Node ${process.version}, ${cpus().length} cores shared with
other engineers' jobs while measured (load average at start: ${loadavg()[0]?.toFixed(1)}; expect noise). PNG = SVG + resvg at zoom 2 with the pinned
DejaVu Sans files (no system fonts); PDF = pdfkit drawing the same layout, fonts embedded
(subset). Target: < 100 ms per diagram.

| case | SVG (ms) | SVG + PNG zoom 2 (ms) | SVG + PNG zoom 1 (ms) | PDF (ms) | PNG size (zoom 2) | PDF size |
|---|---|---|---|---|---|---|
${rows.join('\n')}

Images: bench/out/prisma-{small,typical,updated}.{svg,png,pdf}.
`;
writeFileSync(new URL('RESULTS-report.md', import.meta.url), report);
console.log(report);
