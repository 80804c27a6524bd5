import { describe, expect, it } from 'vitest';
import { STAGES } from '#core/domain/stages';
import type { Stage } from '#core/domain/stages';
import { ROUTES, STAGE_ROUTES } from './index';

/** Route groups that are not pipeline stages: accounts, reviews, the team, the protocol, the records list. */
const OTHER_GROUPS = [
  'me',
  'policies',
  'server',
  'reviews',
  'members',
  'invitations',
  'protocol',
  'records',
];

describe('the route registry', () => {
  const groupOf = (name: string) => name.split('.')[0]!;

  it('names every route <stage or group>.<command>, once', () => {
    const names = ROUTES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^[a-z]+(\.[a-zA-Z]+)?$/);
      expect([...STAGES, ...OTHER_GROUPS], name).toContain(groupOf(name));
    }
  });

  it('lists the stages’ routes together and in pipeline order', () => {
    const stages = ROUTES.map((r) => groupOf(r.name)).filter((g): g is Stage =>
      (STAGES as readonly string[]).includes(g),
    );
    const order = stages.filter((g, i) => g !== stages[i - 1]);
    expect(new Set(order).size, 'each stage’s routes are contiguous').toBe(order.length);
    expect(order).toEqual(STAGES.filter((s) => order.includes(s)));
  });

  it('files each stage’s routes under that stage, and only there', () => {
    for (const [stage, routes] of Object.entries(STAGE_ROUTES))
      for (const route of routes) expect(groupOf(route.name), route.name).toBe(stage);
    const filed = new Set<string>(
      Object.values(STAGE_ROUTES).flatMap((routes) => routes.map((r) => r.name)),
    );
    for (const route of ROUTES)
      if ((STAGES as readonly string[]).includes(groupOf(route.name)))
        expect(filed.has(route.name), route.name).toBe(true);
  });

  it('declares who may call every review route', () => {
    for (const route of ROUTES.filter((r) => r.scope === 'review'))
      expect(route.allow, route.name).toBeTypeOf('function');
  });
});
