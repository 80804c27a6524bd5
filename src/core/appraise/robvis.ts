import { DomainError } from '#core/errors';
import { parseDelimited } from '#core/formats/csv/parse-delimited';
import { quoteCsvCell } from '#core/formats/csv/writer';
import { findTool, genericTool } from './registry';
import type { AppraisalTool } from './types';

/**
 * Risk-of-bias summary tables in robvis's layout: one row per study, `Study`, one column per
 * domain, `Overall`, an optional numeric `Weight` (METHODS.md 3.7). Also robvis's bias-direction
 * table (`d1j, d1t, d1d, ...` per domain: judgement, type and direction of bias, with effect
 * sizes). Both import into one shape the plots draw and both export again as they came.
 */

export interface AppraisalRow {
  study: string;
  /** Judgement per domain column, in the tool's words. */
  judgements: Record<string, string>;
  overall?: string;
  weight?: number;
  /** Bias-direction tables: type and direction of bias per domain column. */
  types?: Record<string, string>;
  directions?: Record<string, string>;
  /** The review's study and unit the row stands for (tables built from a review). */
  recordId?: number;
  unit?: string;
  /** Cells of columns the table carries besides (bias-direction: result_id, type, yi, vi). */
  extra?: Record<string, string>;
}

export interface AppraisalTable {
  tool: AppraisalTool;
  /** Domain columns, in order, with the caption each domain has. */
  domains: { column: string; name: string }[];
  hasOverall: boolean;
  rows: AppraisalRow[];
  /** The layout the table came in (exported back the same way). */
  layout: 'robvis' | 'direction';
  /** Bias-direction tables: the full header, kept to write it back. */
  header?: string[];
}

/** robvis's words for QUADAS-2 (Some concerns) and ours (Unclear). */
const QUADAS_WORDS: Record<string, string> = { 'Some concerns': 'Unclear' };
const QUADAS_BACK: Record<string, string> = { Unclear: 'Some concerns' };

/** The tool's level `word` names, matched without regard to case; undefined when unknown. */
function level(tool: AppraisalTool, word: string): string | undefined {
  // R writes a missing value as NA: robvis reads it as not applicable.
  if (word.trim() === 'NA') return 'Not applicable';
  const text = (tool.id === 'quadas-2' ? (QUADAS_WORDS[word.trim()] ?? word) : word).trim();
  return [...tool.judgements, 'Not applicable'].find((j) => j.toLowerCase() === text.toLowerCase());
}

/** How a level is written in robvis's table for this tool. */
export function robvisWord(tool: AppraisalTool, judgement: string): string {
  return tool.id === 'quadas-2' ? (QUADAS_BACK[judgement] ?? judgement) : judgement;
}

/** The robvis template's tool: ROB2 -> rob2 and so on; Generic takes its domains from the header. */
const TEMPLATE_TOOLS: Record<string, string> = {
  rob2: 'rob2',
  'rob2-cluster': 'rob2-cluster',
  'robins-i': 'robins-i',
  'robins-e': 'robins-e',
  'quadas-2': 'quadas-2',
  quips: 'quips',
};

/**
 * Reads a robvis table for `toolId` (a ReviewBench tool id, or `generic` with domains named by
 * the header; `rob1` is robvis's deprecated alias of Generic). Every problem is refused with its
 * line and column: a missing or extra domain column, a judgement the tool does not know, a
 * weight that is not a number.
 */
export function importRobvisCsv(
  text: string,
  toolOrId: string | AppraisalTool,
  file = 'the table',
): AppraisalTable {
  const toolId = typeof toolOrId === 'string' ? toolOrId : toolOrId.id;
  const parsed = parseDelimited(text, ',');
  const rows = parsed.rows.filter((r) => r.cells.some((c) => c.trim()));
  const [headerRow, ...data] = rows;
  if (!headerRow) throw new DomainError('appraise/bad-csv', `${file} is empty.`);
  const header = headerRow.cells.map((c) => c.trim());
  if (header.some((h) => /^d\d+j$/i.test(h))) return importDirection(header, data, file);
  const problems: string[] = [];
  // A table with its own domain names (robvis's Generic), unless the caller names the tool.
  const generic = typeof toolOrId === 'string' && (toolId === 'generic' || toolId === 'rob1');
  const hasWeight = header.at(-1)?.toLowerCase() === 'weight';
  const body = header.slice(1, hasWeight ? -1 : undefined);
  const hasOverall = body.at(-1)?.toLowerCase() === 'overall';
  const domainColumns = hasOverall ? body.slice(0, -1) : body;
  if (header[0]?.toLowerCase() !== 'study')
    problems.push(`line ${headerRow.line}: the first column is "Study", not "${header[0] ?? ''}"`);
  let tool: AppraisalTool;
  if (generic) {
    if (domainColumns.length === 0)
      throw new DomainError(
        'appraise/bad-csv',
        `${file}, line ${headerRow.line}: no domain column.`,
      );
    tool = genericTool({
      id: 'generic',
      name: 'Generic (domains from the table)',
      judgements: ['Low', 'Unclear', 'Some concerns', 'Moderate', 'High', 'Serious', 'Critical'],
      domains: domainColumns.map((c, i) => ({
        id: /^[A-Za-z0-9_.-]{1,20}$/.test(c) ? c : `D${i + 1}`,
        name: c.replace(/\./g, ' '),
      })),
    });
  } else {
    tool = typeof toolOrId === 'string' ? findTool(TEMPLATE_TOOLS[toolId] ?? toolId) : toolOrId;
    const expected = tool.domains.map((d) => d.column);
    const missing = expected.filter((c) => !domainColumns.includes(c));
    const unknown = domainColumns.filter((c) => !expected.includes(c));
    if (missing.length)
      problems.push(
        `line ${headerRow.line}: no column for domain${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${tool.id} (expected Study, ${expected.join(', ')}, Overall[, Weight])`,
      );
    if (unknown.length)
      problems.push(
        `line ${headerRow.line}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a domain of ${tool.id}`,
      );
  }
  const columns = generic ? tool.domains.map((d) => d.column) : domainColumns;
  const out: AppraisalRow[] = [];
  for (const row of data) {
    const cells = row.cells.map((c) => c.trim());
    if (cells.length !== header.length) {
      problems.push(`line ${row.line}: ${cells.length} cells for ${header.length} columns`);
      continue;
    }
    const judgements: Record<string, string> = {};
    domainColumns.forEach((column, i) => {
      const word = cells[i + 1] ?? '';
      const known = level(tool, word);
      if (!known)
        problems.push(
          `line ${row.line}, column ${column}: "${word}" is not a judgement of ${tool.id} (${tool.judgements.join(', ')})`,
        );
      else judgements[columns[i]!] = known;
    });
    const entry: AppraisalRow = { study: cells[0] ?? '', judgements };
    if (hasOverall) {
      const word = cells[domainColumns.length + 1] ?? '';
      const known = level(tool, word);
      if (!known)
        problems.push(
          `line ${row.line}, column Overall: "${word}" is not a judgement of ${tool.id}`,
        );
      else entry.overall = known;
    }
    if (hasWeight) {
      const weight = Number(cells.at(-1));
      if (!Number.isFinite(weight) || weight < 0)
        problems.push(`line ${row.line}, column Weight: "${cells.at(-1) ?? ''}" is not a weight`);
      else entry.weight = weight;
    }
    if (!entry.study) problems.push(`line ${row.line}: no study name`);
    out.push(entry);
  }
  if (out.length === 0 && problems.length === 0) problems.push(`${file} has no study row`);
  if (problems.length)
    throw new DomainError(
      'appraise/bad-csv',
      `${file}: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? `; and ${problems.length - 20} more` : ''}.`,
      { problems },
    );
  return {
    tool,
    domains: columns.map((column, i) => ({
      column,
      name: generic
        ? domainColumns[i]!.replace(/\./g, ' ')
        : (tool.domains.find((d) => d.column === column)?.name ?? column),
    })),
    hasOverall,
    rows: out,
    layout: 'robvis',
    ...(generic ? { header } : {}),
  };
}

function importDirection(
  header: string[],
  data: { cells: string[]; line: number }[],
  file: string,
): AppraisalTable {
  const domains = header
    .map((h) => /^d(\d+)j$/i.exec(h)?.[1])
    .filter((n): n is string => n !== undefined);
  const tool = genericTool({
    id: 'generic',
    name: 'Bias direction table',
    judgements: ['Low', 'Some concerns', 'Moderate', 'High', 'Serious', 'Very high', 'Critical'],
    domains: domains.map((n) => ({ id: `D${n}`, name: `D${n}` })),
  });
  const at = (name: string) => header.findIndex((h) => h.toLowerCase() === name);
  const studyAt = at('study');
  const overallAt = at('overall');
  const problems: string[] = [];
  const rows = data.map((row): AppraisalRow => {
    const cells = row.cells;
    const judgements: Record<string, string> = {};
    const types: Record<string, string> = {};
    const directions: Record<string, string> = {};
    for (const n of domains) {
      const word = cells[at(`d${n}j`)] ?? '';
      const known = level(tool, word);
      if (!known) problems.push(`line ${row.line}, column d${n}j: "${word}" is not a judgement`);
      else judgements[`D${n}`] = known;
      types[`D${n}`] = cells[at(`d${n}t`)] ?? '';
      directions[`D${n}`] = cells[at(`d${n}d`)] ?? '';
    }
    const extra: Record<string, string> = {};
    header.forEach((h, i) => {
      if (!/^d\d+[jtd]$/i.test(h) && i !== studyAt && i !== overallAt)
        extra[`${i}`] = cells[i] ?? '';
    });
    const overall = overallAt >= 0 ? level(tool, cells[overallAt] ?? '') : undefined;
    return {
      study: cells[studyAt] ?? '',
      judgements,
      ...(overall ? { overall } : {}),
      types,
      directions,
      extra,
    };
  });
  if (studyAt < 0) problems.push('line 1: no "study" column');
  if (problems.length)
    throw new DomainError('appraise/bad-csv', `${file}: ${problems.join('; ')}.`, { problems });
  return {
    tool,
    domains: domains.map((n) => ({ column: `D${n}`, name: `D${n}` })),
    hasOverall: overallAt >= 0,
    rows,
    layout: 'direction',
    header,
  };
}

/** A table back in robvis's layout (the bias-direction layout when it came as one). */
export function exportRobvisCsv(table: AppraisalTable): string {
  if (table.layout === 'direction') return exportDirection(table);
  const hasWeight = table.rows.some((r) => r.weight !== undefined);
  const header = table.header ?? [
    'Study',
    ...table.domains.map((d) => d.column),
    ...(table.hasOverall ? ['Overall'] : []),
    ...(hasWeight ? ['Weight'] : []),
  ];
  const lines = [header.map(quoteCsvCell).join(',')];
  for (const row of table.rows)
    lines.push(
      [
        row.study,
        ...table.domains.map((d) =>
          robvisWord(table.tool, row.judgements[d.column] ?? 'No information'),
        ),
        ...(table.hasOverall ? [robvisWord(table.tool, row.overall ?? 'No information')] : []),
        ...(hasWeight ? [String(row.weight ?? '')] : []),
      ]
        .map(quoteCsvCell)
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}

/** As R's write.csv writes it: text quoted, numbers bare. */
function rCell(text: string): string {
  return /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(text) || text === 'NA'
    ? text
    : `"${text.replace(/"/g, '""')}"`;
}

function exportDirection(table: AppraisalTable): string {
  const header = table.header!;
  const lines = [header.map((h) => `"${h}"`).join(',')];
  for (const row of table.rows) {
    const cells = header.map((h, i) => {
      const domain = /^d(\d+)([jtd])$/i.exec(h);
      if (domain) {
        const key = `D${domain[1]}`;
        const part = domain[2]!.toLowerCase();
        const judgement = row.judgements[key];
        return part === 'j'
          ? judgement === 'Not applicable'
            ? 'NA'
            : (judgement ?? '')
          : part === 't'
            ? (row.types?.[key] ?? '')
            : (row.directions?.[key] ?? '');
      }
      if (h.toLowerCase() === 'study') return row.study;
      if (h.toLowerCase() === 'overall') return row.overall ?? '';
      return row.extra?.[`${i}`] ?? '';
    });
    // R quotes its row names (the unnamed first column) like text.
    lines.push(cells.map((c, i) => (i === 0 && header[0] === '' ? `"${c}"` : rCell(c))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
