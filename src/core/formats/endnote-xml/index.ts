export { endnoteXmlReader, readEndnoteXml } from './reader';
