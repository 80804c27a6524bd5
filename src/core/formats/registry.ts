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

/** Guesses the format from content (the file name only breaks ties); undefined if none fits. */
export function detectFormat(text: string, fileName?: string): DetectedFormat | undefined {
  const head = text.charCodeAt(0) === 0xfeff ? text.slice(1, 65_537) : text.slice(0, 65_536);
  let best: DetectedFormat | undefined;
  for (const reader of READERS) {
    let confidence = 0;
    try {
      confidence = reader.detect(head, fileName);
    } catch {
      confidence = 0;
    }
    if (confidence > 0 && (!best || confidence > best.confidence)) {
      best = { id: reader.id, confidence };
    }
  }
  return best;
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
  if (format === undefined) {
    return {
      format: 'csv',
      issues: [
        {
          line: 0,
          code: 'format/unknown',
          severity: 'error',
          message: `Could not recognise the format of ${options.fileName ?? 'the input'}.`,
        },
      ],
    };
  }
  const reader = getReader(format);
  const { format: _ignored, ...readOptions } = options;
  if (reader.stream) return { format, issues: reader.stream(text, onRecord, readOptions) };
  const { records, issues } = reader.read(text, readOptions);
  for (const record of records) onRecord(record);
  return { format, issues };
}
