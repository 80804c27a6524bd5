import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { openWorkbench } from '#engine/index';
import { buildDemoReview } from './demo';

const SAMPLES = path.resolve(process.cwd(), 'samples');

describe.each(storeTargets)('the model review as the demo, on $name', (target) => {
  it('runs every stage the way the review reports: 38 sources, the severity pattern, SYRCLE and Cochrane tools', async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'demo',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const { review } = await buildDemoReview(workbench, SAMPLES);
    const api = workbench.review(review.id);

    const { counts } = await api.report.prismaCounts();
    expect(counts).toMatchObject({
      database_results: 130,
      database_specific_results: {
        PubMed: 49,
        Embase: 44,
        'Web of Science': 16,
        'Google Scholar': 21,
      },
      duplicates: 73,
      records_screened: 57,
      records_excluded: 14,
      dbr_sought_reports: 43,
      dbr_notretrieved_reports: 2,
      dbr_assessed: 41,
      dbr_excluded: { 'No upper-limb outcome': 1, 'Wrong study design': 2 },
      new_studies: 38,
    });
    // Three possible pairs (two excluded studies whose Scholar copies lost their DOI) are left
    // for a newcomer; every disagreement of charting and appraisal was settled by the lead.
    expect(await api.deduplicate.queue()).toHaveLength(3);
    expect(await api.extract.reconcile()).toEqual([]);
    expect(await api.appraise.reconcile()).toEqual([]);
    // Where a full text is attached, the settled design, sample, severity, role and findings
    // each quote the sentence that supports them, anchored to its characters on its page.
    const { studies } = await api.extract.data();
    const withText = studies.filter((s) => s.study.fullTextRecordId !== null);
    expect(withText.length).toBeGreaterThan(10);
    for (const { study, answers, outcomes } of withText) {
      const quoted = answers.filter((a) => a.quote);
      expect(quoted.map((a) => a.fieldId).sort(), `study ${study.recordId}`).toEqual([
        'design',
        'key_findings',
        'role',
        'sample_size',
        'severity_band',
      ]);
      for (const a of quoted) expect(a.quote).toMatchObject({ start: expect.any(Number) });
      expect(outcomes.every((o) => o.status !== 'conflict')).toBe(true);
    }

    const table = await api.synthesise.crosstab('severity_band', 'role');
    const count = (row: string, col: string) =>
      table.cells.find((c) => c.row === row && c.col === col)?.count ?? 0;
    expect(
      ['Severe', 'Moderate', 'Mild'].map((row) =>
        ['Compensatory', 'Inhibitory (maladaptive)', 'Task-dependent'].map((col) =>
          count(row, col),
        ),
      ),
    ).toEqual([
      [11, 1, 2],
      [2, 3, 6],
      [1, 10, 2],
    ]);
    expect((await api.synthesise.frequencies('species')).map((c) => [c.value, c.count])).toEqual([
      ['Human', 34],
      ['Animal', 4],
    ]);
    // Each stratum's risk of bias: SYRCLE's animal studies counted as having no overall.
    const severe = (await api.synthesise.stratify('severity_band', 'role')).find(
      (s) => s.stratum === 'Severe',
    )!;
    expect(severe.risk.find((r) => r.value === 'No overall (SYRCLE)')?.count).toBe(2);
    expect(severe.risk.some((r) => r.value === 'Not appraised')).toBe(false);
    const tools = (await api.appraise.studies()).reduce<Record<string, number>>(
      (tally, s) => ({ ...tally, [s.toolId ?? 'none']: (tally[s.toolId ?? 'none'] ?? 0) + 1 }),
      {},
    );
    expect(tools).toEqual({ 'robins-i': 24, rob2: 10, syrcle: 4 });
    const checklist = await api.report.checklist('prisma-scr');
    expect(checklist.filter((i) => i.status === 'filled').map((i) => i.item)).toEqual([
      1, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16,
    ]);
    await workbench.close();
  });
});

declareSkipped('the model review as the demo, on postgres', postgresSkipReason);

describe('reviewbench demo --stage', () => {
  it('builds the review up to a stage: everything before it done, it not started', async () => {
    const at = async (stage: 'screen' | 'extract') => {
      const workbench = await openWorkbench({ url: await storeTargets[0]!.fresh(), actor: 'demo' });
      const { review } = await buildDemoReview(workbench, SAMPLES, { stage });
      const api = workbench.review(review.id);
      const result = {
        counts: (await api.report.prismaCounts()).counts,
        charted: (await api.extract.overview()).filter((s) => s.status !== 'not-started').length,
      };
      await workbench.close();
      return result;
    };
    const screen = await at('screen');
    expect(screen.counts).toMatchObject({ duplicates: 73, records_screened: 0 });
    const extract = await at('extract');
    expect(extract.counts).toMatchObject({ new_studies: 38 });
    expect(extract.charted).toBe(0);
  });
});
