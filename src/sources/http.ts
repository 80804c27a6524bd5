import { DomainError } from '#core/errors';
import type { SourceConfig } from './types';

/** Waits `ms`, rejecting early when `signal` aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Spaces requests at least `1000 / requestsPerSecond` ms apart. */
export class RateLimiter {
  private next = 0;
  private readonly interval: number;

  constructor(
    requestsPerSecond: number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {
    this.interval = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
  }

  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at > now) await this.sleep(at - now, signal);
  }
}

/** Hides API keys in URLs that go into error messages. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:api_key|apikey|key)=)[^&]*/gi, '$1***');
}

/** Seconds or an HTTP date, as RFC 9110 allows for Retry-After; undefined when absent/bad. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface HttpClient {
  /** GETs `url` and returns the body text, retrying 429/5xx/network errors. */
  getText(url: string, signal?: AbortSignal): Promise<string>;
}

const RETRYABLE = (status: number): boolean => status === 429 || status >= 500;

/** Builds the shared fetch/retry/rate-limit layer from a source config. */
export function createHttpClient(
  config: SourceConfig,
  defaultRequestsPerSecond: number,
): HttpClient {
  const sleep = config.sleep ?? sleepFor;
  const doFetch = config.fetch ?? fetch;
  const maxAttempts = Math.max(1, config.maxAttempts ?? 5);
  const initialMs = config.backoff?.initialMs ?? 500;
  const maxMs = config.backoff?.maxMs ?? 30_000;
  const factor = config.backoff?.factor ?? 2;
  const limiter = new RateLimiter(config.requestsPerSecond ?? defaultRequestsPerSecond, sleep);

  return {
    async getText(url, signal) {
      let lastProblem = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        await limiter.wait(signal);
        let delay = Math.min(maxMs, initialMs * factor ** (attempt - 1));
        try {
          const response = await doFetch(url, { signal, headers: { accept: '*/*' } });
          const body = await response.text();
          if (response.ok) return body;
          lastProblem = `HTTP ${response.status}`;
          if (!RETRYABLE(response.status)) {
            throw new DomainError(
              'source/http-error',
              `GET ${redactUrl(url)} failed: HTTP ${response.status} ${body.slice(0, 200)}`.trim(),
              { url: redactUrl(url), status: response.status },
            );
          }
          delay = parseRetryAfter(response.headers.get('retry-after')) ?? delay;
        } catch (error) {
          if (error instanceof DomainError || signal?.aborted) throw error;
          lastProblem = `network error: ${(error as Error).message}`;
        }
        if (attempt < maxAttempts) await sleep(delay, signal);
      }
      throw new DomainError(
        'source/gave-up',
        `GET ${redactUrl(url)} failed after ${maxAttempts} attempts (last: ${lastProblem}).`,
        { url: redactUrl(url), attempts: maxAttempts, last: lastProblem },
      );
    },
  };
}

/** Parses JSON or throws a `source/malformed-response` naming the URL. */
export function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed(url, `the body is not JSON (starts "${text.slice(0, 60)}")`);
  }
}

/** The error every client throws for a response it cannot read. */
export function malformed(url: string, what: string): DomainError {
  return new DomainError(
    'source/malformed-response',
    `Malformed response from ${redactUrl(url)}: ${what}.`,
    {
      url: redactUrl(url),
    },
  );
}

/** Builds `base/path?params`, skipping undefined params. */
export function buildUrl(
  base: string,
  path: string,
  params: Record<string, string | number | undefined>,
): string {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}
