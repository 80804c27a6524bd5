import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliFor, runCli } from '#test/support/cli';

describe('reviewbench extract form', () => {
  it('lists the shipped templates and shows one in the contract shape', () => {
    const list = runCli(['--json', 'extract', 'form', 'templates']);
    expect(list.status).toBe(0);
    expect(list.json()).toEqual([
      { id: 'jbi_scoping', title: 'Scoping review charting form (JBI items)', version: 1 },
      {
        id: 'contralesional_m1',
        title: 'Contralesional M1 and upper-limb recovery after stroke',
        version: 1,
      },
    ]);
    const shown = runCli(['--json', 'extract', 'form', 'show', 'contralesional_m1']);
    const form = shown.json<{
      id: string;
      version: number;
      sections: {
        id: string;
        title: string;
        fields: {
          id: string;
          label: string;
          type: string;
          options?: string[];
          required?: boolean;
        }[];
      }[];
    }>();
    expect(form).toMatchObject({ id: 'contralesional_m1', version: 1 });
    expect(form.sections.map((s) => s.id)).toEqual([
      'source',
      'stroke',
      'probe',
      'results',
      'findings',
    ]);
    const severity = form.sections[1]!.fields.find((f) => f.id === 'severity_band')!;
    expect(severity).toMatchObject({
      type: 'single-choice',
      required: true,
      options: ['Mild', 'Moderate', 'Severe', 'Mixed (reported by band)', 'Mixed (not separable)'],
    });
    const text = runCli(['extract', 'form', 'show', 'contralesional_m1']);
    expect(text.stdout).toContain(
      '* severity_band  Upper-limb impairment severity <single-choice>',
    );
    expect(text.stdout).toContain(
      'Rat | Mouse | Non-human primate | Other (specify) (when species is Animal)',
    );
    const unknown = runCli(['extract', 'form', 'show', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      'Unknown form template "nope". Available: jbi_scoping, contralesional_m1',
    );
  });

  it("keeps the review's form: use a template, publish, export, edit and import the next version", () => {
    const cli = cliFor();
    cli(['init', '--title', 'Charting by CLI']);
    expect(cli(['extract', 'form', 'show']).stderr).toContain('no charting form yet');
    expect(cli(['--json', 'extract', 'form', 'use', 'contralesional_m1']).json()).toEqual({
      id: 'contralesional_m1',
      title: 'Contralesional M1 and upper-limb recovery after stroke',
      version: 1,
      status: 'pilot',
    });
    expect(cli(['--json', 'extract', 'form', 'publish']).json()).toMatchObject({
      version: 1,
      status: 'published',
    });
    const exported = cli(['extract', 'form', 'export']);
    const form = JSON.parse(exported.stdout) as { title: string };
    const file = join(mkdtempSync(join(tmpdir(), 'rb-form-')), 'form.json');
    writeFileSync(file, JSON.stringify({ ...form, title: 'Edited form' }));
    const imported = cli(['--json', 'extract', 'form', 'import', file]);
    expect(imported.json()).toMatchObject({ title: 'Edited form', version: 2, status: 'pilot' });
    expect(cli(['--json', 'extract', 'form', 'show']).json()).toMatchObject({
      title: 'Edited form',
      version: 2,
    });
    writeFileSync(file, '{"id": "broken"');
    const broken = cli(['extract', 'form', 'import', file]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('is not JSON');
    expect(readFileSync(file, 'utf8')).toBe('{"id": "broken"');
  });
});
