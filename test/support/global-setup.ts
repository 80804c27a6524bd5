import { execFileSync } from 'node:child_process';

/**
 * Bundles the CLI once before the suite, so CLI tests run the real `dist/cli.mjs`.
 * `REVIEWBENCH_SKIP_BUILD=1` skips it while working on one folder.
 */
export default function setup(): void {
  if (process.env.REVIEWBENCH_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-needed', '--cli-only'], {
    stdio: 'inherit',
  });
}
