// Builds the web app and reports the initial JavaScript a first visit downloads, gzipped, into
// bench/RESULTS-web.md. Run: npx tsx bench/web-bundle.ts
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { INITIAL_JS_BUDGET, WEB_DIST, measureInitialBundle } from '#test/e2e/bundle-size';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const started = performance.now();
await build({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
const buildSeconds = (performance.now() - started) / 1000;

const initial = measureInitialBundle();
if (!initial) throw new Error('web/dist/index.html was not built');
const assets = readdirSync(join(WEB_DIST, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => {
    const path = join(WEB_DIST, 'assets', f);
    return {
      file: f,
      bytes: statSync(path).size,
      gzipped: gzipSync(readFileSync(path), { level: 9 }).length,
    };
  });
const lazy = assets.filter((a) => !initial.files.some((i) => i.file.endsWith(a.file)));

const report = `## Web bundle (bench/web-bundle.ts)

Measured ${new Date().toISOString().slice(0, 10)} on the shared 2-core machine (other engineers were
building and testing at the same time, so the build time is only indicative).

- Vite production build: ${buildSeconds.toFixed(1)} s.
- **Initial JavaScript (entry + preloaded chunks): ${kb(initial.bytes)} raw, ${kb(initial.gzipped)} gzipped** (gzip -9), budget ${kb(INITIAL_JS_BUDGET)} gzipped.

| initial file | raw | gzipped |
| --- | ---: | ---: |
${initial.files.map((f) => `| ${f.file} | ${kb(f.bytes)} | ${kb(f.gzipped)} |`).join('\n')}

Stage screens load on first visit (React.lazy):

| lazy chunk | raw | gzipped |
| --- | ---: | ---: |
${lazy.map((f) => `| ${f.file} | ${kb(f.bytes)} | ${kb(f.gzipped)} |`).join('\n')}
`;
writeFileSync('bench/RESULTS-web.md', `# Web results\n\n${report}`);
console.log(report);
