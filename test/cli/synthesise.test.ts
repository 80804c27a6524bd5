import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbench } from '#engine/index';
import { runCli } from '#test/support/cli';
import { reviewWithIncluded } from '#test/support/reviews';

describe('reviewbench synthesise', () => {
  it('answers crosstab in the contract shape and refuses a field the form lacks', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-synth-'));
    const db = path.join(dir, 'review.db');
    const workbench = await openWorkbench({ url: db, actor: 'lead' });
    const { api, ids } = await reviewWithIncluded(workbench, {
      title: 'Synthesis by CLI',
      records: [1, 2, 3].map((i) => ({
        title: `Study ${i}`,
        author: `Author${i}, A.`,
        year: 2015,
      })),
    });
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
