import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import {
  findTool,
  renderSceneSvg,
  roleOf,
  summaryScene,
  summaryShares,
  trafficLightScene,
} from './index';
import type { AppraisalTable } from './index';

/** A RoB 2 table of `n` studies with seeded judgements, a weight each. */
function table(n: number, toolId = 'rob2'): AppraisalTable {
  const tool = findTool(toolId);
  const random = createRandom(n);
  const levels = tool.judgements;
  return {
    tool,
    domains: tool.domains.map((d) => ({ column: d.column, name: d.name })),
    hasOverall: true,
    layout: 'robvis',
    rows: Array.from({ length: n }, (_, i) => {
      const judgements = Object.fromEntries(
        tool.domains.map((d) => [d.column, levels[random.int(levels.length)]!]),
      );
      return {
        study: `${['Alvarez', 'Bauer', 'Chen', 'Dubois', 'Eriksen'][i % 5]} ${2000 + (i % 24)}${i >= 5 ? ` (${i})` : ''}`,
        judgements,
        overall: levels[random.int(3)]!,
        weight: 1 + random.int(10),
      };
    }),
  };
}

describe('risk-of-bias figures', () => {
  it.each([5, 40, 150])(
    'draws the traffic-light and summary plots of %i studies (snapshots)',
    async (n) => {
      const t = table(n);
      const traffic = renderSceneSvg(trafficLightScene(t));
      const summary = renderSceneSvg(summaryScene(t));
      await expect(traffic).toMatchFileSnapshot(`__snapshots__/traffic-rob2-${n}.svg`);
      await expect(summary).toMatchFileSnapshot(`__snapshots__/summary-rob2-${n}.svg`);
      // A row per study, at the same height whatever their number.
      expect(traffic.match(/<circle /g)!.length).toBeGreaterThanOrEqual(n * 6);
      expect(trafficLightScene(t).height).toBeGreaterThan(n * 22);
    },
  );

  it('shows the full legend whatever the data hold, No information included', () => {
    const t = table(3);
    for (const row of t.rows) {
      for (const key of Object.keys(row.judgements)) row.judgements[key] = 'Low';
      row.overall = 'Low';
    }
    const svg = renderSceneSvg(trafficLightScene(t));
    for (const level of ['Low', 'Some concerns', 'High', 'No information'])
      expect(svg).toContain(`>${level}</text>`);
    const robins = findTool('robins-i');
    expect(roleOf(robins, 'Serious')).toBe('high');
    expect(roleOf(robins, 'No information')).toBe('no-information');
    expect(roleOf(robins, 'Critical')).toBe('critical');
  });

  it("weights the summary bars by the studies' weights when asked", () => {
    const t = table(2);
    t.rows[0]!.overall = 'Low';
    t.rows[0]!.weight = 3;
    t.rows[1]!.overall = 'High';
    t.rows[1]!.weight = 1;
    const overall = (weighted: boolean) =>
      summaryShares(t, weighted).find((b) => b.column === 'Overall')!.shares;
    expect(overall(false)).toEqual([
      { judgement: 'Low', share: 0.5 },
      { judgement: 'High', share: 0.5 },
    ]);
    expect(overall(true)).toEqual([
      { judgement: 'Low', share: 0.75 },
      { judgement: 'High', share: 0.25 },
    ]);
    delete t.rows[1]!.weight;
    expect(() => summaryScene(t, { weighted: true })).toThrow(/needs a weight for every study/);
  });
});
