import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BibRecord } from '#core/domain/index';
import {
  inferAsysdGold,
  inferFlaggedDuplicateGold,
  parseDedupeTrainingPairs,
  parseMergedRecordIds,
} from '#core/deduplicate/index';
import type { DedupInput, LabelledPair } from '#core/deduplicate/index';
import { decodeBytes, readRecords } from '#core/formats/index';
import type { FormatId } from '#core/formats/index';

/** The shared corpus beside the project (`../shared/data`). */
export const CORPUS = path.resolve(process.cwd(), '../shared/data');

/** One de-duplication gold standard: records with ids and the gold duplicate sets. */
export interface DedupGoldSet {
  name: string;
  inputs: DedupInput[];
  gold: string[][];
  /** How the gold was obtained (given by the file, or inferred: see gold.ts). */
  goldSource: string;
}

/** The file paths a set needs, relative to the corpus. */
export const GOLD_SET_FILES: Record<string, string[]> = {
  'colrev/cytology_screening': ['colrev-bib-dedupe/cytology_screening/records_pre_merged.csv'],
  'colrev/haematology': ['colrev-bib-dedupe/haematology/records_pre_merged.csv'],
  'colrev/special_cases': ['colrev-bib-dedupe/special_cases/records_pre_merged.csv'],
  'asysd/diabetes': ['camaradesuk-ASySD/labelled_test_set.csv'],
  'sra/tafenoquine': ['iebh-dedupe-sweep/tafenoquine.xml'],
};

/** True when the corpus has every file of the set. */
export function hasGoldSet(name: string): boolean {
  return (GOLD_SET_FILES[name] ?? []).every((file) => existsSync(path.join(CORPUS, file)));
}

function readText(file: string): string {
  return decodeBytes(new Uint8Array(readFileSync(path.join(CORPUS, file)))).text;
}

function readInputs(file: string, format: FormatId): DedupInput[] {
  const { records } = readRecords(readText(file), { format, fileName: path.basename(file) });
  return records.map((record: BibRecord, index) => ({
    id: record.sourceRecordId ?? `row-${index + 1}`,
    record,
  }));
}

/** Loads a named gold set from the corpus. */
export function loadGoldSet(name: string): DedupGoldSet {
  if (name.startsWith('colrev/')) {
    const folder = `colrev-bib-dedupe/${name.slice('colrev/'.length)}`;
    return {
      name,
      inputs: readInputs(`${folder}/records_pre_merged.csv`, 'csv'),
      gold: parseMergedRecordIds(readText(`${folder}/merged_record_ids.csv`)),
      goldSource: 'merged_record_ids.csv',
    };
  }
  if (name === 'asysd/diabetes') {
    const inputs = readInputs('camaradesuk-ASySD/labelled_test_set.csv', 'csv');
    return {
      name,
      inputs,
      gold: inferAsysdGold(inputs),
      goldSource: 'inferred: source=unique heads',
    };
  }
  if (name === 'sra/tafenoquine') {
    const inputs = readInputs('iebh-dedupe-sweep/tafenoquine.xml', 'endnote-xml');
    return {
      name,
      inputs,
      gold: inferFlaggedDuplicateGold(inputs),
      goldSource: 'inferred: caption=Duplicate',
    };
  }
  throw new Error(`Unknown gold set ${name}`);
}

/** The colandr labelled pairs, when the corpus has them. */
export function loadLabelledPairs(): { inputs: DedupInput[]; pairs: LabelledPair[] } | undefined {
  const file = 'colandr-dedupe-pairs/dedupe_citations_training.json';
  if (!existsSync(path.join(CORPUS, file))) return undefined;
  const { records, pairs } = parseDedupeTrainingPairs(readText(file));
  return { inputs: records, pairs };
}
