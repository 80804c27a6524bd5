import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Where `npm run build` writes the web app. */
export const WEB_DIST = join(process.cwd(), 'web/dist');

/** The budget for JavaScript a first visit downloads, gzipped (from the web workbench issue). */
export const INITIAL_JS_BUDGET = 300 * 1024;

export interface InitialBundleResult {
  files: { file: string; bytes: number; gzipped: number }[];
  bytes: number;
  gzipped: number;
}

/**
 * Measures the JavaScript a first visit loads: the entry script of web/dist/index.html and the
 * chunks it preloads. Lazily loaded stage screens are not counted (they load on first use).
 */
export function measureInitialBundle(dist = WEB_DIST): InitialBundleResult | undefined {
  const indexPath = join(dist, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const html = readFileSync(indexPath, 'utf8');
  const urls = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((m) => m[1] as string);
  const files = [...new Set(urls)].map((url) => {
    const bytes = readFileSync(join(dist, url.replace(/^\//, '')));
    return { file: url, bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    files,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    gzipped: files.reduce((sum, f) => sum + f.gzipped, 0),
  };
}
