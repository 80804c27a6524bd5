import { z } from 'zod';
import { allowedTo, anyMember, defineRoute } from './define';

const reviewId = z.number().int().positive();

export const deduplicateRoutes = [
  defineRoute({
    name: 'deduplicate.run',
    summary: 'Finds duplicates among the records (new records against all)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: allowedTo('deduplicate'),
    returns: 'DedupRunResult { counts, newRecords, clusters, possible }',
    handle: ({ access }) => access.review.deduplicate.run(),
  }),
  defineRoute({
    name: 'deduplicate.state',
    summary: 'Clusters and possible duplicates as they stand',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId }),
    scope: 'review',
    allow: anyMember,
    returns: '{ counts, clusters, possible }',
    handle: ({ access }) => access.review.deduplicate.state(),
  }),
  defineRoute({
    name: 'deduplicate.show',
    summary: 'One possible-duplicate pair side by side',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      pairId: z.string().regex(/^\d+-\d+$/, 'a pair id looks like 12-57'),
    }),
    scope: 'review',
    allow: anyMember,
    returns: 'PairView',
    handle: ({ input, access }) => access.review.deduplicate.show(input.pairId),
  }),
  defineRoute({
    name: 'deduplicate.decide',
    summary: 'Decides whether a pair is the same record',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      pairId: z.string().regex(/^\d+-\d+$/, 'a pair id looks like 12-57'),
      decision: z.enum(['same', 'different']),
    }),
    scope: 'review',
    allow: allowedTo('decidePairs'),
    returns: '{ id, decision }',
    handle: ({ input, access }) =>
      access.review.deduplicate.decide(input.pairId, input.decision, {
        proposedOnly: !access.policies.can.deduplicate,
      }),
  }),
  defineRoute({
    name: 'deduplicate.undo',
    summary: 'Splits a duplicate cluster again (nothing is deleted)',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      clusterId: z.string().regex(/^dup:\d+$/, 'a cluster id looks like dup:12'),
    }),
    scope: 'review',
    allow: allowedTo('decidePairs'),
    returns: '{ id, released }',
    handle: ({ input, access }) => access.review.deduplicate.undo(input.clusterId),
  }),
  defineRoute({
    name: 'deduplicate.removeMember',
    summary:
      'Takes one record out of a duplicate cluster (not a duplicate); the other members stay one group',
    method: 'POST',
    body: 'json',
    input: z.object({
      reviewId,
      clusterId: z.string().regex(/^dup:\d+$/, 'a cluster id looks like dup:12'),
      recordId: z.number().int().positive(),
    }),
    scope: 'review',
    allow: allowedTo('decidePairs'),
    returns: '{ id, removed, remaining }',
    handle: ({ input, access }) =>
      access.review.deduplicate.removeMember(input.clusterId, input.recordId),
  }),
];
