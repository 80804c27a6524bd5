import { describe, expect, it } from 'vitest';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { openWorkbench } from '#engine/index';
import { reviewWithIncluded } from '#test/support/reviews';
import { SHORT_M1_FORM as FORM } from '#test/support/forms';

/** Five charted studies: the pattern the model review reports (severe: compensatory; mild: inhibitory). */
const ROWS = [
  ['Human', 'Severe', 'Compensatory', 'TMS / MEP; fMRI'],
  ['Human', 'Severe', 'Compensatory', 'fMRI'],
  ['Human', 'Mild', 'Inhibitory (maladaptive)', 'rTMS'],
  ['Human', 'Mild', 'Inhibitory (maladaptive)', 'TMS / MEP'],
  ['Animal', 'Severe', 'Task-dependent', ''],
];

describe.each(storeTargets)('synthesis over the settled charting on $name', (target) => {
  it('cross-tabulates, stratifies, maps and counts the way the model review reads', async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const { api, ids } = await reviewWithIncluded(workbench, {
      title: 'Synthesis',
      records: ROWS.map((_, i) => ({
        title: `Study ${i + 1}`,
        author: `Author${i + 1}, A.`,
        year: 2010 + (i % 3),
      })),
    });
    await api.extract.importForm(FORM);
    await api.extract.publishForm();
    await api.extract.configure({ extractorsPerStudy: 1 });
    const sheet = [
      'record_id,species,severity_band,role,methods',
      ...ROWS.map((r, i) => [ids[i], ...r].join(',')),
    ].join('\n');
    await api.extract.importSheet({
      fileName: 'chart.csv',
      extractor: 'lead',
      bytes: new TextEncoder().encode(sheet),
    });

    const table = await api.synthesise.crosstab('severity_band', 'role');
    expect(table.rows).toEqual(['Mild', 'Severe']);
    expect(table.cols).toEqual(['Compensatory', 'Inhibitory (maladaptive)', 'Task-dependent']);
    expect(table.cells.filter((c) => c.count > 0).map((c) => [c.row, c.col, c.recordIds])).toEqual([
      ['Mild', 'Inhibitory (maladaptive)', [ids[2], ids[3]]],
      ['Severe', 'Compensatory', [ids[0], ids[1]]],
      ['Severe', 'Task-dependent', [ids[4]]],
    ]);
    expect(table.cells).toHaveLength(6);

    const strata = await api.synthesise.stratify('severity_band', 'role');
    expect(strata.map((s) => [s.stratum, s.tally.map((t) => `${t.value}:${t.count}`)])).toEqual([
      ['Mild', ['Inhibitory (maladaptive):2']],
      ['Severe', ['Compensatory:2', 'Task-dependent:1']],
    ]);
    expect(strata[1]!.risk).toEqual([
      { value: 'Not appraised', count: 3, recordIds: [ids[0], ids[1], ids[4]] },
    ]);

    // A multiple choice counts a study once per option; a blank is "Not reported".
    expect((await api.synthesise.frequencies('methods')).map((c) => [c.value, c.count])).toEqual([
      ['TMS / MEP', 2],
      ['fMRI', 2],
      ['rTMS', 1],
      ['Not reported', 1],
    ]);
    const map = await api.synthesise.map({
      x: 'methods',
      y: 'severity_band',
      colour: 'role',
      panel: 'species',
    });
    expect(map.panels.map((p) => p.panel)).toEqual(['Human', 'Animal']);
    expect(map.panels[0]!.bubbles).toContainEqual({
      x: 'fMRI',
      y: 'Severe',
      colour: 'Compensatory',
      count: 2,
      recordIds: [ids[0], ids[1]],
    });
    expect((await api.synthesise.timeline()).map((y) => [y.year, y.count])).toEqual([
      ['2010', 2],
      ['2011', 2],
      ['2012', 1],
    ]);
    const characteristics = await api.synthesise.table(['species', 'severity_band']);
    expect(characteristics.rows[0]).toEqual({
      recordId: ids[0],
      study: 'Author1 (2010)',
      cells: ['Human', 'Severe'],
    });
    // The same charts as files: the map's SVG holds each panel and each bubble's count.
    const mapRequest = {
      kind: 'map',
      x: 'methods',
      y: 'severity_band',
      colour: 'role',
      panel: 'species',
    } as const;
    const svg = new TextDecoder().decode((await api.synthesise.chartFile(mapRequest, 'svg')).bytes);
    expect(svg.startsWith('<svg')).toBe(true);
    // Drawn again after other charts, the same bytes (zrender's global counters renumbered).
    await api.synthesise.chartFile({ kind: 'timeline' }, 'svg');
    expect(
      new TextDecoder().decode((await api.synthesise.chartFile(mapRequest, 'svg')).bytes),
    ).toBe(svg);
    for (const text of ['Human', 'Animal', 'Compensatory', 'Methods', 'Severity', '>2<'])
      expect(svg).toContain(text);
    if (process.env.RB_CHART_DIR) {
      const { writeFileSync } = await import('node:fs');
      for (const format of ['svg', 'png', 'pdf'] as const)
        writeFileSync(
          `${process.env.RB_CHART_DIR}/map.${format}`,
          (await api.synthesise.chartFile(mapRequest, format)).bytes,
        );
    }
    const png = (await api.synthesise.chartFile({ kind: 'timeline' }, 'png')).bytes;
    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    const pdf = (await api.synthesise.chartFile({ kind: 'frequencies', field: 'methods' }, 'pdf'))
      .bytes;
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const bars = await api.synthesise.chart({ kind: 'frequencies', field: 'methods' });
    expect(bars.option.series).toEqual([expect.objectContaining({ data: [2, 2, 1, 1] })]);
    await expect(api.synthesise.chart({ kind: 'frequencies', field: 'probe' })).rejects.toThrow(
      'has no field "probe"',
    );

    await expect(api.synthesise.map({ x: 'probe', y: 'severity_band' })).rejects.toThrow(
      'The charting form "Contralesional M1 (short)" has no field "probe". Fields: species, severity_band, role, methods',
    );
    await workbench.close();
  });
});

declareSkipped('synthesis over the settled charting on postgres', postgresSkipReason);
