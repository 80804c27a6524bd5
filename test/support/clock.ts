import type { Clock } from '#core/ports';

/** A clock stopped at one instant, for exact timestamps in tests. */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

/** A stopped clock the test moves forward (expiry, rate windows). */
export interface MovableClock extends Clock {
  advance(days: number): void;
}

export function movableClock(iso: string): MovableClock {
  let at = new Date(iso).getTime();
  return {
    now: () => new Date(at),
    advance: (days) => {
      at += days * 86_400_000;
    },
  };
}
