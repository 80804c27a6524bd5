import { describe, expect, it } from 'vitest';
import { runCli } from '#test/support/cli';

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
    expect(form.sections.map((s) => s.id)).toEqual(['source', 'stroke', 'probe', 'findings']);
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
});
