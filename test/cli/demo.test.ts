import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '#test/support/cli';

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), 'rb-demo-')), 'demo.db');

describe('reviewbench demo', () => {
  it('builds the model review whole, and exits', () => {
    const db = fresh();
    const built = runCli(['demo', '--demo-db', db], { timeoutMs: 60_000 });
    expect(built.status, built.stderr).toBe(0);
    const table = runCli([
      '--db',
      db,
      '--json',
      'synthesise',
      'crosstab',
      '--rows',
      'severity_band',
      '--cols',
      'role',
    ]).json<{ rows: string[]; cells: { row: string; col: string; count: number }[] }>();
    expect(table.rows).toEqual(['Mild', 'Moderate', 'Severe']);
    expect(table.cells.filter((c) => c.row === 'Severe').map((c) => [c.col, c.count])).toEqual([
      ['Compensatory', 11],
      ['Inhibitory (maladaptive)', 1],
      ['Task-dependent', 2],
    ]);
  });

  it('builds up to a stage and leaves that stage to try (full texts attached, nothing charted)', () => {
    const db = fresh();
    // Attaching many generated PDFs once left an idle PDF reader holding the process open.
    const built = runCli(['demo', '--demo-db', db, '--stage', 'extract'], { timeoutMs: 60_000 });
    expect(built.status, built.stderr).toBe(0);
    const status = runCli(['--db', db, 'extract', 'status']);
    expect(status.stdout).toContain('38 studies: 38 not-started.');
    const bad = runCli(['demo', '--demo-db', fresh(), '--stage', 'publish']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--stage is one of identify, deduplicate, screen, retrieve');
  });
});
