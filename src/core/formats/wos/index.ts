export { readWosTagged, wosTaggedReader } from './tagged';
export { readWosTab, wosTabReader } from './tab';
export { buildWosRecord } from './fields';
