/** Public face of the bibliographic formats: readers, writers, detection and normalisers. */
export { FORMAT_IDS, WRITER_IDS } from './types';
export type {
  FormatId,
  FormatReader,
  FormatWriter,
  ReadOptions,
  StreamOptions,
  WriterId,
} from './types';
export {
  detectFormat,
  formatDoubt,
  rankFormats,
  getReader,
  getWriter,
  listReaders,
  listWriters,
  readRecords,
  streamRecords,
} from './registry';
export type {
  DetectedFormat,
  ReadRecordsOptions,
  ReadRecordsResult,
  StreamRecordsResult,
} from './registry';
export { decodeBytes, decodePiece, pieceDecoding } from './encoding';
export type { DecodeResult, PieceDecoding } from './encoding';
export {
  normaliseDoi,
  normalisePages,
  normalisePmid,
  parseAuthorName,
  parseYear,
} from './normalise';
export { CSV_COLUMN_TEXT, CSV_EXPORT_COLUMNS, quoteCsvCell, recordsFromRows } from './csv/index';
export type { RecordsFromRowsOptions } from './csv/index';
