import { existsSync, statSync } from 'node:fs';
import { DomainError } from '#core/errors';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root (holds package.json and samples/), from src/ or dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'samples'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/**
 * Checks that every path names a readable file before any is used, so a typo in the third
 * of five exports is reported before the first two are imported.
 */
export function requireFiles(paths: readonly string[]): void {
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new DomainError('usage', `There is no file at ${path}; nothing was imported.`);
    }
    if (stats.isDirectory())
      throw new DomainError(
        'usage',
        `${path} is a directory; name the export files in it instead (for example ${path.replace(/\/$/, '')}/*.ris). Nothing was imported.`,
      );
  }
}
