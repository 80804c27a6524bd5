export { openWorkbench, Workbench, ReviewApi } from './workbench';
export type { WorkbenchConfig, Protocol, ReviewSummary, ReviewStatus } from './workbench';
export type { EngineContext } from './context';
export { SOURCE_KINDS, assertSourceKind, parseBytes } from './identify/import-file';
export type { ImportFileOptions, ImportFileResult, SourceKind } from './identify/import-file';
export { EXPORT_FORMATS } from './records/export';
export type { ExportFormat, ExportSelection } from './records/export';
export type { ReviewerRole, ReviewerView } from './team/members';
export type {
  AcceptingUser,
  InvitationPreview,
  InvitationView,
  NewInvitation,
} from './team/invitations';
export { OPEN_ACCESS_SERVICES } from '#sources/index';
export type { OpenAccessService } from '#sources/index';
export type { LookUpResult } from './retrieve/look-up';
export type { ReviewForm } from './extract/forms';
export type { FullTextFile } from './retrieve/full-texts';
