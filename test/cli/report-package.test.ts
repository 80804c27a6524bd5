import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runCli } from '#test/support/cli';

describe('reviewbench report docx|md and bundle export|verify|import', () => {
  it('writes the package of the demo review and carries it to a new database whole', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-package-'));
    const db = path.join(dir, 'demo.db');
    expect(runCli(['demo', '--demo-db', db]).status).toBe(0);

    const docx = runCli(['--db', db, '--json', 'report', 'docx', '-o', path.join(dir, 'r.docx')]);
    expect(docx.status, docx.stderr).toBe(0);
    expect(docx.json<{ format: string }>().format).toBe('docx');
    expect(
      strFromU8(unzipSync(readFileSync(path.join(dir, 'r.docx')))['word/document.xml']!),
    ).toContain('Information sources and search');
    const md = runCli(['--db', db, 'report', 'md', '-o', path.join(dir, 'r.md'), '--style', 'apa']);
    expect(md.status, md.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'r.md'), 'utf8')).toContain('![Figure 1. PRISMA-ScR');
    expect(existsSync(path.join(dir, 'r-figures/figure-1.svg'))).toBe(true);
    const badStyle = runCli([
      '--db',
      db,
      'report',
      'html',
      '-o',
      path.join(dir, 'r.html'),
      '--style',
      'mla',
    ]);
    expect(badStyle.status).toBe(2);
    expect(badStyle.stderr).toContain(
      'No reference style "mla" is bundled. Available: apa, vancouver, ama.',
    );
    expect(existsSync(path.join(dir, 'r.html'))).toBe(false);
    const badMap = runCli([
      '--db',
      db,
      'synthesise',
      'map',
      '--x',
      'nope',
      '--y',
      'nope',
      '-o',
      path.join(dir, 'm.svg'),
    ]);
    expect(badMap.status).not.toBe(0);

    const zip = path.join(dir, 'review.zip');
    const exported = runCli(['--db', db, 'bundle', 'export', '-o', zip]);
    expect(exported.status, exported.stderr).toBe(0);
    const verified = runCli(['--json', 'bundle', 'verify', zip]);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.json<{ ok: boolean }>().ok).toBe(true);

    const files = unzipSync(readFileSync(zip));
    files['data/screen_decisions.jsonl'] = new TextEncoder().encode(
      strFromU8(files['data/screen_decisions.jsonl']!).replace('"include"', '"exclude"'),
    );
    const tampered = path.join(dir, 'tampered.zip');
    writeFileSync(tampered, zipSync(files));
    const refused = runCli(['bundle', 'verify', tampered]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      'tampered.zip: the bundle does not match its manifest: data/screen_decisions.jsonl: sha256',
    );

    const copy = path.join(dir, 'copy.db');
    const imported = runCli(['--db', copy, '--json', 'bundle', 'import', zip]);
    expect(imported.status, imported.stderr).toBe(0);
    const checklist = (file: string) =>
      runCli(['--db', file, '--json', 'report', 'checklist']).json<unknown[]>();
    expect(checklist(copy)).toEqual(checklist(db));
  });
});
