export { medlineReader, readMedline } from './reader';
