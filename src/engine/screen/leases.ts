import type { ScreenStage } from '#core/screen/workflow/index';
import type { EngineContext } from '#engine/context';

/**
 * Who has a record on screen now. With two reviewers per record and twenty reviewers, every
 * reviewer's queue starts at the same top record; without a note of who is looking, all
 * twenty would read it and eighteen would be refused when they vote. A record a reviewer was
 * offered is theirs for a while (a lease); others are offered it only while its votes plus
 * the leases of people who have not voted yet leave a place free. Leases live in the
 * process that serves the queue and expire on their own: they steer offers, never votes.
 */

/** How long an offered record stays held for its reader. */
export const LEASE_MS = 10 * 60 * 1000;

/** recordId -> reviewer -> expiry (ms); one lease per reviewer at a time. */
type StageLeases = { byRecord: Map<number, Map<string, number>>; byReviewer: Map<string, number> };

const leases = new WeakMap<EngineContext['store'], Map<string, StageLeases>>();

export function stageLeases(
  context: EngineContext,
  reviewId: number,
  stage: ScreenStage,
): StageLeases {
  let perStore = leases.get(context.store);
  if (!perStore) leases.set(context.store, (perStore = new Map()));
  const key = `${reviewId}:${stage}`;
  let found = perStore.get(key);
  if (!found) perStore.set(key, (found = { byRecord: new Map(), byReviewer: new Map() }));
  return found;
}

/** Leases on the record held by others who have not voted on it yet, still running. */
export function othersLooking(
  held: StageLeases,
  recordId: number,
  reviewer: string,
  voters: readonly string[],
  now: number,
): number {
  const holders = held.byRecord.get(recordId);
  if (!holders) return 0;
  let count = 0;
  for (const [holder, until] of holders)
    if (holder !== reviewer && until > now && !voters.includes(holder)) count += 1;
  return count;
}

/** Gives the reviewer the record (and lets go of the one they held before). */
export function hold(held: StageLeases, recordId: number, reviewer: string, now: number): void {
  release(held, reviewer);
  let holders = held.byRecord.get(recordId);
  if (!holders) held.byRecord.set(recordId, (holders = new Map()));
  holders.set(reviewer, now + LEASE_MS);
  held.byReviewer.set(reviewer, recordId);
}

/** Lets go of whatever the reviewer held. */
export function release(held: StageLeases, reviewer: string): void {
  const previous = held.byReviewer.get(reviewer);
  if (previous === undefined) return;
  const holders = held.byRecord.get(previous);
  holders?.delete(reviewer);
  if (holders?.size === 0) held.byRecord.delete(previous);
  held.byReviewer.delete(reviewer);
}
