// Typed client for the HTTP API (docs: .tmp/API-CONTRACT.md, served as /api/openapi.json).
// Every call is `POST /api/<stage>.<command>` with a JSON body; the session rides in an httpOnly
// cookie, so nothing here ever touches a token.
import type { BibRecord, ParseIssue } from '#core/domain/index';
import type { FieldDiff } from '#core/deduplicate/index';
import type { DatabaseId } from '#core/identify/index';
import type { AgreementSummary } from '#core/screen/agreement/index';
import type { HighlightSpan } from '#core/screen/highlight/index';
import type { ScreenSettings, ScreenStage, StageOutcome } from '#core/screen/workflow/index';
import type { PrismaCountsResult } from '#core/report/index';

export type { DatabaseId, HighlightSpan, ParseIssue, ScreenSettings, ScreenStage };

export type ReviewType = 'scoping' | 'systematic';
export type Role = 'lead' | 'reviewer' | 'viewer';
export type ScreenDecision = 'include' | 'exclude' | 'maybe';

/** The review's protocol as entered by the team. */
export interface Protocol {
  question?: string;
  population?: string;
  concept?: string;
  context?: string;
  inclusionCriteria?: string[];
  exclusionCriteria?: string[];
  databases?: string[];
}

export interface ReviewSummary {
  id: number;
  title: string;
  type: ReviewType;
  createdAt: string;
  protocol: Protocol;
}

export interface ReviewListItem {
  id: number;
  title: string;
  type: ReviewType;
  role: Role | null;
  createdAt?: string;
}

export interface ReviewStatus {
  review: ReviewSummary;
  records: number;
  bySource: { source: string; records: number; batches: number }[];
  batches: {
    id: number;
    fileName: string;
    format: string;
    sourceDatabase: string | null;
    records: number;
    issues: number;
    importedAt: string;
  }[];
}

/** What the signed-in user may do in a review, as the server's policies decide. */
export interface Policies {
  can: {
    import: boolean;
    deduplicate: boolean;
    decidePairs: boolean;
    screen: boolean;
    resolve: boolean;
    configure: boolean;
    invite: boolean;
    viewReport: boolean;
  };
}

export interface User {
  id: string;
  email: string;
  name: string;
  admin: boolean;
}

export interface MeResult {
  user: User;
  reviews: ReviewListItem[];
}

export interface ReviewDetail {
  review: ReviewSummary;
  status: ReviewStatus;
  role: Role | null;
  policies: Policies;
}

export interface Member {
  email: string;
  name?: string | null;
  role: Role;
}

export interface ImportFileResult {
  fileName: string;
  format: string;
  status: 'imported' | 'already-imported' | 'failed';
  batchId?: number;
  added: number;
  sourceDatabase: string;
  issues: ParseIssue[];
}

export interface SearchLogEntry {
  batchId: number;
  database: string | null;
  platform: string | null;
  searchedOn: string | null;
  query: string | null;
  hits: number | null;
  recordsImported: number;
  origin: string;
  fileName: string;
  importedAt: string;
  importedBy: string;
}

export interface TranslateResult {
  query: string;
  warnings: { code?: string; message: string }[];
  errors: { code?: string; message: string }[];
}

export interface DedupRecordRef {
  recordId: number;
  sourceRecordId: string | null;
  batch: number;
}

export interface DedupState {
  counts: { records: number; unique: number; duplicatesRemoved: number; possiblePairs: number };
  newRecords?: number;
  clusters: { id: string; keeper: number; members: DedupRecordRef[]; rule: string }[];
  possible: {
    id: string;
    a: DedupRecordRef;
    b: DedupRecordRef;
    score: number;
    reasons: string[];
  }[];
}

export interface PairView {
  id: string;
  score: number;
  reasons: string[];
  a: { recordId: number; record: BibRecord };
  b: { recordId: number; record: BibRecord };
  fields: FieldDiff[];
}

export interface ScreenItem {
  recordId: number;
  stage: ScreenStage;
  record: Omit<BibRecord, 'raw' | 'originals' | 'extra'>;
  highlights: { title: HighlightSpan[]; abstract: HighlightSpan[] };
  criteria: { inclusion: string[]; exclusion: string[] };
  exclusionReasons: string[];
  rank?: number;
  score?: number;
  calibration: boolean;
}

export interface ScreenProgress {
  eligible: number;
  decidedByYou: number;
  remainingForYou: number;
  complete: number;
}

export interface NextResult {
  item?: ScreenItem;
  progress: ScreenProgress;
  ranking?: {
    id: number;
    preset: string;
    labels: number;
    estimate: {
      found: number;
      expectedRemaining: number;
      recall: number;
      stop: { stop: boolean; reason: string };
    };
  };
}

export interface DecideResult {
  decisionId: number;
  recordId: number;
  stage: ScreenStage;
  supersedes?: number;
  outcome: StageOutcome;
}

export interface ConflictView {
  recordId: number;
  title?: string;
  decisions: { reviewer: string; decision: string; reason?: string; at: string }[];
}

/** The agreement route returns the engine's summary; extra fields are shown when present. */
export type AgreementResult = Partial<AgreementSummary> & Record<string, unknown>;

export type PrismaCounts = PrismaCountsResult;

type ReviewScoped = { reviewId: number };
type Staged = ReviewScoped & { stage: ScreenStage };

/** Every JSON route: its request body and its response. */
export interface ApiRoutes {
  me: [Record<string, never>, MeResult];
  'reviews.list': [Record<string, never>, ReviewListItem[]];
  'reviews.create': [{ title: string; type: ReviewType; protocol: Protocol }, ReviewSummary];
  'reviews.get': [ReviewScoped, ReviewDetail];
  'members.list': [ReviewScoped, Member[]];
  'members.invite': [ReviewScoped & { email: string; role: Role }, Member];
  policies: [ReviewScoped, Policies];
  'identify.log': [ReviewScoped, SearchLogEntry[]];
  'identify.translate': [
    { query: string; from: 'pubmed' | 'ovid'; to: DatabaseId },
    TranslateResult,
  ];
  'deduplicate.run': [ReviewScoped, DedupState];
  'deduplicate.state': [ReviewScoped, DedupState];
  'deduplicate.show': [ReviewScoped & { pairId: string }, PairView];
  'deduplicate.decide': [
    ReviewScoped & { pairId: string; decision: 'same' | 'different' },
    unknown,
  ];
  'deduplicate.undo': [ReviewScoped & { clusterId: string }, unknown];
  'screen.next': [Staged, NextResult];
  'screen.decide': [
    Staged & { recordId: number; decision: ScreenDecision; reason?: string },
    DecideResult,
  ];
  'screen.undo': [Staged, unknown];
  'screen.note': [ReviewScoped & { recordId: number; text: string }, unknown];
  'screen.tag': [ReviewScoped & { recordId: number; tag: string }, unknown];
  'screen.conflicts': [Staged, ConflictView[]];
  'screen.resolve': [
    Staged & { recordId: number; decision: ScreenDecision; reason?: string },
    DecideResult,
  ];
  'screen.agreement': [Staged, AgreementResult];
  'screen.settings': [ReviewScoped, ScreenSettings];
  'screen.configure': [ReviewScoped & Partial<ScreenSettings>, unknown];
  'report.prismaCounts': [ReviewScoped, PrismaCounts];
}

export type RouteName = keyof ApiRoutes;

/** An error answered by the server: `code` is the stable DomainError code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function readError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string };
      message?: string;
      code?: string;
    };
    // better-auth answers `{ code, message }`; our routes answer `{ error: { code, message } }`.
    const code = body.error?.code ?? body.code ?? `http/${response.status}`;
    const message = body.error?.message ?? body.message ?? response.statusText;
    return new ApiError(response.status, code, message);
  } catch {
    return new ApiError(
      response.status,
      `http/${response.status}`,
      text.slice(0, 200) || response.statusText,
    );
  }
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await readError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Calls one RPC route: `callApi('screen.next', { reviewId, stage })`. */
export function callApi<R extends RouteName>(
  route: R,
  body: ApiRoutes[R][0],
): Promise<ApiRoutes[R][1]> {
  return postJson<ApiRoutes[R][1]>(`/api/${route}`, body);
}

/** Signs in with email and password (better-auth); the session cookie is set by the response. */
export async function signIn(email: string, password: string): Promise<void> {
  await postJson('/api/auth/sign-in/email', { email, password });
}

/** Creates an account and signs it in. The first account becomes the administrator. */
export async function signUp(name: string, email: string, password: string): Promise<void> {
  await postJson('/api/auth/sign-up/email', { name, email, password });
}

export async function signOut(): Promise<void> {
  await postJson('/api/auth/sign-out', {});
}

export interface UploadOptions {
  reviewId: number;
  file: File;
  source?: string;
  platform?: string;
  searchedOn?: string;
  query?: string;
  /** Called with the fraction (0..1) of the file sent so far. */
  onProgress?: (fraction: number) => void;
}

/**
 * Uploads one export file to `identify.import`. XMLHttpRequest rather than fetch because only
 * XHR reports upload progress in browsers today.
 */
export function uploadExport(options: UploadOptions): Promise<ImportFileResult[]> {
  const form = new FormData();
  form.append('reviewId', String(options.reviewId));
  form.append('file', options.file, options.file.name);
  for (const key of ['source', 'platform', 'searchedOn', 'query'] as const) {
    const value = options[key]?.trim();
    if (value) form.append(key, value);
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/identify.import');
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network/failed', 'The upload could not reach the server.'));
    xhr.onload = () => {
      const response = new Response(xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
      });
      if (xhr.status >= 200 && xhr.status < 300) {
        response
          .json()
          .then((body: { files: ImportFileResult[] }) => resolve(body.files))
          .catch(reject);
      } else {
        readError(response).then(reject, reject);
      }
    };
    xhr.send(form);
  });
}

/** Formats the PRISMA flow diagram downloads come in. */
export const PRISMA_FORMATS = ['svg', 'png', 'pdf', 'csv'] as const;
export type PrismaFormat = (typeof PRISMA_FORMATS)[number];

/** The URL of the PRISMA diagram in one format (`version` busts the browser cache). */
export function prismaUrl(
  reviewId: number,
  format: PrismaFormat | 'json',
  version?: number,
): string {
  const params = new URLSearchParams({ reviewId: String(reviewId), format });
  if (version !== undefined) params.set('v', String(version));
  return `/api/report.prisma?${params.toString()}`;
}
