import type { BibRecord, ParseIssue } from '#core/domain/index';

/** The live search clients (`createSource(id, config)`). */
export const SOURCE_IDS = ['pubmed', 'europepmc', 'openalex', 'crossref'] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

/** Delays between retries, injectable so tests run without waiting. */
export interface BackoffConfig {
  /** First retry delay in ms (doubled each attempt by default). */
  initialMs?: number;
  maxMs?: number;
  factor?: number;
}

/** Per-source settings; all optional. Tests point `baseUrl` at 127.0.0.1. */
export interface SourceConfig {
  baseUrl?: string;
  /** NCBI `api_key`, OpenAlex `api_key`. */
  apiKey?: string;
  /** Contact address: NCBI `email`, OpenAlex/Crossref `mailto` (their "polite pool"). */
  email?: string;
  /** NCBI `tool` name. */
  tool?: string;
  /** Requests per second; defaults follow each service's published limit. */
  requestsPerSecond?: number;
  /** Attempts per request before giving up (default 5). */
  maxAttempts?: number;
  backoff?: BackoffConfig;
  /** Records per page/batch. */
  pageSize?: number;
  /** Waits `ms`; replaced in tests. Must reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface SearchProgress {
  fetched: number;
  total: number;
}

export interface SearchOptions {
  /** Stop after this many records. */
  maxRecords?: number;
  onProgress?: (progress: SearchProgress) => void;
  signal?: AbortSignal;
}

/** One page of results, already mapped to records. */
export interface SearchPage {
  records: BibRecord[];
  /** Total hits the service reported for the query. */
  total: number;
  /** Non-fatal problems found while reading the page. */
  issues: ParseIssue[];
}

/**
 * A live search client. `search` yields pages; a malformed response or a request that keeps
 * failing throws a `DomainError` (`source/...`). The engine collects every page before
 * importing them in one transaction, so a failure part-way leaves nothing half-imported.
 */
export interface SearchSource {
  id: SourceId;
  search(query: string, options?: SearchOptions): AsyncIterable<SearchPage>;
}
