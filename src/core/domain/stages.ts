/**
 * The review pipeline, written once. Folder names in every layer, CLI command
 * groups and API route prefixes are these words.
 */
export const STAGES = [
  'identify',
  'deduplicate',
  'screen',
  'retrieve',
  'extract',
  'appraise',
  'synthesise',
  'report',
] as const;

export type Stage = (typeof STAGES)[number];
