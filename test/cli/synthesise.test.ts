import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbench } from '#engine/index';
import { runCli } from '#test/support/cli';

describe('reviewbench synthesise', () => {
  it('answers crosstab in the contract shape and refuses a field the form lacks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-synth-'));
    const db = path.join(dir, 'review.db');
    const workbench = await openWorkbench({ url: db, actor: 'lead' });
    const review = await workbench.createReview({ title: 'Synthesis by CLI' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead', 'lead');
    await api.screen.configure({ reviewersPerRecord: 1 });
    await api.identify.import({
      fileName: 's.ris',
      bytes: new TextEncoder().encode(
        [1, 2, 3]
          .map((i) => `TY  - JOUR\nTI  - Study ${i}\nAU  - Author${i}, A.\nPY  - 2015\nER  - \n`)
          .join('\n'),
      ),
    });
    const ids = (await api.records()).map((r) => r.id);
    for (const stage of ['ti-ab', 'full-text'])
      for (const recordId of ids)
        await api.screen.decide({ recordId, stage, reviewer: 'lead', decision: 'include' });
    await api.extract.importForm({
      id: 'short',
      title: 'Short',
      version: 1,
      sections: [
        {
          id: 's',
          title: 'S',
          fields: [
            { id: 'band', label: 'Band', type: 'single-choice', options: ['Mild', 'Severe'] },
            {
              id: 'role',
              label: 'Role',
              type: 'single-choice',
              options: ['Compensatory', 'Inhibitory'],
            },
          ],
        },
      ],
    });
    await api.extract.publishForm();
    await api.extract.configure({ extractorsPerStudy: 1 });
    await api.extract.importSheet({
      fileName: 'c.csv',
      extractor: 'lead',
      bytes: new TextEncoder().encode(
        `record_id,band,role\n${ids[0]},Severe,Compensatory\n${ids[1]},Mild,Inhibitory\n${ids[2]},Severe,Compensatory\n`,
      ),
    });
    await workbench.close();
    const result = runCli([
      '--db',
      db,
      '--json',
      'synthesise',
      'crosstab',
      '--rows',
      'band',
      '--cols',
      'role',
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.json()).toEqual({
      rows: ['Mild', 'Severe'],
      cols: ['Compensatory', 'Inhibitory'],
      cells: [
        { row: 'Mild', col: 'Compensatory', count: 0, recordIds: [] },
        { row: 'Mild', col: 'Inhibitory', count: 1, recordIds: [ids[1]] },
        { row: 'Severe', col: 'Compensatory', count: 2, recordIds: [ids[0], ids[2]] },
        { row: 'Severe', col: 'Inhibitory', count: 0, recordIds: [] },
      ],
    });
    const bad = runCli(['--db', db, 'synthesise', 'map', '--x', 'probe', '--y', 'band']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('has no field "probe"');
  });
});
