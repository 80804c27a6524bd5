/**
 * The report and the checklist as files: one document model (core/report/document.ts) written
 * as DOCX, PDF, HTML or Markdown; the data as an XLSX workbook.
 */
import { checklistDocument, renderHtml, renderMarkdown } from '#core/report/index';
import type { ReportDocument } from '#core/report/index';
import { DomainError } from '#core/errors';
import { getReview } from '#store/index';
import type { EngineContext } from '#engine/context';
import { reviewChecklist } from './checklist';
import { reviewManuscript } from './manuscript';
import type { ReportOptions } from './manuscript';
import { renderDocumentPdf } from './pdf';
import { reviewWorkbook } from './workbook';

export const REPORT_FORMATS = ['docx', 'pdf', 'html', 'md', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ReportFile {
  format: ReportFormat;
  contentType: string;
  bytes: Uint8Array;
  /** Markdown: the figures it links to, as SVG files named by `figures/<id>.svg`. */
  figures?: { path: string; bytes: Uint8Array }[];
}

export function reportFormat(name: string): ReportFormat {
  const format = name.toLowerCase().replace(/^markdown$/, 'md');
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    throw new DomainError(
      'report/unknown-format',
      `A report is written as ${REPORT_FORMATS.join(', ')}; got "${name}".`,
    );
  return format as ReportFormat;
}

const encode = (text: string) => new TextEncoder().encode(text);

/** A document in a format (not xlsx: the workbook is data, not a document). */
export async function documentFile(
  doc: ReportDocument,
  format: Exclude<ReportFormat, 'xlsx'>,
  figureFolder = 'figures',
): Promise<ReportFile> {
  const contentType = REPORT_CONTENT_TYPES[format];
  // docx is loaded on first use: commands that write no DOCX do not pay for it.
  if (format === 'docx')
    return { format, contentType, bytes: await (await import('./docx')).renderDocx(doc) };
  if (format === 'pdf') return { format, contentType, bytes: await renderDocumentPdf(doc) };
  if (format === 'html') return { format, contentType, bytes: encode(renderHtml(doc)) };
  const figures = doc.blocks.flatMap((b) =>
    b.kind === 'figure' ? [{ path: `${figureFolder}/${b.id}.svg`, bytes: encode(b.svg) }] : [],
  );
  return {
    format,
    contentType,
    bytes: encode(renderMarkdown(doc, (f) => `${figureFolder}/${f.id}.svg`)),
    figures,
  };
}

/** The report package's file in `format`. */
export async function reportFile(
  context: EngineContext,
  reviewId: number,
  formatName: string,
  options: ReportOptions & { checklist?: string; figureFolder?: string } = {},
): Promise<ReportFile> {
  const format = reportFormat(formatName);
  if (format === 'xlsx') {
    const review = await getReview(context.store.db, reviewId);
    const type = options.checklist ?? (review?.type === 'scoping' ? 'prisma-scr' : 'prisma-2020');
    if (type !== 'prisma-scr' && type !== 'prisma-2020')
      throw new DomainError('report/unknown-checklist', `Unknown checklist "${type}".`);
    return {
      format,
      contentType: REPORT_CONTENT_TYPES.xlsx,
      bytes: await reviewWorkbook(context, reviewId, type),
    };
  }
  return documentFile(
    await reviewManuscript(context, reviewId, options),
    format,
    options.figureFolder,
  );
}

/** The filled checklist as a file (DOCX, PDF, HTML or Markdown). */
export async function checklistFile(
  context: EngineContext,
  reviewId: number,
  type: string,
  formatName: string,
): Promise<ReportFile> {
  const format = reportFormat(formatName);
  if (format === 'xlsx')
    throw new DomainError(
      'report/unknown-format',
      'A checklist is written as docx, pdf, html or md (the workbook holds it as a sheet).',
    );
  const items = await reviewChecklist(context, reviewId, type);
  const review = await getReview(context.store.db, reviewId);
  return documentFile(checklistDocument(type, review?.title ?? '', items), format);
}
