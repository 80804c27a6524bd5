import { unknownName } from '#core/errors';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatId, FormatReader, FormatWriter, ReadOptions } from './types';
import { bibtexReader, bibtexWriter } from './bibtex/index';
import { cslJsonReader, cslJsonWriter } from './csl-json/index';
import { csvReader, csvWriter } from './csv/index';
import { endnoteXmlReader } from './endnote-xml/index';
import { medlineReader } from './medline/index';
import { pubmedXmlReader } from './pubmed-xml/index';
import { risReader, risWriter } from './ris/index';
import { scopusCsvReader } from './scopus-csv/index';
import { wosTabReader, wosTaggedReader } from './wos/index';

/**
 * Every reader, most specific first: on equal confidence the earlier one wins, so a
 * Scopus CSV is read as `scopus-csv` before the generic `csv`.
 */
const READERS: readonly FormatReader[] = [
  pubmedXmlReader,
  endnoteXmlReader,
  wosTabReader,
  wosTaggedReader,
  medlineReader,
  risReader,
  bibtexReader,
  cslJsonReader,
  scopusCsvReader,
  csvReader,
];

const WRITERS: readonly FormatWriter[] = [risWriter, bibtexWriter, cslJsonWriter, csvWriter];

/** The detected format of a text and how sure the detector is, in [0, 1]. */
export interface DetectedFormat {
  id: FormatId;
  confidence: number;
}

/** Options for `readRecords`: a forced format, or a file name to help detection. */
export interface ReadRecordsOptions extends ReadOptions {
  format?: FormatId;
}

/** What `readRecords` returns: the records, the issues, and which reader ran. */
export interface ReadRecordsResult extends ParseResult<BibRecord> {
  format: FormatId;
}

/** All registered readers. */
export function listReaders(): readonly FormatReader[] {
  return READERS;
}

/** All registered writers. */
export function listWriters(): readonly FormatWriter[] {
  return WRITERS;
}

/** The reader for an id; throws `unknown-name` listing the valid ids. */
export function getReader(id: string): FormatReader {
  const reader = READERS.find((r) => r.id === id);
  if (!reader)
    throw unknownName(
      'format',
      id,
      READERS.map((r) => r.id),
    );
  return reader;
}

/** The writer for an id; throws `unknown-name` listing the valid ids. */
export function getWriter(id: string): FormatWriter {
  const writer = WRITERS.find((w) => w.id === id);
  if (!writer)
    throw unknownName(
      'export format',
      id,
      WRITERS.map((w) => w.id),
    );
  return writer;
}

/** Below this, a reader's claim on a text is a hint, not evidence enough to import by. */
const WEAK = 0.5;
/** Two claims this close, neither strong, leave the format in doubt. */
const CLOSE = 0.1;
const STRONG = 0.9;

/** Every reader's claim on a text, strongest first (claims of 0 left out). */
export function rankFormats(text: string, fileName?: string): DetectedFormat[] {
  const head = text.charCodeAt(0) === 0xfeff ? text.slice(1, 65_537) : text.slice(0, 65_536);
  const claims: DetectedFormat[] = [];
  for (const reader of READERS) {
    let confidence = 0;
    try {
      confidence = reader.detect(head, fileName);
    } catch {
      confidence = 0;
    }
    if (confidence > 0) claims.push({ id: reader.id, confidence });
  }
  // Stable: among equal claims the registry's order decides, as before.
  return claims.sort((a, b) => b.confidence - a.confidence);
}

/**
 * The format of a text when the content says so clearly (the file name only helps); else
 * undefined: no reader claims it, the best claim is weak, or two readers claim it about
 * equally. Importing by a guess reads a damaged JSON export as CSV rows, or `{"a":1}` as a
 * record; `formatDoubt` says what the candidates were.
 */
export function detectFormat(text: string, fileName?: string): DetectedFormat | undefined {
  const [best, second] = rankFormats(text, fileName);
  if (!best || best.confidence < WEAK) return undefined;
  if (second && best.confidence < STRONG && best.confidence - second.confidence < CLOSE)
    return undefined;
  return best;
}

/** The issue for a text whose format `detectFormat` would not name: unknown, or in doubt. */
export function formatDoubt(text: string, fileName?: string): ParseIssue {
  const what = fileName ?? 'the input';
  const candidates = rankFormats(text, fileName).slice(0, 3);
  if (candidates.length === 0)
    return {
      line: 0,
      code: 'format/unknown',
      severity: 'error',
      message: `Could not recognise the format of ${what}: it looks like none of ${READERS.map((r) => r.id).join(', ')}. Check it is the export file, or pass --format.`,
    };
  const names = candidates.map((c) => c.id);
  const question =
    names.length === 1 ? `${names[0]}?` : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}?`;
  return {
    line: 0,
    code: 'format/unsure',
    severity: 'error',
    message: `Could not tell the format of ${what} for sure: ${question} Name it (--format, or Format in the import form), or check the file is the export itself.`,
  };
}

/**
 * Reads an export: the given format, else the detected one. Undetectable text gives no
 * records and a `format/unknown` error rather than an exception.
 */
export function readRecords(text: string, options: ReadRecordsOptions = {}): ReadRecordsResult {
  const records: BibRecord[] = [];
  const { format, issues } = streamRecords(text, (record) => records.push(record), options);
  return { format, records, issues };
}

/** What `streamRecords` returns once every record has been handed over. */
export interface StreamRecordsResult {
  format: FormatId;
  issues: ParseIssue[];
}

/**
 * `readRecords` handing each record to `onRecord` in file order. Readers that can stream do
 * so; the others read the whole text first.
 */
export function streamRecords(
  text: string,
  onRecord: (record: BibRecord) => void,
  options: ReadRecordsOptions = {},
): StreamRecordsResult {
  const format = options.format ?? detectFormat(text, options.fileName)?.id;
  if (format === undefined) return { format: 'csv', issues: [formatDoubt(text, options.fileName)] };
  const reader = getReader(format);
  const { format: _ignored, ...readOptions } = options;
  if (reader.stream) return { format, issues: reader.stream(text, onRecord, readOptions) };
  const { records, issues } = reader.read(text, readOptions);
  for (const record of records) onRecord(record);
  return { format, issues };
}
