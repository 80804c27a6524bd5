export { bibtexReader, readBibtex } from './reader';
export { bibtexWriter, writeBibtex } from './writer';
export { decodeLatex, encodeLatex } from './latex';
