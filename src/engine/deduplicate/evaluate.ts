import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  evaluateAgainstGold,
  evaluatePairLabels,
  findDuplicates,
  inferAsysdGold,
  inferFlaggedDuplicateGold,
  parseDedupeTrainingPairs,
  parseMergedRecordIds,
} from '#core/deduplicate/index';
import type { DedupEvaluation, DedupInput, PairLabelEvaluation } from '#core/deduplicate/index';
import { DomainError } from '#core/errors';
import { decodeBytes } from '#core/formats/index';
import { parseBytes } from '#engine/identify/import-file';

export interface GoldEvaluationResult {
  dataset: string;
  gold: string;
  records: number;
  /** How the gold sets were obtained. */
  goldSource: 'merged-ids' | 'asysd-labels' | 'flagged-duplicates' | 'labelled-pairs';
  evaluation: DedupEvaluation | PairLabelEvaluation;
}

/**
 * Runs de-duplication on a gold-standard dataset and scores it over record
 * pairs. `gold` is a merged-ids CSV (with `records`), a labelled-pairs JSON,
 * or a records file that carries its own labels (ASySD CSV, flagged EndNote XML).
 */
export async function evaluateGold(options: {
  gold: string;
  records?: string;
}): Promise<GoldEvaluationResult> {
  const goldText = decodeBytes(new Uint8Array(await readFile(options.gold))).text;
  if (goldText.trimStart().startsWith('{')) {
    const { records, pairs } = parseDedupeTrainingPairs(goldText);
    const result = findDuplicates(records);
    return {
      dataset: basename(options.gold),
      gold: basename(options.gold),
      records: records.length,
      goldSource: 'labelled-pairs',
      evaluation: evaluatePairLabels(result, pairs),
    };
  }
  const recordsPath = options.records ?? options.gold;
  const parsed = await parseBytes({
    bytes: await readFile(recordsPath),
    fileName: basename(recordsPath),
  });
  if (parsed.issues.some((i) => i.severity === 'error')) {
    throw new DomainError(
      'deduplicate/unreadable-records',
      `${recordsPath} has errors: ${parsed.issues
        .filter((i) => i.severity === 'error')
        .map((i) => `line ${i.line}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const inputs: DedupInput[] = parsed.records.map((record, index) => ({
    id: record.sourceRecordId ?? `row-${index + 1}`,
    record,
  }));
  let gold: string[][];
  let goldSource: GoldEvaluationResult['goldSource'];
  if (options.records && options.records !== options.gold) {
    gold = parseMergedRecordIds(goldText);
    goldSource = 'merged-ids';
  } else if (parsed.format === 'endnote-xml') {
    gold = inferFlaggedDuplicateGold(inputs);
    goldSource = 'flagged-duplicates';
  } else {
    gold = inferAsysdGold(inputs);
    goldSource = 'asysd-labels';
  }
  const result = findDuplicates(inputs);
  return {
    dataset: basename(recordsPath),
    gold: basename(options.gold),
    records: inputs.length,
    goldSource,
    evaluation: evaluateAgainstGold(
      result,
      gold,
      inputs.map((input) => input.id),
    ),
  };
}
