// Hash routing: `reviewbench serve` only has to serve index.html at `/`, and a reload keeps the
// screen. Paths look like `#/reviews/3/screen`.
import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const readHash = (): string => window.location.hash.replace(/^#/, '') || '/';

/** The current route as path segments: `#/reviews/3/screen` -> ['reviews', '3', 'screen']. */
export function useRoute(): string[] {
  const hash = useSyncExternalStore(subscribe, readHash, () => '/');
  return hash.split('/').filter(Boolean);
}

/** The href of an in-app path. */
export function hrefTo(path: string): string {
  return `#${path}`;
}

/** Moves to an in-app path. */
export function navigate(path: string): void {
  window.location.hash = path;
}
