import type { Generated } from 'kysely';

/**
 * The tables, one interface each. JSON travels as text in both dialects;
 * times are ISO-8601 strings; booleans are 0/1 integers.
 */
export interface ReviewTable {
  id: Generated<number>;
  title: string;
  type: string;
  /** Protocol (question, PCC, eligibility criteria, databases) as JSON. */
  protocol: string;
  /** Settings (screening reviewers per record, blinding, reasons) as JSON. */
  settings: string;
  created_at: string;
  created_by: string;
}

export interface BatchTable {
  id: Generated<number>;
  review_id: number;
  file_name: string;
  sha256: string;
  format: string;
  source_database: string | null;
  platform: string | null;
  searched_on: string | null;
  query: string | null;
  /** `file`, or the live source id (`pubmed`, `europepmc` ...) for searches run from here. */
  origin: string;
  /** PRISMA source kind: database, register, website, organisation, citation. */
  source_kind: string;
  record_count: number;
  issue_count: number;
  issues: string;
  hit_count: number | null;
  created_at: string;
  created_by: string;
}

export interface RecordTable {
  id: Generated<number>;
  review_id: number;
  batch_id: number;
  /** 0-based position of the record in its file. */
  ordinal: number;
  line: number;
  title: string | null;
  abstract: string | null;
  /** Authors as a display string (`Family, Given; ...`); structured form is in `data`. */
  authors: string | null;
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
  source_database: string | null;
  source_record_id: string | null;
  label: number | null;
  /** The whole BibRecord except `raw`, as JSON. */
  data: string;
  /** The record text exactly as read. */
  raw: string;
}

export interface EventTable {
  id: Generated<number>;
  review_id: number | null;
  type: string;
  stage: string | null;
  subject: string | null;
  actor: string;
  payload: string;
  created_at: string;
}

export interface Database {
  reviews: ReviewTable;
  batches: BatchTable;
  records: RecordTable;
  events: EventTable;
}
