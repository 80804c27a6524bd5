import type { Random } from '#core/ports';

/**
 * Calibration rounds, for every stage two people judge: before the main round the team
 * judges the same small set of items first (a seeded sample, or items a lead picks), compares
 * its agreement on them, and settles how it reads the criteria or the form. A round is open
 * until a lead closes it; its judgements stay and count like any other.
 */
export interface CalibrationRound<Level extends string = string> {
  /** The level judged in the round: a screening stage, a form, a tool. */
  stage: Level;
  /** Item ids, ascending. */
  recordIds: number[];
  startedAt: string;
  closedAt?: string;
}

/** The round in force at `stage`: open, and at that level. */
export function openRound<Level extends string>(
  round: CalibrationRound<Level> | undefined,
  stage: Level,
): CalibrationRound<Level> | undefined {
  return round && !round.closedAt && round.stage === stage ? round : undefined;
}

/** Why a calibration sample of `size` cannot be drawn from `available` items, or undefined. */
export function sampleRefusal(size: number, available: number): string | undefined {
  if (!Number.isInteger(size) || size < 2)
    return `A calibration sample needs at least 2 items, got ${size}.`;
  if (available < 2)
    return `A calibration sample needs at least 2 items; ${available} can be judged.`;
  return undefined;
}

/**
 * A seeded random sample of `size` items (all of them when fewer), ascending: the same seed
 * over the same items gives the same round, so a round can be described and redrawn.
 */
export function drawSample(pool: readonly number[], size: number, random: Random): number[] {
  const shuffled = [...pool];
  for (let i = shuffled.length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled.slice(0, size).sort((a, b) => a - b);
}

/** A new round of `items` at `stage`. */
export function startRound<Level extends string>(
  stage: Level,
  items: readonly number[],
  now: string,
): CalibrationRound<Level> {
  return { stage, recordIds: [...new Set(items)].sort((a, b) => a - b), startedAt: now };
}

/**
 * `items` added to the round open at `stage`, or the first items of a new one (a closed
 * round, or one at another level, is replaced): with how many were new to it.
 */
export function addToRound<Level extends string>(
  round: CalibrationRound<Level> | undefined,
  stage: Level,
  items: readonly number[],
  now: string,
): { round: CalibrationRound<Level>; added: number } {
  const open = openRound(round, stage);
  const before = new Set(open?.recordIds ?? []);
  const recordIds = [...new Set([...before, ...items])].sort((a, b) => a - b);
  return {
    round: { stage, recordIds, startedAt: open?.startedAt ?? now },
    added: recordIds.length - before.size,
  };
}

/** The round closed at `now`; closing a closed round keeps its first closing time. */
export function closeRound<Level extends string>(
  round: CalibrationRound<Level>,
  now: string,
): CalibrationRound<Level> {
  return round.closedAt ? round : { ...round, closedAt: now };
}

/**
 * The first item of the open round at `stage` that `offer` accepts: a round's items come
 * before anything else an assessor is offered.
 */
export function firstInRound<Level extends string>(
  round: CalibrationRound<Level> | undefined,
  stage: Level,
  offer: (id: number) => boolean,
): number | undefined {
  return openRound(round, stage)?.recordIds.find(offer);
}
