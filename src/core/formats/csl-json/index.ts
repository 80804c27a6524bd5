export { cslJsonReader, readCslJson } from './reader';
export { cslJsonWriter, toCslItem, writeCslJson } from './writer';
