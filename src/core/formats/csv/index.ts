export { csvReader, readCsv, recordsFromRows, splitAuthorsCell } from './reader';
export type { RecordsFromRowsOptions } from './reader';
export { csvWriter, writeCsv, CSV_COLUMN_TEXT, CSV_EXPORT_COLUMNS, quoteCsvCell } from './writer';
export { parseDelimited, sniffDelimiter } from './parse-delimited';
export type { DelimitedRow, ParseDelimitedResult } from './parse-delimited';
export { mapColumns, normaliseHeader, CSV_FIELDS } from './column-map';
export type { CsvField } from './column-map';
