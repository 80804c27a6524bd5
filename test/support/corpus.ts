import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared corpus of real exports beside the project (never copied into it). */
export const CORPUS_DIR = resolve(process.cwd(), '../shared/data');

/** Absolute path of a corpus file. */
export function corpusFile(relative: string): string {
  return resolve(CORPUS_DIR, relative);
}

/** Why corpus suites skip, or undefined when every named file is present. */
export function corpusSkipReason(...files: string[]): string | undefined {
  const missing = files.filter((f) => !existsSync(corpusFile(f)));
  return missing.length === 0
    ? undefined
    : `corpus suites skipped: ../shared/data lacks ${missing.join(', ')}`;
}
