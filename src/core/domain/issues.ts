/** How bad a parse problem is: an `error` loses data, a `warning` does not. */
export type IssueSeverity = 'error' | 'warning' | 'info';

/** A problem found in input, reported as data (parsers never throw on bad input). */
export interface ParseIssue {
  /** 1-based line in the input; 0 when the problem concerns the whole file. */
  line: number;
  /** Stable machine-readable code, e.g. `ris/missing-er`. */
  code: string;
  severity: IssueSeverity;
  message: string;
}

/** What every reader returns. */
export interface ParseResult<T> {
  records: T[];
  issues: ParseIssue[];
}
