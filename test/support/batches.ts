import type { Insertable } from 'kysely';
import type { BatchTable } from '#store/schema';

/** A batch row as an import of a file `sha256` would write it; `overrides` change what a test needs. */
export function batchRow(
  reviewId: number,
  sha256: string,
  overrides: Partial<Insertable<BatchTable>> = {},
): Insertable<BatchTable> {
  return {
    review_id: reviewId,
    file_name: `${sha256}.ris`,
    sha256,
    format: 'ris',
    source_database: null,
    platform: null,
    searched_on: null,
    query: null,
    limits: null,
    origin: 'file',
    source_kind: 'database',
    record_count: 0,
    issue_count: 0,
    issues: '[]',
    hit_count: null,
    created_at: '2026-12-04T10:00:00.000Z',
    created_by: 'test',
    ...overrides,
  };
}
