import { describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import { deriveOutcome, passesToFullText, validateDecision } from './outcome';
import type { DecisionFact } from './types';
import { DEFAULT_EXCLUSION_REASONS } from './types';

let nextId = 1;
function decision(
  reviewer: string,
  value: DecisionFact['decision'],
  extra: Partial<DecisionFact> = {},
): DecisionFact {
  return {
    id: nextId++,
    recordId: 1,
    stage: 'ti-ab',
    reviewer,
    decision: value,
    resolution: false,
    createdAt: '2026-11-24T00:00:00Z',
    ...extra,
  };
}

describe('deriveOutcome', () => {
  const two = { reviewersPerRecord: 2 };
  it('is pending with no decision and in progress with one of two', () => {
    expect(deriveOutcome([], two).status).toBe('pending');
    expect(deriveOutcome([decision('ana', 'include')], two)).toMatchObject({
      status: 'in-progress',
      reviewers: ['ana'],
    });
  });
  it('is decided when the reviewers agree, a conflict when they do not', () => {
    expect(
      deriveOutcome([decision('ana', 'exclude'), decision('ben', 'exclude')], two),
    ).toMatchObject({ status: 'decided', decision: 'exclude', resolved: false });
    expect(
      deriveOutcome([decision('ana', 'include'), decision('ben', 'exclude')], two).status,
    ).toBe('conflict');
  });
  it('treats maybe as its own value', () => {
    expect(deriveOutcome([decision('ana', 'include'), decision('ben', 'maybe')], two).status).toBe(
      'conflict',
    );
  });
  it('lets a resolution settle a conflict, the latest resolution winning', () => {
    const outcome = deriveOutcome(
      [
        decision('ana', 'include'),
        decision('ben', 'exclude'),
        decision('cai', 'exclude', { resolution: true }),
        decision('cai', 'include', { resolution: true }),
      ],
      two,
    );
    expect(outcome).toMatchObject({
      status: 'decided',
      decision: 'include',
      resolved: true,
      reviewers: ['ana', 'ben'],
    });
  });
  it('decides with a single reviewer when one is enough', () => {
    expect(deriveOutcome([decision('ana', 'maybe')], { reviewersPerRecord: 1 })).toMatchObject({
      status: 'decided',
      decision: 'maybe',
    });
    expect(
      passesToFullText(deriveOutcome([decision('ana', 'maybe')], { reviewersPerRecord: 1 })),
    ).toBe(true);
  });
});

describe('validateDecision', () => {
  const settings = { exclusionReasons: DEFAULT_EXCLUSION_REASONS };
  it('requires a reason from the controlled list for full-text exclusions', () => {
    expect(() => validateDecision({ stage: 'full-text', decision: 'exclude' }, settings)).toThrow(
      expect.objectContaining({ code: 'screen/reason-required' }),
    );
    expect(() =>
      validateDecision({ stage: 'full-text', decision: 'exclude', reason: 'too long' }, settings),
    ).toThrow(DomainError);
    expect(
      validateDecision(
        { stage: 'full-text', decision: 'exclude', reason: 'wrong POPULATION' },
        settings,
      ),
    ).toEqual({ stage: 'full-text', decision: 'exclude', reason: 'Wrong population' });
  });
  it('names the valid values when a stage or decision is unknown', () => {
    expect(() => validateDecision({ stage: 'abstract', decision: 'include' }, settings)).toThrow(
      'Available: ti-ab, full-text',
    );
    expect(() => validateDecision({ stage: 'ti-ab', decision: 'yes' }, settings)).toThrow(
      'Available: include, exclude, maybe',
    );
  });
});
