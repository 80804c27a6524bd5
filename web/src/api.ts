// Typed client for the HTTP API (its types come from src/server/contract.ts; the document is
// served as /api/openapi.json).
// Every call is `POST /api/<stage>.<command>` with a JSON body; the session rides in an httpOnly
// cookie, so nothing here ever touches a token.
import type { ParseIssue } from '#core/domain/index';
import type { DatabaseId } from '#core/identify/index';
import type { HighlightSpan } from '#core/screen/highlight/index';
import type { ScreenDecisionValue, ScreenSettings, ScreenStage } from '#core/screen/workflow/index';
import type { ReviewType } from '#core/domain/ids';
import type { ApiContract } from '#server/contract';
import type { MemberRole } from '#server/policies';

export type { DatabaseId, HighlightSpan, ParseIssue, ReviewType, ScreenSettings, ScreenStage };

/**
 * Every JSON route: the body it takes and the answer it gives, derived from the server's route
 * declarations (src/server/contract.ts), so the web cannot drift from the server.
 */
export type ApiRoutes = {
  [R in keyof ApiContract]: [ApiContract[R]['input'], ApiContract[R]['output']];
};
export type RouteName = keyof ApiRoutes;
/** The answer of one route. */
export type Answer<R extends RouteName> = ApiRoutes[R][1];

// The shapes the screens name, as the server answers them.
export type Role = MemberRole;
export type ScreenDecision = ScreenDecisionValue;
export type MeResult = Answer<'me'>;
export type User = MeResult['user'];
export type ReviewListItem = Answer<'reviews.list'>[number];
export type ReviewSummary = Answer<'reviews.create'>;
export type Protocol = ReviewSummary['protocol'];
export type ReviewDetail = Answer<'reviews.get'>;
export type ReviewStatus = ReviewDetail['status'];
export type Policies = Answer<'policies'>;
export type Member = Answer<'members.list'>[number];
export type Invitation = Answer<'members.invitations'>[number];
export type InvitationStatus = Invitation['status'];
export type NewInvitation = Answer<'members.invite'>;
export type InvitationPreview = Answer<'invitations.show'>;
export type ServerInfo = Answer<'server.info'>;
export type ImportFileResult = Answer<'identify.import'>['files'][number];
export type SearchLogEntry = Answer<'identify.log'>[number];
export type TranslateResult = Answer<'identify.translate'>;
export type DedupState = Answer<'deduplicate.state'>;
/** A run's answer: the state, and how many records were new to it. */
export type DedupRun = Answer<'deduplicate.run'>;
export type PairView = Answer<'deduplicate.show'>;
export type NextResult = Answer<'screen.next'>;
export type ScreenItem = NonNullable<NextResult['item']>;
export type ScreenProgress = NextResult['progress'];
export type DecideResult = Answer<'screen.decide'>;
export type ConflictView = Answer<'screen.conflicts'>[number];
export type HistoryStep = ConflictView['history'][number];
export type AgreementResult = Answer<'screen.agreement'>;
export type PrismaCounts = Answer<'report.prismaCounts'>;
export type RecordListQuery = ApiRoutes['records.list'][0];
export type RecordRow = Answer<'records.list'>['records'][number];
export type RecordDetail = Answer<'records.show'>;
export type ReportStatus = Answer<'retrieve.status'>[number];
export type AttachManyResult = Answer<'retrieve.attachMany'>;
export type AttachResult = Answer<'retrieve.attach'>;
export type ReviewFormAnswer = NonNullable<Answer<'extract.form'>>;
export type ExtractorView = Answer<'extract.view'>;
export type MyStudy = Answer<'extract.studies'>[number];
export type StudyOverview = Answer<'extract.overview'>[number];
export type ReconcileItem = Answer<'extract.reconcile'>[number];
export type ExtractAgreement = Answer<'extract.agreement'>;
export type ToolSummary = Answer<'appraise.tools'>[number];
export type MyAppraisal = Answer<'appraise.studies'>[number];
export type AppraisalView = Answer<'appraise.view'>;
export type AppraisalConflict = Answer<'appraise.reconcile'>[number];
export type AppraisalOverviewRow = Answer<'appraise.overview'>[number];

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
  /** The file's format, when the content leaves it in doubt. */
  format?: string;
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
  for (const key of ['source', 'platform', 'searchedOn', 'query', 'format'] as const) {
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

/** Where a report's full-text PDF is served (for pdf.js, or to open it in a tab). */
export function fullTextUrl(reviewId: number, recordId: number): string {
  const params = new URLSearchParams({ reviewId: String(reviewId), recordId: String(recordId) });
  return `/api/retrieve.pdf?${params.toString()}`;
}

async function postForm<T>(route: string, form: FormData): Promise<T> {
  const response = await fetch(`/api/${route}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    body: form,
  });
  if (!response.ok) throw await readError(response);
  return (await response.json()) as T;
}

/** Attaches one PDF to one report sought (`retrieve.attach`). */
export function attachFullText(
  reviewId: number,
  recordId: number,
  file: File,
): Promise<AttachResult> {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  form.append('recordId', String(recordId));
  form.append('file', file, file.name);
  return postForm('retrieve.attach', form);
}

/** Sends many PDFs to be matched to reports sought and attached when sure (`retrieve.attachMany`). */
export function attachFullTexts(
  reviewId: number,
  files: readonly File[],
): Promise<AttachManyResult> {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  for (const file of files) form.append('file', file, file.name);
  return postForm('retrieve.attachMany', form);
}

/** Where the charted data downloads (`extract.export`). */
export function extractExportUrl(
  reviewId: number,
  shape: 'long' | 'wide',
  format: 'csv' | 'xlsx' | 'json',
): string {
  const params = new URLSearchParams({ reviewId: String(reviewId), shape, format });
  return `/api/extract.export?${params.toString()}`;
}

/** Imports one's charting sheet (CSV or XLSX; `extract.importSheet`). */
export function importExtractionSheet(
  reviewId: number,
  file: File,
): Promise<Answer<'extract.importSheet'>> {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  form.append('file', file, file.name);
  return postForm('extract.importSheet', form);
}

/** Where a risk-of-bias figure of the review is served (`appraise.plot`). */
export function appraisalPlotUrl(
  reviewId: number,
  toolId: string,
  type: 'traffic' | 'summary',
  format: 'svg' | 'png' | 'pdf',
  version = 0,
): string {
  const params = new URLSearchParams({
    reviewId: String(reviewId),
    toolId,
    type,
    format,
    v: String(version),
  });
  return `/api/appraise.plot?${params.toString()}`;
}

/** Where a tool's settled judgements download as robvis's CSV (`appraise.export`). */
export function appraisalCsvUrl(reviewId: number, toolId: string): string {
  return `/api/appraise.export?${new URLSearchParams({ reviewId: String(reviewId), toolId }).toString()}`;
}

/** Which synthesis chart (`synthesise.chart` / `synthesise.chartFile`). */
export interface ChartQuery {
  kind: 'frequencies' | 'timeline' | 'map';
  field?: string;
  x?: string;
  y?: string;
  colour?: string;
  panel?: string;
  maxWidth?: number;
}

/** Where a synthesis chart is served as a file (`synthesise.chartFile`). */
export function chartFileUrl(
  reviewId: number,
  chart: ChartQuery,
  format: 'svg' | 'png' | 'pdf',
): string {
  const params = new URLSearchParams({ reviewId: String(reviewId), format });
  for (const [key, value] of Object.entries(chart)) if (value) params.set(key, String(value));
  return `/api/synthesise.chartFile?${params.toString()}`;
}

/** Where a report download is served: `report.file`, `report.checklistFile`, `report.workbook`, `report.bundle`. */
export function reportDownloadUrl(
  route: 'report.file' | 'report.checklistFile' | 'report.workbook' | 'report.bundle',
  reviewId: number,
  params: Record<string, string> = {},
): string {
  return `/api/${route}?${new URLSearchParams({ reviewId: String(reviewId), ...params }).toString()}`;
}
