import type { ColumnType, Generated } from 'kysely';

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
  /** Limits applied to the search (dates, languages, publication types), as stated. */
  limits: string | null;
  /**
   * `staging` while an import is still writing the batch's records (no read sees them),
   * `complete` once its last transaction committed.
   */
  state: ColumnType<BatchState, BatchState | undefined, BatchState>;
  created_at: string;
  created_by: string;
}

export type BatchState = 'staging' | 'complete';

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
  dedup_runs: DedupRunTable;
  dedup_pairs: DedupPairTable;
  dedup_decisions: DedupDecisionTable;
  reviewers: ReviewerTable;
  invitations: InvitationTable;
  screen_rankings: ScreenRankingTable;
  screen_decisions: ScreenDecisionTable;
  record_notes: RecordNoteTable;
  server_settings: ServerSettingTable;
  retrieval: RetrievalTable;
  full_texts: FullTextTable;
  pdf_pages: PdfPageTable;
  blobs: BlobTable;
  report_links: ReportLinkTable;
  retrieval_lookups: RetrievalLookupTable;
  extract_forms: ExtractFormTable;
  extract_answers: ExtractAnswerTable;
  extract_progress: ExtractProgressTable;
  extract_retired: ExtractRetiredTable;
  appraise_assignments: AppraiseAssignmentTable;
  appraise_judgements: AppraiseJudgementTable;
  appraise_progress: AppraiseProgressTable;
  protocol_versions: ProtocolVersionTable;
}

/** One version of a review's protocol; amendments carry their reason. */
export interface ProtocolVersionTable {
  id: Generated<number>;
  review_id: number;
  version: number;
  protocol: string;
  reason: string | null;
  created_at: string;
  created_by: string;
}

/** The tool a study is appraised with; `assigned_by` is `extraction` or the lead's name. */
export interface AppraiseAssignmentTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  tool_id: string;
  assigned_by: string;
  updated_at: string;
}

/** One assessor's (or a resolution's) judgement of one domain (or `overall`) of a study's unit. */
export interface AppraiseJudgementTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  /** The result or outcome appraised ('' for the study as a whole). */
  unit: string;
  tool_id: string;
  assessor: string;
  resolution: number;
  domain_id: string;
  /** The signalling answers as JSON ({ "1.1": "Y", ... }). */
  answers: string;
  /** The tool's algorithm's proposal, when it has one. */
  proposal: string | null;
  /** The final judgement (the proposal unless overridden). */
  judgement: string | null;
  /** Why the final judgement differs from the proposal (or settles a disagreement). */
  justification: string | null;
  /** Supporting quotes as JSON ({ questionId: { text, page?, start?, end? } }). */
  quotes: string | null;
  updated_at: string;
}

export interface AppraiseProgressTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  unit: string;
  assessor: string;
  state: string;
  updated_at: string;
}

/** One current answer: a study's slot (entity '' or `section:label`, field) by one extractor. */
export interface ExtractAnswerTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  extractor: string;
  /** 1: a resolution settling the extractors' disagreement (extractor is the resolver). */
  resolution: number;
  entity: string;
  field_id: string;
  /** The answer as JSON (core/extract's AnswerValue). */
  value: string;
  /** The supporting quote as JSON ({ text, page?, start?, end? }), or null. */
  quote: string | null;
  form_version: number;
  updated_at: string;
}

/** An extractor's progress on a study: `in-progress` or `complete`. */
export interface ExtractProgressTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  extractor: string;
  state: string;
  updated_at: string;
}

/** An answer a new form version could not hold, kept with the reason. */
export interface ExtractRetiredTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  extractor: string;
  entity: string;
  field_id: string;
  label: string;
  value: string;
  why: string;
  form_version: number;
  created_at: string;
}

/** One version of a review's charting form (core/extract's ChartingForm as JSON). */
export interface ExtractFormTable {
  id: Generated<number>;
  review_id: number;
  version: number;
  /** `pilot` (replaced by the next import) or `published` (never changed). */
  status: string;
  definition: string;
  created_at: string;
  created_by: string;
  published_at: string | null;
}

/** One answer of an open-access service about one report, as received (the evidence). */
export interface RetrievalLookupTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  service: string;
  /** The URL asked (keys redacted). */
  url: string;
  /** HTTP status; 0 when the service could not be reached. */
  status: number;
  body: string;
  created_at: string;
}

/** A report sought's retrieval state; a report without a row is `sought`. */
export interface RetrievalTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  /** One of core/retrieve RETRIEVAL_STATES. */
  state: string;
  /** Why it was not retrieved (state `not-retrieved` only). */
  reason: string | null;
  /** 1 when a person chose this report to stand for its study. */
  is_primary: ColumnType<number, number | undefined, number>;
  updated_at: string;
  updated_by: string;
}

/** The full text attached to a report (one per report; a replaced one stays in the log). */
export interface FullTextTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  sha256: string;
  file_name: string;
  bytes: number;
  pages: number;
  text_chars: number;
  /** 1 when the PDF has (almost) no text layer: a scan that needs OCR. */
  scanned: number;
  /** `upload` (attached to the report by hand), `doi`, `pmid`, `title` or `open-access`. */
  matched_by: string;
  score: number | null;
  evidence: string | null;
  created_at: string;
  created_by: string;
}

/** The text of one page of a PDF, with the offset where it starts in the whole text. */
export interface PdfPageTable {
  sha256: string;
  /** 1-based. */
  page: number;
  /** Characters before this page in the whole text (pages joined by one blank line). */
  start: number;
  text: string;
}

/** A stored file by its sha256; `data` is null when the bytes live in the files folder. */
export interface BlobTable {
  sha256: string;
  bytes: number;
  data: Uint8Array | null;
}

/** Two reports linked as one study (or unlinked again); the latest for a pair wins. */
export interface ReportLinkTable {
  id: Generated<number>;
  review_id: number;
  record_a: number;
  record_b: number;
  linked: number;
  created_at: string;
  created_by: string;
}

export interface DedupRunTable {
  id: Generated<number>;
  review_id: number;
  /** Highest record id compared in this run: later records are "new" for the next run. */
  compared_through: number;
  counts: string;
  created_at: string;
  created_by: string;
}

export interface DedupPairTable {
  id: Generated<number>;
  review_id: number;
  run_id: number;
  /** Always the lower record id first. */
  record_a: number;
  record_b: number;
  /** `duplicate` (automatic merge) or `possible` (review queue). */
  verdict: string;
  /** `same-study-different-report` for preprint/published pairs. */
  relation: string | null;
  score: number;
  reasons: string;
}

export interface DedupDecisionTable {
  id: Generated<number>;
  review_id: number;
  record_a: number;
  record_b: number;
  /** `same` or `different`; the latest for a pair wins. */
  decision: string;
  /** `review` (queue decision) or `undo` (a cluster split). */
  origin: string;
  created_at: string;
  created_by: string;
}

export interface ReviewerTable {
  id: Generated<number>;
  review_id: number;
  name: string;
  /** lead, reviewer or viewer. */
  role: string;
  created_at: string;
  /** The account this member signs in with (null for a name the CLI added). */
  user_id: string | null;
  /** When a lead removed them; a removed member keeps their history but may do nothing. */
  removed_at: string | null;
}

export interface InvitationTable {
  id: Generated<number>;
  review_id: number;
  /** Only the token's hash is kept: the token itself is shown once, to the lead who made it. */
  token_sha256: string;
  role: string;
  /** When set, only an account with this email may accept. */
  email: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  /** The user id that accepted it (single use). */
  accepted_by: string | null;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface ScreenRankingTable {
  id: Generated<number>;
  review_id: number;
  stage: string;
  preset: string;
  labels: number;
  /** Ranked record ids with scores, JSON. */
  ranked: string;
  /** Recall estimate and stopping advice, JSON. */
  estimate: string;
  created_at: string;
}

export interface ScreenDecisionTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  stage: string;
  reviewer: string;
  decision: string;
  reason: string | null;
  resolution: number;
  calibration: number;
  ranking_id: number | null;
  rank: number | null;
  /** The decision that replaced this one; null while current. */
  superseded_by: number | null;
  created_at: string;
}

export interface RecordNoteTable {
  id: Generated<number>;
  review_id: number;
  record_id: number;
  reviewer: string;
  /** `note` or `tag`. */
  kind: string;
  text: string;
  removed_at: string | null;
  created_at: string;
}

/** Values the web server keeps in the store (e.g. its session-signing secret). */
export interface ServerSettingTable {
  name: string;
  value: string;
  created_at: string;
}
