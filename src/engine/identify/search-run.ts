import { createHash } from 'node:crypto';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import { DomainError } from '#core/errors';
import { createSource, SOURCE_IDS } from '#sources/index';
import type { SourceConfig, SourceId } from '#sources/index';
import { findBatch, fromRecordRow, iterateRecords } from '#store/index';
import type { EngineContext } from '#engine/context';
import { nowIso } from '#engine/context';
import { storeBatch } from './import-file';

const DATABASE_NAMES: Record<SourceId, string> = {
  pubmed: 'PubMed',
  europepmc: 'Europe PMC',
  openalex: 'OpenAlex',
  crossref: 'Crossref',
};

export interface RunSearchOptions {
  source: string;
  query: string;
  limits?: string;
  maxRecords?: number;
  config?: SourceConfig;
  onProgress?: (fetched: number, total: number) => void;
}

export interface RunSearchResult {
  batchId?: number;
  source: SourceId;
  database: string;
  query: string;
  /** Hits the database reported. */
  hits: number;
  fetched: number;
  /** Records added: those not already in the review (by DOI, PMID or source id). */
  added: number;
  alreadyInReview: number;
  issues: ParseIssue[];
}

/** Source settings from the environment: API keys and contact address, base URL overrides. */
export function sourceConfigFromEnv(
  source: SourceId,
  env: NodeJS.ProcessEnv = process.env,
): SourceConfig {
  const upper = source.toUpperCase();
  const config: SourceConfig = {};
  const baseUrl = env[`REVIEWBENCH_${upper}_BASE_URL`];
  const apiKey =
    env[`REVIEWBENCH_${upper}_API_KEY`] ?? (source === 'pubmed' ? env.NCBI_API_KEY : undefined);
  const email = env.REVIEWBENCH_EMAIL;
  if (baseUrl) config.baseUrl = baseUrl;
  if (apiKey) config.apiKey = apiKey;
  if (email) config.email = email;
  return config;
}

/**
 * Runs a live search, collects every page, then imports the records not
 * already in the review as one batch (one transaction): a failure on page 7
 * leaves nothing half-imported.
 */
export async function runSearch(
  context: EngineContext,
  reviewId: number,
  options: RunSearchOptions,
): Promise<RunSearchResult> {
  if (!(SOURCE_IDS as readonly string[]).includes(options.source)) {
    throw new DomainError(
      'usage',
      `Unknown search source "${options.source}". Available: ${SOURCE_IDS.join(', ')}`,
    );
  }
  const sourceId = options.source as SourceId;
  const query = options.query.trim();
  if (!query) throw new DomainError('identify/empty-query', 'The search query is empty.');
  const client = createSource(sourceId, { ...sourceConfigFromEnv(sourceId), ...options.config });
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  let hits = 0;
  for await (const page of client.search(query, {
    maxRecords: options.maxRecords,
    onProgress: (p) => options.onProgress?.(p.fetched, p.total),
  })) {
    records.push(...page.records);
    issues.push(...page.issues);
    hits = page.total;
  }
  const known = await knownKeys(context, reviewId);
  const fresh = records.filter((record) => !keysOf(record).some((key) => known.has(key)));
  const searchedOn = nowIso(context).slice(0, 10);
  const database = DATABASE_NAMES[sourceId];
  const base = {
    source: sourceId,
    database,
    query,
    hits,
    fetched: records.length,
    added: 0,
    alreadyInReview: records.length - fresh.length,
    issues,
  };
  if (fresh.length === 0) return base;
  const sha256 = createHash('sha256')
    .update(`${sourceId}\n${query}\n${searchedOn}\n`)
    .update(fresh.map((r) => r.raw).join('\n'))
    .digest('hex');
  const batchId = await storeBatch(context, reviewId, {
    fileName: `${sourceId}-search-${searchedOn}.json`,
    sha256,
    format: `api:${sourceId}`,
    sourceDatabase: database,
    platform: sourceId === 'pubmed' ? 'NCBI E-utilities' : `${database} API`,
    searchedOn,
    query,
    limits: options.limits,
    origin: sourceId,
    hitCount: hits,
    records: fresh,
    issues,
  });
  return { ...base, batchId, added: batchId === undefined ? 0 : fresh.length };
}

/** Re-runs a stored live search (a living review's update), adding only new records. */
export async function rerunSearch(
  context: EngineContext,
  reviewId: number,
  batchId: number,
  options: Omit<RunSearchOptions, 'source' | 'query'> = {},
): Promise<RunSearchResult> {
  const batch = await findBatch(context.store.db, reviewId, batchId);
  if (!batch)
    throw new DomainError(
      'identify/search-not-found',
      `No search ${batchId} in this review; see \`reviewbench search log\`.`,
    );
  if (batch.origin === 'file' || !batch.query) {
    throw new DomainError(
      'identify/not-rerunnable',
      `Batch ${batchId} was imported from a file (${batch.file_name}); import the newer export instead — de-duplication compares it with everything already in the review.`,
    );
  }
  return runSearch(context, reviewId, {
    ...options,
    source: batch.origin,
    query: batch.query,
    limits: options.limits ?? batch.limits ?? undefined,
  });
}

function keysOf(record: BibRecord): string[] {
  const keys: string[] = [];
  if (record.doi) keys.push(`doi:${record.doi.toLowerCase()}`);
  if (record.pmid) keys.push(`pmid:${record.pmid}`);
  if (record.sourceRecordId && record.sourceDatabase)
    keys.push(`id:${record.sourceDatabase}:${record.sourceRecordId}`);
  return keys;
}

async function knownKeys(context: EngineContext, reviewId: number): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const row of iterateRecords(context.store.db, reviewId))
    for (const key of keysOf(fromRecordRow(row))) keys.add(key);
  return keys;
}
