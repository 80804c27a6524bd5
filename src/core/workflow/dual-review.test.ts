import { describe, expect, it } from 'vitest';
import {
  blindView,
  changeRefusal,
  isClosed,
  isSettled,
  JUDGEMENT_STATUSES,
  judgementOutcome,
  needsJudgementFrom,
  resolutionRefusal,
} from './dual-review';
import type { Judgement } from './dual-review';

let nextId = 1;
function vote(assessor: string, value: string, resolution = false): Judgement<string> {
  return { id: nextId++, assessor, value, resolution };
}

describe('judgementOutcome', () => {
  it('is pending with no judgement and in progress until the required number agree', () => {
    expect(judgementOutcome([], 2)).toEqual({ status: 'pending', assessors: [] });
    expect(judgementOutcome([vote('ana', 'include')], 2)).toEqual({
      status: 'in-progress',
      assessors: ['ana'],
    });
    const both = [vote('ana', 'include'), vote('ben', 'include')];
    expect(judgementOutcome(both, 2)).toMatchObject({
      status: 'agreed',
      value: 'include',
      settledBy: both[0],
      assessors: ['ana', 'ben'],
    });
  });

  it('is a conflict as soon as two independent judgements differ, even before all are in', () => {
    expect(judgementOutcome([vote('ana', 'include'), vote('ben', 'exclude')], 3).status).toBe(
      'conflict',
    );
  });

  it('lets the latest resolution settle the item whatever the votes say', () => {
    const first = vote('lead', 'exclude', true);
    const latest = vote('lead', 'include', true);
    const outcome = judgementOutcome(
      [vote('ana', 'include'), vote('ben', 'exclude'), latest, first],
      2,
    );
    expect(outcome).toMatchObject({ status: 'resolved', value: 'include', settledBy: latest });
    expect(outcome.assessors).toEqual(['ana', 'ben']);
  });

  it('compares values with the stage’s own sameness', () => {
    const votes: Judgement<{ level: string }>[] = [
      { id: 1, assessor: 'ana', value: { level: 'low' }, resolution: false },
      { id: 2, assessor: 'ben', value: { level: 'low' }, resolution: false },
    ];
    expect(judgementOutcome(votes, 2).status).toBe('conflict');
    expect(judgementOutcome(votes, 2, (a, b) => a.level === b.level).status).toBe('agreed');
  });

  it('settles with one agreeing judgement when one is required', () => {
    expect(judgementOutcome([vote('ana', 'exclude')], 1)).toMatchObject({
      status: 'agreed',
      value: 'exclude',
    });
  });
});

describe('isSettled and isClosed', () => {
  it('separate final values from items that left the assessors’ queues', () => {
    const settled = JUDGEMENT_STATUSES.filter(isSettled);
    const closed = JUDGEMENT_STATUSES.filter(isClosed);
    expect(settled).toEqual(['agreed', 'resolved']);
    expect(closed).toEqual(['conflict', 'agreed', 'resolved']);
  });
});

describe('changeRefusal', () => {
  it('lets minds change freely without blinding', () => {
    for (const status of JUDGEMENT_STATUSES) expect(changeRefusal(status, false)).toBeUndefined();
  });

  it('makes a closed item final under blinding, in words that do not tell agreement from conflict', () => {
    expect(changeRefusal('pending', true)).toBeUndefined();
    expect(changeRefusal('in-progress', true)).toBeUndefined();
    const messages = new Set(
      (['conflict', 'agreed', 'resolved'] as const).map((s) => changeRefusal(s, true)),
    );
    expect(messages.size).toBe(1);
    const [message] = [...messages];
    expect(message).toMatch(/final/);
  });
});

describe('needsJudgementFrom', () => {
  const j = (assessor: string, resolution = false) => ({ assessor, resolution });

  it('offers an item to every assessor who still owes a judgement', () => {
    expect(needsJudgementFrom([], 'ana', 2)).toBe(true);
    expect(needsJudgementFrom([j('ana')], 'ben', 2)).toBe(true);
    expect(needsJudgementFrom([j('ana')], 'ana', 2)).toBe(false);
  });

  it('stops offering it once the required judgements are in or a resolver settled it', () => {
    expect(needsJudgementFrom([j('ana'), j('ben')], 'cem', 2)).toBe(false);
    expect(needsJudgementFrom([j('ana'), j('ben')], 'cem', 3)).toBe(true);
    expect(needsJudgementFrom([j('ana'), j('lead', true)], 'ben', 2)).toBe(false);
  });
});

describe('resolutionRefusal', () => {
  const team = { resolvers: [], leads: ['lead'], assessors: ['lead', 'ana', 'ben'] };

  it('lets the leads resolve when no resolver is named', () => {
    expect(resolutionRefusal(team, 'lead', ['ana', 'ben'])).toBeUndefined();
    expect(resolutionRefusal(team, 'ana', ['lead', 'ben'])).toMatch(/Only the review's leads/);
  });

  it('lets only the named resolvers resolve when some are named', () => {
    const named = { ...team, resolvers: ['cem'] };
    expect(resolutionRefusal(named, 'cem', ['ana', 'ben'])).toBeUndefined();
    expect(resolutionRefusal(named, 'lead', ['ana', 'ben'])).toMatch(/not a resolver.*cem/);
  });

  it('never lets an assessor settle a conflict they are part of, unless they judge alone', () => {
    expect(resolutionRefusal(team, 'lead', ['lead', 'ana'])).toMatch(/cannot settle its conflict/);
    const alone = { resolvers: [], leads: ['lead'], assessors: ['lead'] };
    expect(resolutionRefusal(alone, 'lead', ['lead'])).toBeUndefined();
  });
});

describe('blindView', () => {
  it('shows an assessor their own judgement and nothing of others until the item is settled', () => {
    const before = [vote('ana', 'include')];
    expect(blindView(before, judgementOutcome(before, 2), 'ben')).toEqual({ status: 'pending' });
    expect(blindView(before, judgementOutcome(before, 2), 'ana')).toEqual({
      status: 'in-progress',
      mine: 'include',
    });
  });

  it('hides whether a closed item is a conflict: the view equals the one an in-progress item gives', () => {
    const conflict = [vote('ana', 'include'), vote('ben', 'exclude')];
    const pendingForBen = [vote('ana', 'include')];
    const benAfterConflict = blindView(conflict, judgementOutcome(conflict, 2), 'ben');
    expect(benAfterConflict).toEqual({ status: 'in-progress', mine: 'exclude' });
    expect(blindView(pendingForBen, judgementOutcome(pendingForBen, 2), 'ana')).toEqual({
      status: 'in-progress',
      mine: 'include',
    });
  });

  it('shows the settled value once the votes agree or a resolver settles', () => {
    const agreed = [vote('ana', 'exclude'), vote('ben', 'exclude')];
    expect(blindView(agreed, judgementOutcome(agreed, 2), 'cem')).toEqual({
      status: 'settled',
      value: 'exclude',
      mine: undefined,
    });
  });
});
