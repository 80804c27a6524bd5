export * from './types';
export {
  ROB2,
  ROB2_CLUSTER,
  proposeD1,
  proposeD2Adhering,
  proposeD2Assignment,
  proposeD3,
  proposeD4,
  proposeD5,
  rob2Overall,
} from './rob2';
export { SYRCLE, syrcleItem } from './syrcle';
export {
  JBI_TOOLS,
  QUADAS_2,
  ROBINS_E,
  ROBINS_I,
  ROBINS_I_V2,
  quadasDomain,
  robinsIOverall,
} from './others';
export {
  APPRAISAL_TOOLS,
  findTool,
  genericTool,
  genericToolSchema,
  judge,
  overallOf,
  toolSummary,
} from './registry';
export type { GenericToolDefinition, Judged } from './registry';
export { exportRobvisCsv, importRobvisCsv, robvisWord } from './robvis';
export type { AppraisalRow, AppraisalTable } from './robvis';
export { renderSceneSvg, roleOf, summaryScene, summaryShares, trafficLightScene } from './plots';
export type { Palette, Scene, Shape } from './plots';
