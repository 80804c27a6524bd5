import type { Clock } from '#core/ports';

/** A clock stopped at one instant, for exact timestamps in tests. */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}
