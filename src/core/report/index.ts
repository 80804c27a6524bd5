/** Public face of the report stage: PRISMA counts, their checks, the flow diagram, exchange. */
export {
  computePrismaCounts,
  excludedTotal,
  isReasonKey,
  PRISMA_COUNT_KEYS,
  PRISMA_REASON_KEYS,
  PRISMA_SOURCE_KINDS,
  REASON_NOT_RECORDED,
  sumReasons,
} from './counts';
export type {
  PrismaCountKey,
  PrismaCounts,
  PrismaCountsResult,
  PrismaHistory,
  PrismaNumberKey,
  PrismaPending,
  PrismaReasonKey,
  PrismaReasons,
  PrismaRecordFact,
  PrismaSearchedSource,
  PrismaSourceKind,
} from './counts';
export { checkPrismaCounts, PRISMA_RULE_IDS } from './check';
export type { CheckPrismaOptions, PrismaRuleId, PrismaViolation } from './check';
export {
  DEFAULT_BOX_TEXT,
  getPrismaTemplate,
  inferPrismaTemplate,
  isBoxTextKey,
  PRISMA_TEMPLATE_NAMES,
  PRISMA_TEMPLATES,
  resolveBoxText,
  SCOPING_BOX_TEXT,
} from './templates';
export type { BoxText, BoxTextKey, PrismaTemplate, PrismaTemplateName } from './templates';
export { formatCount, layoutPrismaDiagram, PRISMA_COLOURS, wrapText } from './layout';
export type {
  LayoutArrow,
  LayoutBox,
  LayoutBoxKind,
  LayoutTextLine,
  PrismaDiagramOptions,
  PrismaLayout,
} from './layout';
export { renderLayoutSvg, renderPrismaSvg } from './svg';
export { escapeXml } from '#core/render/index';
export {
  exportPrismaCsv,
  formatPrismaJson,
  formatReasons,
  importPrismaCsv,
  parseCount,
  parsePrismaJson,
  parseReasons,
} from './csv';
export type { ExportPrismaCsvOptions, ParsedReasons, PrismaImportResult } from './csv';
export {
  FONT_ASCENT,
  FONT_DESCENT,
  FONT_UNITS_PER_EM,
  MEASURED_CODE_POINTS,
  measureText,
  PRISMA_FONT_FAMILY,
  REGULAR_WIDTHS,
  BOLD_WIDTHS,
} from '#core/render/index';
export {
  CHECKLISTS,
  CHECKLIST_SECTIONS,
  PRISMA_2020_CHECKLIST,
  PRISMA_SCR_CHECKLIST,
} from './checklist';
export type { ChecklistItem, ChecklistSection, ChecklistType } from './checklist';
export { PRISMA_SMALL_EXAMPLE, PRISMA_UPDATED_EXAMPLE, PRISMA_WORKED_EXAMPLE } from './examples';
export { fillChecklist, fillScrChecklist, reviewParagraphs } from './checklist-fill';
export type { ChecklistStatus, FilledItem, ReviewFacts, ReviewParagraphs } from './checklist-fill';
export { AMA_CSL, NUMBERED_STYLES, REFERENCE_STYLES, toCsl } from './csl';
export type { CslItem, ReferenceStyle } from './csl';
export {
  DRAFT_MARK,
  checklistDocument,
  columnShares,
  paragraphText,
  renderHtml,
  renderMarkdown,
} from './document';
export type { Block, ReportDocument } from './document';
export { buildManuscript } from './manuscript';
export type { Figure, ManuscriptInput } from './manuscript';
