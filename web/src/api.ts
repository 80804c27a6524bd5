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
import type { MemberRole, ReviewPolicies } from '#server/policies';
import type { ConflictView, HistoryStep } from '#server/index';

export type { DatabaseId, HighlightSpan, ParseIssue, ScreenSettings, ScreenStage };

export type ReviewType = 'scoping' | 'systematic';
/** A member's role in one review. */
export type Role = MemberRole;
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

/** What the signed-in user may do in a review, as the server's policies decide (`policies.can`). */
export type Policies = Pick<ReviewPolicies, 'can'>;

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

/** A member of a review's team, as `members.list` answers. */
export interface Member {
  /** The name their decisions carry (an account's email). */
  email: string;
  /** The account's display name; null when no account goes by this email. */
  name: string | null;
  role: Role;
  /** Bound to an account; false for a name the CLI added, who has not signed up yet. */
  hasAccount: boolean;
}

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

/** An invitation as a lead sees it in `members.invitations` (never its token). */
export interface Invitation {
  id: number;
  role: Role;
  /** Only an account with this email may use it; absent: anyone with the link. */
  email?: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  status: InvitationStatus;
  acceptedAt?: string;
}

/** A new invitation: the only time its token (and so its link) is shown. */
export interface NewInvitation extends Invitation {
  token: string;
  /** `${origin}/#/invite/<token>`, for the lead to send. */
  link: string;
}

/** What an invitation link offers, shown before its holder accepts (`invitations.show`). */
export interface InvitationPreview {
  reviewId: number;
  reviewTitle: string;
  role: Role;
  email?: string;
  expiresAt: string;
}

/** How this server admits accounts (`server.info`, no sign-in needed). */
export interface ServerInfo {
  signUpMode: 'invite-only' | 'open';
  /** No administrator yet: the setup link the server printed at start creates one. */
  needsSetup: boolean;
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

/** A conflict with the whole record, votes, notes and history (`screen.conflicts`). */
export type { ConflictView, HistoryStep };

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
  'server.info': [Record<string, never>, ServerInfo];
  'members.list': [ReviewScoped, Member[]];
  'members.invite': [ReviewScoped & { role: Role; email?: string; days?: number }, NewInvitation];
  'members.invitations': [ReviewScoped, Invitation[]];
  'members.revokeInvitation': [ReviewScoped & { invitationId: number }, Invitation];
  'members.changeRole': [
    ReviewScoped & { member: string; role: Role },
    { name: string; role: Role; addedAt: string },
  ];
  'members.remove': [ReviewScoped & { member: string }, { name: string; removedAt: string }];
  'invitations.show': [{ token: string }, InvitationPreview];
  'invitations.accept': [
    { token: string },
    { reviewId: number; member: { name: string; role: Role } },
  ];
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
  'screen.next': [Staged & { skip?: number[] }, NextResult];
  'screen.decide': [
    Staged & { recordId: number; decision: ScreenDecision; reason?: string },
    DecideResult,
  ];
  'screen.undo': [Staged, unknown];
  'screen.note': [ReviewScoped & { recordId: number; text: string }, unknown];
  'screen.tag': [ReviewScoped & { recordId: number; tag: string }, unknown];
  'screen.conflicts': [Staged & { show?: 'open' | 'resolved' }, ConflictView[]];
  'screen.unresolve': [
    Staged & { recordId: number },
    { recordId: number; stage: ScreenStage; undone: number; outcome: StageOutcome },
  ];
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

async function postJson<T>(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
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

/**
 * What admits a new account: an invitation's token (the account then joins that review) or the
 * server's one-time setup token (the account becomes the administrator). An `open` server
 * needs neither.
 */
export type SignUpTicket = { invitation: string } | { setup: string };

/** Creates an account and signs it in; invite-only servers refuse it without a ticket. */
export async function signUp(
  name: string,
  email: string,
  password: string,
  ticket?: SignUpTicket,
): Promise<void> {
  // Header names: INVITATION_HEADER and SETUP_HEADER in src/server/app.ts.
  const headers: Record<string, string> = {};
  if (ticket && 'invitation' in ticket) headers['x-reviewbench-invitation'] = ticket.invitation;
  if (ticket && 'setup' in ticket) headers['x-reviewbench-setup'] = ticket.setup;
  await postJson('/api/auth/sign-up/email', { name, email, password }, headers);
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
