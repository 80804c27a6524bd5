import { basename } from 'node:path';
import type { ReviewType } from '#core/domain/index';
import { REVIEW_TYPES } from '#core/domain/index';
import { DomainError } from '#core/errors';
import type { Clock } from '#core/ports';
import { systemClock } from '#core/ports';
import {
  appendEvents,
  countRecords,
  fromRecordRow,
  getReview,
  insertReview,
  listBatches,
  listRecords,
  listReviews,
  openStore,
  openConnections,
} from '#store/index';
import type { RecordRow, ReviewRow, Store } from '#store/index';
import type { EngineContext } from './context';
import { nowIso } from './context';
import { importFile, readExportFile } from './identify/import-file';
import type { ImportFileOptions, ImportFileResult } from './identify/import-file';
import { exportReviewRecords, writeExport } from './records/export';
import type { ExportFormat, ExportSelection } from './records/export';
import {
  decidePair,
  describeState,
  removeFromCluster,
  reviewQueue,
  runDeduplication,
  showPair,
  undoCluster,
} from './deduplicate/run';
import type { DedupRunOptions } from './deduplicate/run';
import { decide, next, resolve } from './screen/screen';
import { conflicts, unresolve } from './screen/conflicts';
import { listReviewRecords, reviewRecordDetail } from './records/browse';
import type { RecordListOptions, Viewer } from './records/browse';
import { assignToCalibration, excludeRecords, tagRecords } from './records/bulk';
import type { ConflictFilter } from './screen/conflicts';
import type { DecideInput } from './screen/screen';
import {
  addReviewer,
  changeRole,
  listReviewers,
  membershipsOf,
  removeMember,
} from './team/members';
import {
  acceptInvitation,
  createInvitation,
  invitationAdmits,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from './team/invitations';
import type { AcceptingUser } from './team/invitations';
import { addNote, listNotes, undoLastDecision } from './screen/notes';
import { exportDecisionSheet, importDecisions } from './screen/import-decisions';
import {
  closeCalibration,
  computeAgreement,
  startCalibration,
  stopCheck,
} from './screen/agreement';
import { readScreenSettings, readSettings, updateSettings } from './settings';
import type { ReviewSettings } from './settings';
import type { ScreenSettings, ScreenStage } from '#core/screen/workflow/index';
import { closeVersion, computeReviewPrismaCounts } from './report/prisma';
import { searchLog } from './identify/search-log';
import { retractBatch } from './identify/retract';
import {
  markNotRetrieved,
  notRetrievedReasons,
  reopenReport,
  retrievalStatus,
  setNotRetrievedReasons,
} from './retrieve/retrieve';
import {
  attachFullText,
  attachFullTexts,
  detachFullText,
  fullTextFile,
  fullTextPages,
  searchFullTexts,
} from './retrieve/full-texts';
import type { FullTextFile } from './retrieve/full-texts';
import { choosePrimaryReport, linkReports, unlinkReport } from './retrieve/studies';
import { lookUpFullTexts } from './retrieve/look-up';
import { currentForm, publishForm, saveForm, useTemplate } from './extract/forms';
import {
  extractAgreement,
  extractionData,
  extractionOverview,
  extractorView,
  finishStudy,
  myStudies,
  readExtractSettings,
  reconcileQueue,
  reopenStudy,
  resolveSlot,
  saveAnswer,
  setExtractSettings,
} from './extract/extractions';
import type { AnswerInput, ExtractSettings, ResolveInput } from './extract/extractions';
import { exportExtraction, importExtractionSheet } from './extract/sheets';
import { extractionStudies } from './extract/studies';
import {
  appraisalAgreement,
  appraisalOverview,
  appraisalPlot,
  appraisalQueue,
  appraisalTable,
  appraisalView,
  appraiseStudies,
  assignTool,
  finishAppraisal,
  importAppraisals,
  judgeDomain,
  myAppraisals,
  readAppraiseSettings,
  resolveAppraisal,
  setAppraiseSettings,
} from './appraise/assessments';
import type { AppraiseSettings, JudgeInput } from './appraise/assessments';
import type { Palette } from '#core/appraise/index';
import {
  characteristicsTable,
  crosstab,
  evidenceMap,
  frequencies,
  stratify,
  timeline,
} from '#core/synthesise/index';
import { formatCell } from '#core/extract/index';
import { synthesisInput } from './synthesise/input';
import { exportBundle, importBundle, verifyBundle } from './bundle';
import { checklistFile, reportFile } from './report/files';
import { reviewManuscript } from './report/manuscript';
import type { ReportOptions } from './report/manuscript';
import { chartSpec, renderChart } from './synthesise/charts';
import type { ChartFormat, ChartRequest } from './synthesise/charts';
import { amendProtocol, editProtocol, protocolVersion, readProtocol } from './protocol';
import { reviewChecklist } from './report/checklist';
import type { OpenAccessConfig } from '#sources/index';
import { rerunSearch, runSearch } from './identify/search-run';
import type { RunSearchOptions } from './identify/search-run';

export interface WorkbenchConfig {
  /** SQLite file path, or a `postgres://` url. */
  url: string;
  /** Who is acting (recorded on every event). */
  actor?: string;
  clock?: Clock;
  /** Where full-text PDFs are kept; default REVIEWBENCH_FILES, else beside a SQLite file or in the database. */
  filesFolder?: string;
}

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

export interface ReviewStatus {
  review: ReviewSummary;
  records: number;
  bySource: { source: string; records: number; batches: number }[];
  batches: {
    id: number;
    fileName: string;
    format: string;
    sourceDatabase: string | null;
    platform: string | null;
    searchedOn: string | null;
    records: number;
    issues: number;
    importedAt: string;
  }[];
}

/** Opens the store and returns the library API every shell (CLI, server) uses. */
export async function openWorkbench(config: WorkbenchConfig): Promise<Workbench> {
  const store = await openStore({ url: config.url });
  const filesFolder = config.filesFolder ?? (process.env.REVIEWBENCH_FILES || undefined);
  return new Workbench({
    store,
    actor: config.actor ?? 'local-user',
    clock: config.clock ?? systemClock,
    ...(filesFolder ? { filesFolder } : {}),
  });
}

export class Workbench {
  constructor(readonly context: EngineContext) {}

  get store(): Store {
    return this.context.store;
  }

  /** A copy of this workbench acting as someone else. */
  as(actor: string): Workbench {
    return new Workbench({ ...this.context, actor });
  }

  async close(): Promise<void> {
    await this.context.store.close();
  }

  /** Opens database connections ahead of use (a server about to take requests; see openConnections). */
  openConnections(connections: number): Promise<void> {
    return openConnections(this.context.store, connections);
  }

  /** A reproducibility bundle checked against its manifest (no database needed). */
  verifyBundle(bytes: Uint8Array, fileName?: string) {
    return verifyBundle(bytes, fileName);
  }

  /** Rebuilds a bundle's review in this database, ids and all. */
  importBundle(bytes: Uint8Array, fileName?: string) {
    return importBundle(this.context, bytes, fileName);
  }

  async createReview(input: {
    title: string;
    type?: string;
    protocol?: Protocol;
  }): Promise<ReviewSummary> {
    const title = input.title.trim();
    if (!title) throw new DomainError('review/title-required', 'A review needs a title.');
    const type = input.type ?? 'scoping';
    if (!(REVIEW_TYPES as readonly string[]).includes(type)) {
      throw new DomainError(
        'review/unknown-type',
        `Unknown review type "${type}". Available: ${REVIEW_TYPES.join(', ')}`,
      );
    }
    const createdAt = nowIso(this.context);
    const { db } = this.context.store;
    const id = await db.transaction().execute(async (trx) => {
      const reviewId = await insertReview(trx, {
        title,
        type,
        protocol: JSON.stringify(input.protocol ?? {}),
        settings: JSON.stringify({}),
        created_at: createdAt,
        created_by: this.context.actor,
      });
      await appendEvents(trx, [
        {
          review_id: reviewId,
          type: 'review.created',
          stage: null,
          subject: `review:${reviewId}`,
          actor: this.context.actor,
          payload: JSON.stringify({ title, type }),
          created_at: createdAt,
        },
      ]);
      return reviewId;
    });
    return this.summary((await getReview(db, id))!);
  }

  /** Every review a user account is a member of (bound by account id, not by email). */
  membershipsOf(userId: string) {
    return membershipsOf(this.context, userId);
  }

  /** What an invitation link offers, or why it cannot be used. */
  previewInvitation(token: string) {
    return previewInvitation(this.context, token);
  }

  /** Refuses unless the token is a usable invitation for an account with this email. */
  invitationAdmits(token: string, email: string) {
    return invitationAdmits(this.context, token, email);
  }

  /** Accepts an invitation as a signed-in account: single use, bound to that account. */
  acceptInvitation(token: string, user: AcceptingUser) {
    return acceptInvitation(this.context, token, user);
  }

  async listReviews(): Promise<ReviewSummary[]> {
    return (await listReviews(this.context.store.db)).map((row) => this.summary(row));
  }

  /** Resolves `--review ID`, or the only / most recent review when none is given. */
  async resolveReview(id?: number | string): Promise<ReviewSummary> {
    const { db } = this.context.store;
    if (id !== undefined) {
      const numeric = Number(id);
      const row = Number.isInteger(numeric) ? await getReview(db, numeric) : undefined;
      if (!row) throw new DomainError('review/not-found', `No review with id ${id}.`);
      return this.summary(row);
    }
    const [latest] = await listReviews(db);
    if (!latest)
      throw new DomainError(
        'review/none',
        'There is no review yet. Create one with `reviewbench init --title "..."`.',
      );
    return this.summary(latest);
  }

  /**
   * One review's use cases. `request: true` (the server, once per request) keeps the review's
   * row and reviewers once read, for the rest of that request; writes of them clear it.
   */
  review(reviewId: number, options: { request?: boolean } = {}): ReviewApi {
    return new ReviewApi(
      options.request ? { ...this.context, reads: new Map(), shared: true } : this.context,
      reviewId,
    );
  }

  private summary(row: ReviewRow): ReviewSummary {
    return {
      id: row.id,
      title: row.title,
      type: row.type as ReviewType,
      createdAt: row.created_at,
      protocol: JSON.parse(row.protocol) as Protocol,
    };
  }
}

/** One review's use cases, grouped by pipeline stage. */
export class ReviewApi {
  constructor(
    readonly context: EngineContext,
    readonly reviewId: number,
  ) {}

  readonly identify = {
    /** Imports bytes already in memory. */
    import: (options: ImportFileOptions): Promise<ImportFileResult> =>
      importFile(this.context, this.reviewId, options),
    /** Reads and imports a file from disk (an upload names the file its user chose). */
    importPath: async (
      path: string,
      options: Omit<ImportFileOptions, 'bytes' | 'fileName'> & { fileName?: string } = {},
    ): Promise<ImportFileResult> =>
      importFile(this.context, this.reviewId, {
        ...options,
        fileName: options.fileName ?? basename(path),
        bytes: await readExportFile(path),
      }),
    /** The PRISMA-S search log. */
    log: () => searchLog(this.context, this.reviewId),
    /** Runs a live search and imports the records new to the review. */
    search: (options: RunSearchOptions) => runSearch(this.context, this.reviewId, options),
    rerun: (batchId: number, options?: Omit<RunSearchOptions, 'source' | 'query'>) =>
      rerunSearch(this.context, this.reviewId, batchId, options),
    /** Retracts an import batch nobody has judged beyond de-duplication (see retract.ts). */
    retract: (batchId: number, reason: string) =>
      retractBatch(this.context, this.reviewId, batchId, { reason, by: this.context.actor }),
  };

  readonly deduplicate = {
    run: (options?: DedupRunOptions) => runDeduplication(this.context, this.reviewId, options),
    state: () => describeState(this.context, this.reviewId),
    queue: () => reviewQueue(this.context, this.reviewId),
    show: (pairId: string) => showPair(this.context, this.reviewId, pairId),
    decide: (pairId: string, decision: string, options?: { proposedOnly?: boolean }) =>
      decidePair(this.context, this.reviewId, pairId, decision, options),
    undo: (clusterId: string) => undoCluster(this.context, this.reviewId, clusterId),
    /** Takes one record out of a cluster; the others stay together. */
    removeMember: (clusterId: string, recordId: number) =>
      removeFromCluster(this.context, this.reviewId, clusterId, recordId),
  };

  /** The review's team: members bound to accounts, roles, single-use invitations. */
  readonly team = {
    members: () => listReviewers(this.context, this.reviewId),
    add: (name: string, role = 'reviewer', userId?: string) =>
      addReviewer(this.context, this.reviewId, name, role, userId),
    changeRole: (name: string, role: string) => changeRole(this.context, this.reviewId, name, role),
    remove: (name: string) => removeMember(this.context, this.reviewId, name),
    invite: (input: { role: string; email?: string; days?: number }) =>
      createInvitation(this.context, this.reviewId, input),
    invitations: () => listInvitations(this.context, this.reviewId),
    revokeInvitation: (id: number) => revokeInvitation(this.context, this.reviewId, id),
  };

  /** The records list: every record with its state per stage, one record's history, bulk actions. */
  readonly browse = {
    list: (viewer: Viewer, options?: RecordListOptions) =>
      listReviewRecords(this.context, this.reviewId, viewer, options),
    /** The selected records as a file, as `viewer` may see them (see records/export.ts). */
    export: (viewer: Viewer, format: ExportFormat, selection?: ExportSelection) =>
      exportReviewRecords(this.context, this.reviewId, viewer, format, selection),
    detail: (recordId: number, viewer: Viewer) =>
      reviewRecordDetail(this.context, this.reviewId, recordId, viewer),
    tag: (input: { ids: readonly number[]; tag: string; by: string }) =>
      tagRecords(this.context, this.reviewId, input),
    exclude: (input: { ids: readonly number[]; reason: string; by: string }) =>
      excludeRecords(this.context, this.reviewId, input),
    calibrate: (input: { ids: readonly number[]; stage: ScreenStage }) =>
      assignToCalibration(this.context, this.reviewId, input),
  };

  readonly screen = {
    decide: (input: DecideInput) => decide(this.context, this.reviewId, input),
    resolve: (input: DecideInput) => resolve(this.context, this.reviewId, input),
    next: (reviewer: string, stage: string, skip?: readonly number[]) =>
      next(this.context, this.reviewId, reviewer, stage, skip),
    conflicts: (stage: string, viewer?: string, show?: ConflictFilter) =>
      conflicts(this.context, this.reviewId, stage, viewer, show),
    unresolve: (input: { stage: string; recordId: number; reviewer: string }) =>
      unresolve(this.context, this.reviewId, input),
    settings: () => readScreenSettings(this.context, this.reviewId),
    configure: (change: Partial<ScreenSettings>) =>
      updateSettings(
        this.context,
        this.reviewId,
        (settings) => ({ ...settings, screen: { ...settings.screen, ...change } }),
        'screen.configured',
      ),
    addReviewer: (name: string, role = 'reviewer', userId?: string) =>
      addReviewer(this.context, this.reviewId, name, role, userId),
    reviewers: () => listReviewers(this.context, this.reviewId),
    agreement: (stage: string, options?: { calibration?: boolean }) =>
      computeAgreement(this.context, this.reviewId, stage, options),
    stopCheck: (
      stage: string,
      options?: { recallTarget?: number; confidence?: number; consecutive?: number },
    ) => stopCheck(this.context, this.reviewId, stage, options),
    calibrate: (stage: string, sample: number, seed?: number) =>
      startCalibration(this.context, this.reviewId, stage, sample, seed),
    closeCalibration: () => closeCalibration(this.context, this.reviewId),
    exportSheet: (input: { reviewer: string; stage: string; all?: boolean }) =>
      exportDecisionSheet(this.context, this.reviewId, input),
    importDecisions: (text: string, reviewer: string, stage: string) =>
      importDecisions(this.context, this.reviewId, { text, reviewer, stage }),
    undo: (reviewer: string, stage: string) =>
      undoLastDecision(this.context, this.reviewId, reviewer, stage),
    note: (recordId: number, reviewer: string, text: string) =>
      addNote(this.context, this.reviewId, { recordId, reviewer, kind: 'note', text }),
    tag: (recordId: number, reviewer: string, tag: string) =>
      addNote(this.context, this.reviewId, { recordId, reviewer, kind: 'tag', text: tag }),
    notes: (recordId: number, viewer?: string) =>
      listNotes(this.context, this.reviewId, recordId, viewer),
  };

  /** Retrieve: reports sought, their full texts and studies (see retrieve/retrieve.ts). */
  readonly retrieve = {
    status: () => retrievalStatus(this.context, this.reviewId),
    reasons: () => notRetrievedReasons(this.context, this.reviewId),
    setReasons: (reasons: readonly string[]) =>
      setNotRetrievedReasons(this.context, this.reviewId, reasons),
    attach: (recordId: number, file: FullTextFile) =>
      attachFullText(this.context, this.reviewId, recordId, file),
    attachMany: (files: readonly FullTextFile[]) =>
      attachFullTexts(this.context, this.reviewId, files),
    detach: (recordId: number) => detachFullText(this.context, this.reviewId, recordId),
    notRetrieved: (recordId: number, reason: string) =>
      markNotRetrieved(this.context, this.reviewId, recordId, reason),
    reopen: (recordId: number) => reopenReport(this.context, this.reviewId, recordId),
    linkReports: (a: number, b: number) => linkReports(this.context, this.reviewId, a, b),
    unlink: (recordId: number) => unlinkReport(this.context, this.reviewId, recordId),
    primary: (recordId: number) => choosePrimaryReport(this.context, this.reviewId, recordId),
    file: (recordId: number) => fullTextFile(this.context, this.reviewId, recordId),
    pages: (recordId: number) => fullTextPages(this.context, this.reviewId, recordId),
    search: (words: string) => searchFullTexts(this.context, this.reviewId, words),
    /** Asks open-access services for the reports still to find (the user's contact email). */
    lookup: (config: OpenAccessConfig & { recordIds?: readonly number[] }) =>
      lookUpFullTexts(this.context, this.reviewId, config),
  };

  /** Extract: the review's charting form (see extract/forms.ts). */
  readonly extract = {
    form: () => currentForm(this.context, this.reviewId),
    useTemplate: (templateId: string) => useTemplate(this.context, this.reviewId, templateId),
    importForm: (definition: unknown, origin = 'import') =>
      saveForm(this.context, this.reviewId, definition, origin),
    publishForm: () => publishForm(this.context, this.reviewId),
    settings: () => readExtractSettings(this.context, this.reviewId),
    configure: (change: Partial<ExtractSettings>) =>
      setExtractSettings(this.context, this.reviewId, change),
    /** The included studies to chart. */
    studies: () => extractionStudies(this.context, this.reviewId),
    /** The studies as one extractor sees them (their own progress only). */
    myStudies: (viewer: string) => myStudies(this.context, this.reviewId, viewer),
    /** Every study's status, extractors and open disagreements (the lead's view). */
    overview: () => extractionOverview(this.context, this.reviewId),
    view: (recordId: number, viewer: string) =>
      extractorView(this.context, this.reviewId, recordId, viewer),
    answer: (input: AnswerInput) => saveAnswer(this.context, this.reviewId, input),
    finish: (recordId: number, extractor: string) =>
      finishStudy(this.context, this.reviewId, recordId, extractor),
    reopen: (recordId: number, extractor: string) =>
      reopenStudy(this.context, this.reviewId, recordId, extractor),
    reconcile: () => reconcileQueue(this.context, this.reviewId),
    resolve: (input: ResolveInput) => resolveSlot(this.context, this.reviewId, input),
    agreement: () => extractAgreement(this.context, this.reviewId),
    data: () => extractionData(this.context, this.reviewId),
    importSheet: (input: {
      bytes: Uint8Array;
      fileName: string;
      extractor: string;
      finish?: boolean;
    }) => importExtractionSheet(this.context, this.reviewId, input),
    export: (options: { shape: string; format: string; extractor?: string }) =>
      exportExtraction(this.context, this.reviewId, options),
  };

  /** Appraise: risk of bias per included study (see appraise/assessments.ts). */
  readonly appraise = {
    settings: () => readAppraiseSettings(this.context, this.reviewId),
    configure: (change: Partial<AppraiseSettings> & { tool?: unknown }) =>
      setAppraiseSettings(this.context, this.reviewId, change),
    studies: () => appraiseStudies(this.context, this.reviewId),
    /** The studies as one assessor sees them (their own progress only). */
    myStudies: (viewer: string) => myAppraisals(this.context, this.reviewId, viewer),
    assign: (recordId: number, toolId: string) =>
      assignTool(this.context, this.reviewId, recordId, toolId),
    judge: (input: JudgeInput) => judgeDomain(this.context, this.reviewId, input),
    finish: (recordId: number, assessor: string, unit?: string) =>
      finishAppraisal(this.context, this.reviewId, recordId, assessor, unit),
    view: (recordId: number, viewer: string, unit?: string) =>
      appraisalView(this.context, this.reviewId, recordId, viewer, unit),
    overview: () => appraisalOverview(this.context, this.reviewId),
    reconcile: () => appraisalQueue(this.context, this.reviewId),
    resolve: (input: {
      recordId: number;
      unit?: string;
      domainId: string;
      judgement: string;
      resolver: string;
      justification?: string;
    }) => resolveAppraisal(this.context, this.reviewId, input),
    agreement: (toolId?: string) => appraisalAgreement(this.context, this.reviewId, toolId),
    /** An assessor's judgements made elsewhere, from a robvis table (all or nothing). */
    importTable: (input: { text: string; fileName: string; toolId: string; assessor: string }) =>
      importAppraisals(this.context, this.reviewId, input),
    table: (toolId: string) => appraisalTable(this.context, this.reviewId, toolId),
    plot: (options: { toolId: string; type: 'traffic' | 'summary'; palette?: Palette }) =>
      appraisalPlot(this.context, this.reviewId, options),
  };

  /** The protocol: PCC or PICO, criteria, plans; amendments versioned with their reason. */
  readonly protocol = {
    show: () => readProtocol(this.context, this.reviewId),
    version: (version: number) => protocolVersion(this.context, this.reviewId, version),
    edit: (next: unknown) => editProtocol(this.context, this.reviewId, next),
    amend: (next: unknown, reason: string) =>
      amendProtocol(this.context, this.reviewId, next, reason),
  };

  /** Synthesise: tables, cross-tabs, maps and strata over the settled charting (read-only). */
  readonly synthesise = {
    input: () => synthesisInput(this.context, this.reviewId),
    frequencies: async (field: string) =>
      frequencies(await synthesisInput(this.context, this.reviewId), field),
    crosstab: async (rows: string, cols: string) =>
      crosstab(await synthesisInput(this.context, this.reviewId), rows, cols),
    stratify: async (by: string, tally: string) =>
      stratify(await synthesisInput(this.context, this.reviewId), by, tally),
    map: async (options: { x: string; y: string; colour?: string; panel?: string }) =>
      evidenceMap(await synthesisInput(this.context, this.reviewId), options),
    timeline: async () => timeline(await synthesisInput(this.context, this.reviewId)),
    table: async (fields: readonly string[]) =>
      characteristicsTable(await synthesisInput(this.context, this.reviewId), fields, formatCell),
    /** A chart's spec (frequencies of a field, publications per year, the evidence map). */
    chart: async (request: ChartRequest) =>
      chartSpec(await synthesisInput(this.context, this.reviewId), request),
    /** A chart as SVG, PNG or PDF. */
    chartFile: async (request: ChartRequest, format: ChartFormat) =>
      renderChart(chartSpec(await synthesisInput(this.context, this.reviewId), request), format),
  };

  readonly report = {
    prismaCounts: () => computeReviewPrismaCounts(this.context, this.reviewId),
    /** The reporting checklist filled from the review's records (prisma-scr). */
    checklist: (type: string) => reviewChecklist(this.context, this.reviewId, type),
    /** The checklist as DOCX, PDF, HTML or Markdown. */
    checklistFile: (type: string, format: string) =>
      checklistFile(this.context, this.reviewId, type, format),
    /** The report drafted from the review's records, as a document model. */
    manuscript: (options: ReportOptions = {}) =>
      reviewManuscript(this.context, this.reviewId, options),
    /** The report package's files: docx, pdf, html, md (with its figures) or the xlsx workbook. */
    file: (
      format: string,
      options: ReportOptions & { checklist?: string; figureFolder?: string } = {},
    ) => reportFile(this.context, this.reviewId, format, options),
    /** The reproducibility bundle (zip) and its manifest. */
    bundle: () => exportBundle(this.context, this.reviewId),
    /** Living reviews: freeze this version's totals as the next update's previous column. */
    closeVersion: () => closeVersion(this.context, this.reviewId),
  };

  settings(): Promise<ReviewSettings> {
    return readSettings(this.context, this.reviewId);
  }

  updateSettings(change: (settings: ReviewSettings) => ReviewSettings): Promise<ReviewSettings> {
    return updateSettings(this.context, this.reviewId, change);
  }

  async records(
    options: { search?: string; limit?: number } = {},
  ): Promise<(ReturnType<typeof fromRecordRow> & { id: number; batchId: number })[]> {
    const rows: RecordRow[] = await listRecords(this.context.store.db, {
      reviewId: this.reviewId,
      ...options,
    });
    return rows.map((row) => ({ ...fromRecordRow(row), id: row.id, batchId: row.batch_id }));
  }

  /**
   * Writes the selected records (default: the unique ones) to `path`, whole or not at all, as
   * the acting user sees them (the CLI's user sees every vote).
   */
  async export(
    format: ExportFormat,
    path: string,
    selection: ExportSelection = {},
    viewer: Viewer = { name: this.context.actor, seeOthers: true },
  ): Promise<number> {
    const exported = await exportReviewRecords(
      this.context,
      this.reviewId,
      viewer,
      format,
      selection,
    );
    await writeExport(exported, path);
    return exported.count;
  }

  async status(): Promise<ReviewStatus> {
    const { db } = this.context.store;
    const review = await getReview(db, this.reviewId);
    if (!review) throw new DomainError('review/not-found', `No review with id ${this.reviewId}.`);
    const batches = await listBatches(db, this.reviewId);
    const bySource = new Map<string, { records: number; batches: number }>();
    for (const batch of batches) {
      const key = batch.source_database ?? 'Unknown database';
      const entry = bySource.get(key) ?? { records: 0, batches: 0 };
      entry.records += batch.record_count;
      entry.batches += 1;
      bySource.set(key, entry);
    }
    return {
      review: {
        id: review.id,
        title: review.title,
        type: review.type as ReviewType,
        createdAt: review.created_at,
        protocol: JSON.parse(review.protocol) as Protocol,
      },
      records: await countRecords(db, this.reviewId),
      bySource: [...bySource].map(([source, v]) => ({ source, ...v })),
      batches: batches.map((b) => ({
        id: b.id,
        fileName: b.file_name,
        format: b.format,
        sourceDatabase: b.source_database,
        platform: b.platform,
        searchedOn: b.searched_on,
        records: b.record_count,
        issues: b.issue_count,
        importedAt: b.created_at,
      })),
    };
  }
}
