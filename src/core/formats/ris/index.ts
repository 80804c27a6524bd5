export { readRis, risCutPoints, risReader, streamRis } from './reader';
export { formatRisRecord, risWriter, writeRis } from './writer';
