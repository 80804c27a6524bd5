import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import type { DecisionFact, ScreenDecisionValue } from '#core/screen/workflow/index';
import type { StageDecisionsView } from './decisions';
import { deriveOutcome } from '#core/screen/workflow/index';
import { firstOpen, ownTrainingLabels, remainingFor, summarise, trainingLabels } from './summary';
import type { Eligible, StageSummary } from './summary';

/** A stage's decisions held in memory with a change log, as the store cache keeps them. */
class Decisions implements StageDecisionsView {
  byRecord = new Map<number, DecisionFact[]>();
  seenThrough = 0;
  log: number[] = [];
  base = 0;
  get changes(): number {
    return this.base + this.log.length;
  }
  changedSince(changes: number): readonly number[] | undefined {
    return changes < this.base ? undefined : this.log.slice(changes - this.base);
  }
  /** A reviewer's vote (or a resolution), superseding their current one. */
  vote(
    recordId: number,
    reviewer: string,
    decision: ScreenDecisionValue,
    resolution = false,
  ): void {
    const kept = (this.byRecord.get(recordId) ?? []).filter(
      (f) => !(f.reviewer === reviewer && f.resolution === resolution),
    );
    this.seenThrough += 1;
    kept.push({
      id: this.seenThrough,
      recordId,
      stage: 'ti-ab',
      reviewer,
      decision,
      resolution,
      createdAt: '2026-11-24T00:00:00.000Z',
    });
    this.byRecord.set(recordId, kept);
    this.log.push(recordId);
  }
  /** An undo: the reviewer's vote is withdrawn. */
  withdraw(recordId: number, reviewer: string): void {
    const kept = (this.byRecord.get(recordId) ?? []).filter((f) => f.reviewer !== reviewer);
    this.seenThrough += 1;
    if (kept.length === 0) this.byRecord.delete(recordId);
    else this.byRecord.set(recordId, kept);
    this.log.push(recordId);
  }
  forget(): void {
    this.base += this.log.length;
    this.log = [];
  }
}

/** The summary computed from nothing, for comparison with one kept up to date. */
function fromScratch(decisions: Decisions, eligible: Eligible, reviewersPerRecord: number) {
  const fresh = new Decisions();
  fresh.byRecord = decisions.byRecord;
  return plain(summarise(fresh, eligible, { reviewersPerRecord }));
}

function plain(summary: StageSummary) {
  return {
    settled: summary.settled,
    closed: summary.closed,
    labelled: summary.labelled,
    found: summary.found,
    labelKey: summary.labelKey,
    byReviewer: [...summary.byReviewer]
      .filter(([, t]) => t.decided > 0 || t.closed > 0)
      .sort(([a], [b]) => a.localeCompare(b)),
    views: [...summary.views].sort(([a], [b]) => a - b),
    labels: trainingLabels(summary),
    own: ['ana', 'ben', 'cy'].map((reviewer) => ownTrainingLabels(summary, reviewer)),
  };
}

/**
 * The queue's rule read straight from the decisions: a record is open to a reviewer until
 * they voted on it, a resolver settled it, or every required vote is in.
 */
function openByDefinition(
  decisions: Decisions,
  eligible: Eligible,
  reviewer: string,
  reviewersPerRecord: number,
): number[] {
  return eligible.ids.filter((id) => {
    const facts = decisions.byRecord.get(id) ?? [];
    if (facts.some((f) => f.resolution)) return false;
    if (facts.some((f) => f.reviewer === reviewer)) return false;
    return facts.length < reviewersPerRecord;
  });
}

/** Settled labels read straight from the outcomes. */
function labelsByDefinition(decisions: Decisions, eligible: Eligible, reviewersPerRecord: number) {
  const labels = new Map<number, 0 | 1>();
  for (const id of eligible.ids) {
    const outcome = deriveOutcome(decisions.byRecord.get(id) ?? [], { reviewersPerRecord });
    if (outcome.status === 'decided') labels.set(id, outcome.decision === 'exclude' ? 0 : 1);
  }
  return labels;
}

/** Settled labels plus `reviewer`'s own current votes on eligible records that are not settled. */
function ownLabelsByDefinition(
  decisions: Decisions,
  eligible: Eligible,
  reviewersPerRecord: number,
  reviewer: string,
) {
  const labels = labelsByDefinition(decisions, eligible, reviewersPerRecord);
  for (const id of eligible.ids) {
    if (labels.has(id)) continue;
    const mine = (decisions.byRecord.get(id) ?? []).find(
      (f) => f.reviewer === reviewer && !f.resolution,
    );
    if (mine) labels.set(id, mine.decision === 'exclude' ? 0 : 1);
  }
  return labels;
}

describe('stage summary', () => {
  it('kept up to date change by change, equals the summary computed from nothing', () => {
    const random = createRandom(7);
    const reviewers = ['ana', 'ben', 'cy', 'lead'];
    const decisionValues: ScreenDecisionValue[] = ['include', 'exclude', 'maybe'];
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    // Records 36-40 were removed as duplicates: decisions on them are not counted.
    const set = new Set(ids.slice(0, 35));
    const eligible: Eligible = { ids: ids.slice(0, 35), has: (id) => set.has(id) };
    for (const reviewersPerRecord of [1, 2]) {
      const decisions = new Decisions();
      for (let step = 0; step < 600; step += 1) {
        const recordId = ids[random.int(ids.length)]!;
        const roll = random.next();
        if (roll < 0.7)
          decisions.vote(
            recordId,
            reviewers[random.int(3)]!,
            decisionValues[random.int(decisionValues.length)]!,
          );
        else if (roll < 0.85) decisions.withdraw(recordId, reviewers[random.int(3)]!);
        else if (roll < 0.95) decisions.vote(recordId, 'lead', 'include', true);
        // Now and then the log is forgotten: the summary is derived again from the whole map.
        else if (roll < 0.97) decisions.forget();
        if (step % 7 === 0) {
          const summary = summarise(decisions, eligible, { reviewersPerRecord });
          expect(plain(summary)).toEqual(fromScratch(decisions, eligible, reviewersPerRecord));
          for (const reviewer of reviewers) {
            const open = openByDefinition(decisions, eligible, reviewer, reviewersPerRecord);
            expect(firstOpen(summary, reviewer)).toBe(open[0]);
            expect(remainingFor(summary, eligible.ids.length, reviewer)).toBe(open.length);
          }
          const settledLabels = labelsByDefinition(decisions, eligible, reviewersPerRecord);
          expect(new Map(trainingLabels(summary).map((l) => [l.id, l.label]))).toEqual(
            settledLabels,
          );
          // A reviewer's own ranking adds their votes on records that are not settled, only.
          for (const reviewer of reviewers)
            expect(new Map(trainingLabels(summary, reviewer).map((l) => [l.id, l.label]))).toEqual(
              ownLabelsByDefinition(decisions, eligible, reviewersPerRecord, reviewer),
            );
        }
      }
      const final = summarise(decisions, eligible, { reviewersPerRecord });
      expect(plain(final)).toEqual(fromScratch(decisions, eligible, reviewersPerRecord));
      expect(final.settled).toBeGreaterThan(0);
      expect(final.labelled).toBeGreaterThan(final.found);
    }
  });

  it('counts progress as the queue states it: votes of your own, settled records, settled labels in order', () => {
    const decisions = new Decisions();
    const ids = [1, 2, 3, 4];
    const eligible: Eligible = { ids, has: (id) => ids.includes(id) };
    decisions.vote(1, 'ana', 'include');
    decisions.vote(1, 'ben', 'include'); // decided: include
    decisions.vote(2, 'ana', 'exclude');
    decisions.vote(2, 'ben', 'include'); // conflict
    decisions.vote(3, 'ana', 'exclude'); // in progress
    decisions.vote(9, 'ana', 'include'); // not eligible
    const summary = summarise(decisions, eligible, { reviewersPerRecord: 2 });
    expect(summary.settled).toBe(1);
    expect(summary.closed).toBe(2);
    expect(summary.byReviewer.get('ana')).toEqual({ decided: 3, closed: 2 });
    expect(summary.byReviewer.get('ben')).toEqual({ decided: 2, closed: 2 });
    expect(remainingFor(summary, 4, 'ana')).toBe(1);
    expect(remainingFor(summary, 4, 'ben')).toBe(2);
    // Only a settled outcome teaches the model: Ana's lone vote on record 3 does not.
    expect(trainingLabels(summary)).toEqual([{ id: 1, label: 1 }]);
    const key = summary.labelKey;
    // Ana has voted on 1-3: her next is 4; Ben's is 3, which waits for his vote.
    expect(firstOpen(summary, 'ana')).toBe(4);
    expect(firstOpen(summary, 'ben')).toBe(3);
    // Ana's own ranking learns her lone vote and her side of the conflict, nothing of Ben's.
    const anaOwn = ownTrainingLabels(summary, 'ana');
    expect(trainingLabels(summary, 'ana')).toEqual([
      { id: 1, label: 1 },
      { id: 2, label: 0 },
      { id: 3, label: 0 },
    ]);
    expect(trainingLabels(summary, 'ben')).toEqual([
      { id: 1, label: 1 },
      { id: 2, label: 1 },
    ]);
    // Ben's vote on record 4 (unsettled) changes nothing the model or Ana's ranking sees.
    decisions.vote(4, 'ben', 'maybe');
    expect(summarise(decisions, eligible, { reviewersPerRecord: 2 }).labelKey).toBe(key);
    expect(ownTrainingLabels(summary, 'ana').key).toBe(anaOwn.key);
    expect(ownTrainingLabels(summary, 'ben').key).not.toBe('');
    decisions.vote(2, 'lead', 'exclude', true);
    decisions.vote(3, 'ben', 'exclude');
    const resolved = summarise(decisions, eligible, { reviewersPerRecord: 2 });
    expect(resolved).toBe(summary);
    expect(resolved.found).toBe(1);
    expect(resolved.labelKey).not.toBe(key);
    expect(trainingLabels(resolved).map((l) => l.id)).toEqual([1, 2, 3]);
    // Every vote on record 1 undone: it is open again, before the ones the scan had passed.
    decisions.withdraw(1, 'ana');
    decisions.withdraw(1, 'ben');
    const undone = summarise(decisions, eligible, { reviewersPerRecord: 2 });
    expect(firstOpen(undone, 'ana')).toBe(1);
    expect(undone.settled).toBe(2);
  });
});
