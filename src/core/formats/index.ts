/** Public face of the bibliographic formats: readers, writers, detection and normalisers. */
export { FORMAT_IDS, WRITER_IDS } from './types';
export type { FormatId, FormatReader, FormatWriter, ReadOptions, WriterId } from './types';
export {
  detectFormat,
  getReader,
  getWriter,
  listReaders,
  listWriters,
  readRecords,
} from './registry';
export type { DetectedFormat, ReadRecordsOptions, ReadRecordsResult } from './registry';
export { decodeBytes } from './encoding';
export type { DecodeResult } from './encoding';
export {
  normaliseDoi,
  normalisePages,
  normalisePmid,
  parseAuthorName,
  parseYear,
} from './normalise';
export { recordsFromRows } from './csv/index';
export type { RecordsFromRowsOptions } from './csv/index';
