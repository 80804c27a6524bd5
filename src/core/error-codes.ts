/**
 * Every error code the core, the engine and the shells raise, with what kind of failure it
 * is. The server maps kinds to HTTP statuses (server/errors.ts) and the CLI to exit codes
 * (cli/output.ts), each through a table the compiler checks is complete: a new code is
 * added here once, with its kind, or `new DomainError` does not compile.
 */
export const ERROR_KINDS = [
  /** The caller sent something wrong: fix the input. */
  'bad-input',
  /** Nobody is signed in. */
  'unauthenticated',
  /** Signed in, but not allowed. */
  'forbidden',
  /** What was named does not exist (here). */
  'not-found',
  /** Allowed and well-formed, but the state does not permit it now. */
  'conflict',
  /** Too many attempts in too short a time. */
  'rate-limited',
  /** A body or file over its limit. */
  'too-large',
  /** Something on our side or upstream failed; not the caller's fault. */
  'failed',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const ERROR_CODES = {
  usage: 'bad-input',
  validation: 'bad-input',
  'unknown-name': 'bad-input',
  'agreement-bad-matrix': 'bad-input',
  'agreement-empty': 'bad-input',
  'ensemble-empty': 'bad-input',
  'explain-bad-record': 'bad-input',
  'explain-no-weights': 'conflict',
  'metric-undefined': 'bad-input',
  'rank-mismatch': 'bad-input',
  'rank-unknown-id': 'bad-input',
  'simulate-bad-prior': 'bad-input',
  'simulate-mismatch': 'bad-input',
  internal: 'failed',

  'auth/unauthenticated': 'unauthenticated',
  'auth/forbidden': 'forbidden',
  'auth/cross-site': 'forbidden',
  'auth/rate-limited': 'rate-limited',
  'auth/sign-up-closed': 'forbidden',
  'auth/bad-setup-token': 'forbidden',
  'auth/weak-password': 'bad-input',
  'http/not-found': 'not-found',
  'http/too-large': 'too-large',
  'http/rate-limited': 'rate-limited',
  'http/unsupported-media': 'bad-input',
  'http/wrong-host': 'bad-input',

  'review/none': 'not-found',
  'review/not-found': 'not-found',
  'review/title-required': 'bad-input',
  'review/unknown-type': 'bad-input',

  'team/mail-needs-email': 'bad-input',
  'team/mail-off': 'conflict',
  'team/bad-name': 'bad-input',
  'team/unknown-role': 'bad-input',
  'team/last-lead': 'conflict',
  'team/member-not-found': 'not-found',
  'team/already-member': 'conflict',
  'team/invitation-not-found': 'not-found',
  'team/invitation-used': 'conflict',
  'team/invitation-expired': 'conflict',
  'team/invitation-revoked': 'conflict',
  'team/invitation-wrong-user': 'forbidden',
  'team/bad-expiry': 'bad-input',

  'identify/batch-in-use': 'conflict',
  'identify/batch-not-found': 'not-found',
  'identify/retract-needs-reason': 'bad-input',
  'identify/empty-query': 'bad-input',
  'identify/not-rerunnable': 'conflict',
  'identify/search-not-found': 'not-found',
  'identify/unknown-source-kind': 'bad-input',

  'deduplicate/cluster-not-found': 'not-found',
  'deduplicate/empty-cluster': 'bad-input',
  'deduplicate/not-a-member': 'bad-input',
  'deduplicate/pair-not-found': 'not-found',
  'deduplicate/pair-not-queued': 'forbidden',
  'deduplicate/unreadable-records': 'failed',

  'screen/bad-reviewer-name': 'bad-input',
  'screen/bad-settings': 'bad-input',
  'records/bad-query': 'bad-input',
  'records/bad-reason': 'bad-input',
  'records/forbidden': 'forbidden',
  'records/not-found': 'not-found',
  'records/too-many': 'bad-input',
  'records/unknown-records': 'bad-input',
  'screen/bad-tag': 'bad-input',
  'screen/duplicate': 'conflict',
  'screen/empty-note': 'bad-input',
  'screen/forbidden': 'forbidden',
  'screen/no-calibration': 'conflict',
  'screen/no-conflict': 'conflict',
  'screen/not-resolved': 'conflict',
  'screen/not-eligible': 'conflict',
  'screen/nothing-to-undo': 'conflict',
  'screen/reason-required': 'bad-input',
  'screen/record-not-found': 'not-found',
  'screen/repeated-record': 'bad-input',
  'screen/unknown-decision': 'bad-input',
  'screen/unknown-reason': 'bad-input',
  'screen/unknown-reviewer': 'bad-input',
  'screen/unknown-stage': 'bad-input',
  'screen/vote-final': 'conflict',

  'retrieve/bad-transition': 'conflict',
  'retrieve/empty': 'bad-input',
  'retrieve/encrypted': 'bad-input',
  'retrieve/no-full-text': 'not-found',
  'retrieve/not-pdf': 'bad-input',
  'retrieve/not-sought': 'conflict',
  'retrieve/record-not-found': 'not-found',
  'retrieve/too-large': 'too-large',
  'retrieve/truncated': 'bad-input',
  'retrieve/unknown-reason': 'bad-input',
  'retrieve/unreadable': 'bad-input',
  'extract/bad-form': 'bad-input',
  'extract/form-exists': 'conflict',
  'extract/no-form': 'not-found',
  'extract/nothing-to-publish': 'conflict',
  'extract/unknown-template': 'bad-input',
  'extract/not-a-study': 'not-found',
  'extract/unknown-field': 'bad-input',
  'extract/bad-answer': 'bad-input',
  'extract/bad-quote': 'bad-input',
  'extract/bad-entity': 'bad-input',
  'extract/closed': 'conflict',
  'extract/enough-extractors': 'conflict',
  'extract/missing-required': 'bad-input',
  'extract/not-in-conflict': 'conflict',
  'extract/forbidden': 'forbidden',
  'extract/bad-sheet': 'bad-input',
  'extract/bad-settings': 'bad-input',
  'extract/bad-export': 'bad-input',
  'appraise/bad-tool': 'bad-input',
  'appraise/unknown-tool': 'bad-input',
  'appraise/bad-answer': 'bad-input',
  'appraise/bad-judgement': 'bad-input',
  'appraise/bad-csv': 'bad-input',
  'appraise/not-a-study': 'not-found',
  'appraise/no-tool': 'conflict',
  'appraise/closed': 'conflict',
  'appraise/enough-assessors': 'conflict',
  'appraise/not-in-conflict': 'conflict',
  'appraise/forbidden': 'forbidden',
  'appraise/incomplete': 'bad-input',
  'synthesise/unknown-field': 'bad-input',
  'protocol/bad-protocol': 'bad-input',
  'report/unknown-checklist': 'bad-input',
  'report/unknown-style': 'bad-input',
  'report/unknown-format': 'bad-input',
  'bundle/tampered': 'bad-input',
  'bundle/malformed': 'bad-input',
  'bundle/not-empty': 'conflict',
  'protocol/amend-instead': 'conflict',
  'protocol/no-reason': 'bad-input',
  'ranking/texts-unreadable': 'failed',
  'report/font-malformed': 'failed',
  'report/font-missing': 'failed',
  'report/import-running': 'conflict',
  'source/gave-up': 'failed',
  'source/http-error': 'failed',
  'source/malformed-response': 'failed',
  'store/unknown-migration': 'failed',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The kind of a code; codes that cross a process boundary unchecked count as failures. */
export function errorKind(code: string): ErrorKind {
  return isErrorCode(code) ? ERROR_CODES[code] : 'failed';
}
