export { readRis, risReader } from './reader';
export { formatRisRecord, risWriter, writeRis } from './writer';
