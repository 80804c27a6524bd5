// What every drawn figure shares (the PRISMA diagram, the risk-of-bias plots): the pinned font's
// metrics and XML text escaping.
export * from './font-metrics';
export { escapeXml } from './xml';
