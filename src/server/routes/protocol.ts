import { z } from 'zod';
import { allowedTo, anyMember, defineRoute } from './define';

const reviewId = z.number().int().positive();

/**
 * The protocol (before every stage): members read it with its versions; leads edit it as first
 * written and amend it afterwards, each amendment with its reason (checked whole by the engine).
 */
export const protocolRoutes = [
  defineRoute({
    name: 'protocol.show',
    summary: 'The protocol as it stands, with its versions and their reasons',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, version: z.number().int().positive().optional() }),
    scope: 'review',
    allow: anyMember,
    returns: '{ protocol, version, versions }',
    handle: async ({ input, access }) => {
      const state = await access.review.protocol.show();
      return input.version
        ? { ...state, protocol: await access.review.protocol.version(input.version) }
        : state;
    },
  }),
  defineRoute({
    name: 'protocol.edit',
    summary: 'Changes the protocol as first written (before any amendment; leads)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, protocol: z.unknown() }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ protocol, version, versions }',
    handle: ({ input, access }) => access.review.protocol.edit(input.protocol),
  }),
  defineRoute({
    name: 'protocol.amend',
    summary: 'Amends the protocol: the next version with its reason (leads)',
    method: 'POST',
    body: 'json',
    input: z.object({ reviewId, protocol: z.unknown(), reason: z.string().max(2000) }),
    scope: 'review',
    allow: allowedTo('configure'),
    returns: '{ protocol, version, versions }',
    handle: ({ input, access }) => access.review.protocol.amend(input.protocol, input.reason),
  }),
];
