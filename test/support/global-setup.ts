import { execFileSync } from 'node:child_process';

/** Bundles the CLI once before the suite, so CLI tests run the real `dist/cli.mjs`. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-needed', '--cli-only'], { stdio: 'inherit' });
}
