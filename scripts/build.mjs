// Bundles the CLI (and its worker entry points) with esbuild into dist/, then the web app with
// Vite into web/dist/. `--if-needed` skips each half whose output is newer than its sources;
// `--cli-only` skips the web app (the unit-test setup needs only the CLI).
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Paths below are relative to the project root, wherever the script is run from.
process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));

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
const cliFresh = ifNeeded && existsSync(output) && statSync(output).mtimeMs > newestMtime('src');

const entries = Object.fromEntries(
  Object.entries(entryPoints).filter(([, file]) => existsSync(file)),
);
if (!cliFresh) {
  // Chunks are named by content hash: those of earlier builds would pile up beside the new ones.
  rmSync('dist/chunks', { recursive: true, force: true });
  await build({
    absWorkingDir: process.cwd(),
    entryPoints: entries,
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Dynamic imports (the server, PNG/PDF rendering) become chunks loaded on demand.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    tsconfig: 'tsconfig.json',
  });
}

// The web app imports browser-safe parts of src/core, so core changes rebuild it too.
const webOutput = 'web/dist/index.html';
const webSources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/core'];
const newestWeb = () =>
  Math.max(
    ...webSources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)),
  );
const webFresh = ifNeeded && existsSync(webOutput) && statSync(webOutput).mtimeMs > newestWeb();
if (!cliOnly && existsSync('web/vite.config.ts') && !webFresh) {
  const { build: buildWeb } = await import('vite');
  await buildWeb({ configFile: 'web/vite.config.ts', logLevel: 'warn' });
}
