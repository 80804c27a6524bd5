import { listBatches } from '#store/index';
import type { EngineContext } from '#engine/context';

/** One row of the PRISMA-S search log. */
export interface SearchLogEntry {
  batchId: number;
  database: string | null;
  platform: string | null;
  searchedOn: string | null;
  query: string | null;
  limits: string | null;
  /** Hits the database reported, when known (live searches). */
  hits: number | null;
  recordsImported: number;
  /** `file` for an export, or the live source id. */
  origin: string;
  sourceKind: string;
  fileName: string;
  sha256: string;
  importedAt: string;
  importedBy: string;
}

/** Every search of the review, in import order, for the report (PRISMA-S items). */
export async function searchLog(
  context: EngineContext,
  reviewId: number,
): Promise<SearchLogEntry[]> {
  const batches = await listBatches(context.store.db, reviewId);
  return batches.map((b) => ({
    batchId: b.id,
    database: b.source_database,
    platform: b.platform,
    searchedOn: b.searched_on,
    query: b.query,
    limits: b.limits,
    hits: b.hit_count,
    recordsImported: b.record_count,
    origin: b.origin,
    sourceKind: b.source_kind,
    fileName: b.file_name,
    sha256: b.sha256,
    importedAt: b.created_at,
    importedBy: b.created_by,
  }));
}
