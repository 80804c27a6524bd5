import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '#core/errors';
import type { Clock } from '#core/ports';

/**
 * What one request may cost the server, so one caller (a slip, a script, an attacker) cannot
 * take it from everyone else: body sizes per kind of route, and requests per client address.
 */
export interface ServerLimits {
  /** A JSON call's body (default 1 MiB; REVIEWBENCH_MAX_JSON_KB). */
  jsonBytes: number;
  /** A sign-in, sign-up or other account call's body (default 64 KiB). */
  authBytes: number;
  /** One upload request, every file in it (default 200 MiB; REVIEWBENCH_MAX_UPLOAD_MB). */
  uploadBytes: number;
  /**
   * API requests per client address per minute (default 6,000; REVIEWBENCH_RATE_LIMIT; 0 turns
   * it off). A team behind one NAT address shares it: 50 people screening at a brisk pace make
   * about 6,000 a minute.
   */
  requestsPerMinute: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** A positive number from the environment, or the default; a bad value is refused, not ignored. */
function fromEnv(name: string, fallback: number, unit: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new DomainError('usage', `${name} must be a number of at least 0, got "${raw}".`);
  return Math.round(value * unit);
}

/** The limits from the options, else the environment, else the defaults. */
export function resolveLimits(given: Partial<ServerLimits> = {}): ServerLimits {
  return {
    jsonBytes: given.jsonBytes ?? fromEnv('REVIEWBENCH_MAX_JSON_KB', MIB, KIB),
    authBytes: given.authBytes ?? 64 * KIB,
    uploadBytes: given.uploadBytes ?? fromEnv('REVIEWBENCH_MAX_UPLOAD_MB', 200 * MIB, MIB),
    requestsPerMinute: given.requestsPerMinute ?? fromEnv('REVIEWBENCH_RATE_LIMIT', 6000, 1),
  };
}

/** Bytes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${Math.round((bytes / MIB) * 10) / 10} MiB`;
  if (bytes >= KIB) return `${Math.round(bytes / KIB)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Refuses a body over `maxBytes` with 413 and a sentence, before it is read whole: a declared
 * length over the limit is refused at once, an undeclared one once the count passes it.
 */
export function limitBody(maxBytes: number, what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new DomainError(
        'http/too-large',
        `${what} may be at most ${formatBytes(maxBytes)}; this one is larger.`,
      );
    },
  });
}

/**
 * Requests per client address, as a token bucket: `perMinute` on average, bursts of up to a
 * tenth of a minute's worth. In memory, so per server process.
 */
export function limitRate(
  perMinute: number,
  clock: Clock,
  addressOf: (c: Context) => string,
): MiddlewareHandler {
  const capacity = Math.max(10, Math.ceil(perMinute / 10));
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    if (perMinute <= 0) return next();
    const key = addressOf(c);
    const now = clock.now().getTime();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      const wait = Math.ceil((1 - bucket.tokens) / perMs / 1000);
      c.header('Retry-After', String(wait));
      throw new DomainError(
        'http/rate-limited',
        `Too many requests from this address; try again in ${wait} s.`,
      );
    }
    bucket.tokens -= 1;
    buckets.delete(key);
    buckets.set(key, bucket);
    // A flood of distinct addresses must not grow memory without bound: drop the stalest.
    if (buckets.size > 50_000) buckets.delete(buckets.keys().next().value!);
    return next();
  };
}

/** Loopback names a browser may use for a server bound to one of them. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The `Host` values the server answers: its origins' hosts, and for a loopback origin every
 * loopback name on the same port. A request naming another host (DNS rebinding: a page on
 * evil.example resolving to 127.0.0.1) is refused.
 */
export function allowedHosts(origins: readonly string[]): Set<string> {
  const hosts = new Set<string>();
  for (const origin of origins) {
    const url = new URL(origin);
    hosts.add(url.host);
    if (LOOPBACK.has(url.hostname))
      for (const name of LOOPBACK) hosts.add(url.port ? `${name}:${url.port}` : name);
  }
  return hosts;
}

/** Refuses requests whose `Host` is not one of `hosts`. */
export function checkHost(hosts: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? new URL(c.req.url).host).toLowerCase();
    if (!hosts.has(host))
      throw new DomainError(
        'http/wrong-host',
        `This server answers for ${[...hosts][0] ?? 'its own origin'}, not "${host}". Behind a proxy, start it with --origin <public origin>.`,
      );
    return next();
  };
}
