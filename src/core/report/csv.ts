/**
 * Exchange of PRISMA counts with the PRISMA2020 R package / Shiny app: its CSV template
 * (columns data,node,box,description,boxtext,tooltips,url,n; METHODS 1.4.1), and a plain JSON
 * object keyed by the same data keys.
 */
import type { ParseIssue, ReviewType } from '#core/domain/index';
import { isReasonKey, PRISMA_COUNT_KEYS } from './counts';
import type { PrismaCountKey, PrismaCounts, PrismaReasons } from './counts';
import { DEFAULT_BOX_TEXT, isBoxTextKey, resolveBoxText } from './templates';
import type { BoxTextKey } from './templates';

/** One row of the template: `key` is the data key, or the box id for title and side rows. */
interface TemplateRow {
  key: string;
  /** Whether the key goes in the `data` column (number rows) or only in `box` (labels). */
  dataRow: boolean;
  node: string;
  box: string;
  description: string;
  boxtext: string;
}

const row = (
  key: string,
  node: string,
  box: string,
  description: string,
  boxtext?: string,
): TemplateRow => ({
  key,
  dataRow: key !== box,
  node,
  box,
  description,
  boxtext: boxtext ?? (isBoxTextKey(key) ? DEFAULT_BOX_TEXT[key] : description),
});

/** The rows of the current PRISMA2020 template (v1.1.x), in its order. */
const TEMPLATE_ROWS: readonly TemplateRow[] = [
  row('prevstud', 'node4', 'prevstud', 'Grey title box: previous studies'),
  row('previous_studies', 'node5', 'box1', 'Studies included in the previous version'),
  row('previous_reports', 'NA', 'box1', 'Reports of studies included in the previous version'),
  row('newstud', 'node6', 'newstud', 'Yellow title box: new studies via databases and registers'),
  row('database_results', 'node7', 'box2', 'Records identified from databases'),
  row(
    'database_specific_results',
    'NA',
    'box2',
    'Records per database: "Database 1, n; Database 2, n"',
    'Specific Databases',
  ),
  row('register_results', 'NA', 'box2', 'Records identified from registers'),
  row(
    'register_specific_results',
    'NA',
    'box2',
    'Records per register: "Register 1, n; Register 2, n"',
    'Specific Registers',
  ),
  row('othstud', 'node16', 'othstud', 'Grey title box: new studies via other methods'),
  row('website_results', 'node17', 'box11', 'Records identified from websites'),
  row('organisation_results', 'NA', 'box11', 'Records identified from organisations'),
  row('citations_results', 'NA', 'box11', 'Records identified from citation searching'),
  row('duplicates', 'node8', 'box3', 'Duplicate records removed before screening'),
  row('excluded_automatic', 'NA', 'box3', 'Records marked as ineligible by automation tools'),
  row('excluded_other', 'NA', 'box3', 'Records removed for other reasons before screening'),
  row('records_screened', 'node9', 'box4', 'Records screened (databases and registers)'),
  row('records_excluded', 'node10', 'box5', 'Records excluded (databases and registers)'),
  row(
    'dbr_sought_reports',
    'node11',
    'box6',
    'Reports sought for retrieval (databases and registers)',
  ),
  row(
    'dbr_notretrieved_reports',
    'node12',
    'box7',
    'Reports not retrieved (databases and registers)',
  ),
  row('other_sought_reports', 'node18', 'box12', 'Reports sought for retrieval (other methods)'),
  row('other_notretrieved_reports', 'node19', 'box13', 'Reports not retrieved (other methods)'),
  row(
    'dbr_assessed',
    'node13',
    'box8',
    'Reports assessed for eligibility (databases and registers)',
  ),
  row(
    'dbr_excluded',
    'node14',
    'box9',
    'Reports excluded with reasons: "Reason 1, n; Reason 2, n"',
  ),
  row('other_assessed', 'node20', 'box14', 'Reports assessed for eligibility (other methods)'),
  row('other_excluded', 'node21', 'box15', 'Reports excluded with reasons (other methods)'),
  row('new_studies', 'node15', 'box10', 'New studies included in the review'),
  row('new_reports', 'NA', 'box10', 'Reports of new included studies'),
  row('total_studies', 'node22', 'box16', 'Total studies included in the review'),
  row('total_reports', 'NA', 'box16', 'Reports of total included studies'),
  row('identification', 'node1', 'identification', 'Blue side label: identification'),
  row('screening', 'node2', 'screening', 'Blue side label: screening'),
  row('included', 'node3', 'included', 'Blue side label: included'),
  row(
    'total_studies_ma',
    'node23',
    'box17',
    'Studies in meta-analysis (not drawn by ReviewBench)',
    'Total studies included in meta-analysis',
  ),
  row(
    'total_reports_ma',
    'NA',
    'box17',
    'Reports in meta-analysis (not drawn by ReviewBench)',
    'Reports of total included studies in meta-analysis',
  ),
];

/** Rows the template has but ReviewBench does not draw (meta-analysis is never used here). */
const IGNORED_KEYS = new Set(['total_studies_ma', 'total_reports_ma']);

/** Rows ReviewBench adds after the template's own when `extensions` is on. */
const EXTENSION_ROWS: readonly TemplateRow[] = [
  row('records_excluded_human', 'NA', 'box5', 'Records excluded by a human'),
  row('records_excluded_automation', 'NA', 'box5', 'Records excluded by automation tools'),
];

const CSV_COLUMNS = ['data', 'node', 'box', 'description', 'boxtext', 'tooltips', 'url', 'n'];

/** Options of `exportPrismaCsv`. */
export interface ExportPrismaCsvOptions {
  reviewType?: ReviewType;
  boxText?: Readonly<Record<string, string>>;
  /**
   * Also write the human/automation split of records excluded. Off by default: the R package
   * finds rows by substring, so `records_excluded_human` would shadow `records_excluded` there.
   */
  extensions?: boolean;
}

/** What an import found: counts, box-text overrides and problems as data. */
export interface PrismaImportResult {
  counts: PrismaCounts;
  /** Box text that differs from the PRISMA 2020 defaults, ready for `options.boxText`. */
  boxText: Partial<Record<BoxTextKey, string>>;
  issues: ParseIssue[];
}

function quoteCsv(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// The R package splits reason lists on ";", so a ";" inside a name would split it.
const cleanName = (name: string): string => name.replace(/;/g, ',').trim();

/** Writes a reasons object as the template's `"Reason 1, 12; Reason 2, 3"` string. */
export function formatReasons(reasons: PrismaReasons): string {
  return Object.entries(reasons)
    .map(([name, n]) => `${cleanName(name)}, ${n}`)
    .join('; ');
}

function cellValue(counts: PrismaCounts, key: string): string {
  if (!(PRISMA_COUNT_KEYS as readonly string[]).includes(key)) return 'NA';
  const k = key as PrismaCountKey;
  if (k === 'dbr_excluded' || k === 'other_excluded') {
    const reasons = counts[k];
    const total = k === 'dbr_excluded' ? counts.dbr_excluded_total : counts.other_excluded_total;
    if (reasons && Object.keys(reasons).length > 0) return formatReasons(reasons);
    return total !== undefined ? String(total) : reasons ? '0' : 'NA';
  }
  const value = counts[k];
  if (value === undefined) return 'NA';
  return typeof value === 'number' ? String(value) : formatReasons(value);
}

/** Writes counts (and box text) as the PRISMA2020 package's CSV template. */
export function exportPrismaCsv(
  counts: PrismaCounts,
  options: ExportPrismaCsvOptions = {},
): string {
  const text = resolveBoxText(options.reviewType ?? 'systematic', options.boxText);
  const rows = options.extensions ? [...TEMPLATE_ROWS, ...EXTENSION_ROWS] : TEMPLATE_ROWS;
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const boxtext = isBoxTextKey(r.key) ? text[r.key] : r.boxtext;
    const n = r.dataRow ? cellValue(counts, r.key) : 'NA';
    const cells = [
      r.dataRow ? r.key : 'NA',
      r.node,
      r.box,
      r.description,
      boxtext,
      r.description,
      'NA',
      n,
    ];
    lines.push(cells.map(quoteCsv).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Splits CSV text into rows of cells (RFC 4180 quoting), keeping each row's 1-based line. */
function splitCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

const isMissing = (value: string): boolean => /^\s*(NA)?\s*$/i.test(value);

/**
 * Reads a number the way the R package does: every character other than digits and "." is
 * dropped ("1,200" -> 1200). Returns undefined when no digit is left.
 */
export function parseCount(value: string): number | undefined {
  const cleaned = value.replace(/[^0-9.]/g, '');
  if (!/\d/.test(cleaned)) return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : undefined;
}

/** A parsed reasons cell: named counts, or a bare total when the cell held only a number. */
export interface ParsedReasons {
  reasons: PrismaReasons;
  total?: number;
  /** Parts that had no count, e.g. the template's placeholder "Reason1, xxx". */
  invalid: string[];
}

/**
 * Parses `"Reason 1, 12; Reason 2, 1,200"`. The count is the digits-and-commas run after the
 * last comma that is followed by nothing else, so reasons may themselves contain commas.
 */
export function parseReasons(value: string): ParsedReasons {
  const result: ParsedReasons = { reasons: {}, invalid: [] };
  if (isMissing(value)) return result;
  if (/^[\s\d,.]+$/.test(value)) {
    const total = parseCount(value);
    if (total !== undefined) result.total = total;
    return result;
  }
  for (const part of value.split(/;\s*/)) {
    const piece = part.trim();
    if (!piece) continue;
    const match = /^(.*?),\s*(\d[\d,]*(?:\.\d+)?)\s*$/.exec(piece);
    const name = match?.[1]?.trim();
    const n = match?.[2] === undefined ? undefined : parseCount(match[2]);
    if (!name || n === undefined) {
      result.invalid.push(piece);
      continue;
    }
    result.reasons[name] = (result.reasons[name] ?? 0) + n;
  }
  return result;
}

const KNOWN_KEYS = new Set<string>([
  ...TEMPLATE_ROWS.map((r) => r.key),
  ...EXTENSION_ROWS.map((r) => r.key),
]);

/**
 * Reads the PRISMA2020 CSV template, tolerantly: missing rows are absent counts, numbers may
 * carry thousands separators, unknown rows and unreadable cells become issues. Keys match
 * exactly (the package's substring match would confuse `total_studies` with `total_studies_ma`).
 */
export function importPrismaCsv(text: string): PrismaImportResult {
  const issues: ParseIssue[] = [];
  const counts: PrismaCounts = {};
  const boxText: Partial<Record<BoxTextKey, string>> = {};
  const rows = splitCsv(text);
  const header = rows.shift();
  const names = (header?.cells ?? []).map((c) => c.trim().toLowerCase());
  const col = (name: string): number => names.indexOf(name);
  const dataCol = col('data') >= 0 ? col('data') : 0;
  const boxCol = col('box');
  const nCol = col('n');
  const textCol = col('boxtext');
  if (!header || nCol < 0) {
    issues.push({
      line: header?.line ?? 0,
      code: 'prisma-csv/missing-column',
      severity: 'error',
      message:
        'The CSV has no "n" column; expected data,node,box,description,boxtext,tooltips,url,n',
    });
    return { counts, boxText, issues };
  }
  const seen = new Set<string>();
  for (const { line, cells } of rows) {
    const data = cells[dataCol]?.trim() ?? '';
    const key = isMissing(data) ? (boxCol >= 0 ? (cells[boxCol]?.trim() ?? '') : '') : data;
    if (!KNOWN_KEYS.has(key)) {
      issues.push({
        line,
        code: 'prisma-csv/unknown-row',
        severity: 'warning',
        message: `Unknown row "${key}" ignored`,
      });
      continue;
    }
    if (seen.has(key)) {
      issues.push({
        line,
        code: 'prisma-csv/duplicate-row',
        severity: 'warning',
        message: `Row "${key}" appears again; the later value wins`,
      });
    }
    seen.add(key);
    const label = textCol >= 0 ? (cells[textCol]?.trim() ?? '') : '';
    if (isBoxTextKey(key) && !isMissing(label) && label !== DEFAULT_BOX_TEXT[key]) {
      boxText[key] = label;
    }
    if (IGNORED_KEYS.has(key) || !(PRISMA_COUNT_KEYS as readonly string[]).includes(key)) continue;
    const raw = cells[nCol] ?? '';
    if (isMissing(raw)) continue;
    if (isReasonKey(key)) {
      const parsed = parseReasons(raw);
      for (const bad of parsed.invalid) {
        issues.push({
          line,
          code: 'prisma-csv/bad-reason',
          severity: 'warning',
          message: `"${bad}" in ${key} has no count ("Reason, 12") and was skipped`,
        });
      }
      if (Object.keys(parsed.reasons).length > 0) counts[key] = parsed.reasons;
      if (parsed.total !== undefined) {
        if (key === 'dbr_excluded') counts.dbr_excluded_total = parsed.total;
        else if (key === 'other_excluded') counts.other_excluded_total = parsed.total;
        else {
          issues.push({
            line,
            code: 'prisma-csv/bad-reason',
            severity: 'warning',
            message: `${key} needs names with counts ("Source, 12"), got "${raw}"`,
          });
        }
      }
      continue;
    }
    const n = parseCount(raw);
    if (n === undefined) {
      issues.push({
        line,
        code: 'prisma-csv/bad-number',
        severity: 'warning',
        message: `${key}: "${raw}" is not a number and was skipped`,
      });
      continue;
    }
    (counts as Record<string, number>)[key] = n;
  }
  return { counts, boxText, issues };
}

/** Writes all counts as JSON keyed by the data keys, in diagram order. */
export function formatPrismaJson(counts: PrismaCounts): string {
  const ordered: Record<string, unknown> = {};
  for (const key of PRISMA_COUNT_KEYS) {
    if (counts[key] !== undefined) ordered[key] = counts[key];
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** Reads counts written by `formatPrismaJson` (numbers as strings with commas are accepted). */
export function parsePrismaJson(text: string): PrismaImportResult {
  const issues: ParseIssue[] = [];
  const counts: PrismaCounts = {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    issues.push({
      line: 0,
      code: 'prisma-json/invalid',
      severity: 'error',
      message: `Not JSON: ${(error as Error).message}`,
    });
    return { counts, boxText: {}, issues };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({
      line: 0,
      code: 'prisma-json/invalid',
      severity: 'error',
      message: 'Expected an object keyed by PRISMA data keys',
    });
    return { counts, boxText: {}, issues };
  }
  const toNumber = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v)
      ? v
      : typeof v === 'string'
        ? parseCount(v)
        : undefined;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!(PRISMA_COUNT_KEYS as readonly string[]).includes(key)) {
      issues.push({
        line: 0,
        code: 'prisma-json/unknown-key',
        severity: 'warning',
        message: `Unknown key "${key}" ignored`,
      });
      continue;
    }
    if (v === null) continue;
    if (isReasonKey(key)) {
      if (typeof v === 'string') {
        counts[key] = parseReasons(v).reasons;
        continue;
      }
      const reasons: PrismaReasons = {};
      for (const [name, n] of Object.entries((v ?? {}) as Record<string, unknown>)) {
        const parsed = toNumber(n);
        if (parsed === undefined) {
          issues.push({
            line: 0,
            code: 'prisma-json/bad-number',
            severity: 'warning',
            message: `${key}.${name} is not a number`,
          });
        } else reasons[name] = parsed;
      }
      counts[key] = reasons;
      continue;
    }
    const n = toNumber(v);
    if (n === undefined) {
      issues.push({
        line: 0,
        code: 'prisma-json/bad-number',
        severity: 'warning',
        message: `${key} is not a number`,
      });
    } else (counts as Record<string, number>)[key] = n;
  }
  return { counts, boxText: {}, issues };
}
