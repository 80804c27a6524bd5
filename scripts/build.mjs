// Bundles the CLI (and its worker entry points) with esbuild into dist/.
// `--if-needed` skips the build when dist/ is newer than every source file.
import { build } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const entryPoints = {
  cli: 'src/cli/main.ts',
  'job-worker': 'src/engine/jobs/job-worker.ts',
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const ifNeeded = process.argv.includes('--if-needed');
// `--cli-only` (used by the test suite's global setup) builds the CLI bundle and never the web app.
export const cliOnly = process.argv.includes('--cli-only');
const output = 'dist/cli.mjs';
if (ifNeeded && existsSync(output) && statSync(output).mtimeMs > newestMtime('src')) process.exit(0);

const entries = Object.fromEntries(Object.entries(entryPoints).filter(([, file]) => existsSync(file)));
await build({
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  tsconfig: 'tsconfig.json',
});
