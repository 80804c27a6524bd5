import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '#test/support/cli';

describe('reviewbench report checklist', () => {
  it('fills the PRISMA-ScR and PRISMA 2020 items of the demo review in the contract shape', () => {
    const db = path.join(mkdtempSync(path.join(tmpdir(), 'rb-checklist-')), 'demo.db');
    expect(runCli(['demo', '--demo-db', db]).status).toBe(0);
    const run = runCli(['--db', db, '--json', 'report', 'checklist', '--type', 'prisma-scr']);
    expect(run.status, run.stderr).toBe(0);
    const items = run.json<{ item: number; section: string; status: string; text: string }[]>();
    expect(items).toHaveLength(22);
    expect(items[6]).toMatchObject({ item: 7, section: 'Methods', status: 'filled' });
    expect(items[6]!.text).toMatch(/^Sources searched: PubMed/);
    expect(items[13]).toMatchObject({ item: 14, status: 'filled' });
    const prisma2020 = runCli([
      '--db',
      db,
      '--json',
      'report',
      'checklist',
      '--type',
      'prisma-2020',
    ]);
    expect(prisma2020.status, prisma2020.stderr).toBe(0);
    const items2020 = prisma2020.json<{ item: number; section: string; status: string }[]>();
    expect(items2020).toHaveLength(27);
    expect(items2020[5]).toMatchObject({ item: 6, section: 'Methods', status: 'filled' });
    const bad = runCli(['--db', db, 'report', 'checklist', '--type', 'consort']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown checklist "consort"');
  });
});
