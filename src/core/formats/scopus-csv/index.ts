export { readScopusCsv, scopusCsvReader } from './reader';
