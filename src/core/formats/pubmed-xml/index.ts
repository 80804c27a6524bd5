export { pubmedXmlReader, readPubmedXml } from './reader';
