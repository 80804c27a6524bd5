import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared corpus sits beside the project: `<project>/../shared/data`. */
const CORPUS_ROOT = path.resolve(process.cwd(), '../shared/data');

/** One row of MANIFEST.tsv: a corpus file, its format id (or `gold` / `-`) and record count. */
export interface ManifestRow {
  path: string;
  format: string;
  records: number;
  notes: string;
}

/** Absolute path of a corpus file given its path relative to the corpus root. */
export function corpusPath(rel: string): string {
  return path.join(CORPUS_ROOT, rel);
}

/** True when the corpus is present (tests skip otherwise). */
export function corpusAvailable(): boolean {
  return existsSync(path.join(CORPUS_ROOT, 'MANIFEST.tsv'));
}

/** Rows of MANIFEST.tsv (empty when the corpus is absent). */
export function readManifest(): ManifestRow[] {
  if (!corpusAvailable()) return [];
  const lines = readFileSync(path.join(CORPUS_ROOT, 'MANIFEST.tsv'), 'utf8')
    .split(/\r?\n/)
    .slice(1);
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [rel = '', format = '', records = '0', notes = ''] = line.split('\t');
      return { path: rel, format, records: Number(records), notes };
    });
}
