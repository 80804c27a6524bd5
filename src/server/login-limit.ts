import type { Clock } from '#core/ports';

export interface LoginLimiterOptions {
  /** Failures allowed per email and address within the window (default 5). */
  maxFailures?: number;
  /** Window in milliseconds (default 15 minutes). */
  windowMs?: number;
  clock: Clock;
}

/** Counts failed sign-ins per email + client address; in memory, so per server process. */
export interface LoginLimiter {
  /** True when this email + address has used up its failures. */
  blocked(key: string): boolean;
  recordFailure(key: string): void;
  /** A successful sign-in clears the count. */
  reset(key: string): void;
}

/** Builds a sliding-window limiter of failed sign-ins (5 per 15 minutes by default). */
export function createLoginLimiter(options: LoginLimiterOptions): LoginLimiter {
  const max = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const failures = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const since = options.clock.now().getTime() - windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length > 0) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    blocked: (key) => recent(key).length >= max,
    recordFailure(key) {
      const kept = recent(key);
      kept.push(options.clock.now().getTime());
      failures.set(key, kept);
      // A flood of distinct keys must not grow memory without bound.
      if (failures.size > 50_000) failures.delete(failures.keys().next().value!);
    },
    reset: (key) => void failures.delete(key),
  };
}
