import { describe, expect, it } from 'vitest';
import { cliFor } from '#test/support/cli';

describe('reviewbench protocol', () => {
  it('edits with --set, amends with a reason, and shows the versions', () => {
    const rb = cliFor();
    expect(rb(['init', '--title', 'Contralesional M1']).status).toBe(0);
    const edited = rb([
      '--json',
      'protocol',
      'edit',
      '--set',
      'framework=PCC',
      '--set',
      'population=Adults after stroke',
      '--set',
      'databases=PubMed; Embase; Web of Science; Google Scholar',
    ]);
    expect(edited.status, edited.stderr).toBe(0);
    expect(edited.json()).toMatchObject({
      version: 1,
      protocol: {
        framework: 'PCC',
        databases: ['PubMed', 'Embase', 'Web of Science', 'Google Scholar'],
      },
    });
    expect(rb(['protocol', 'amend', '--set', 'searchDates=inception to 2024-03-01']).status).toBe(
      2,
    );
    const amended = rb([
      '--json',
      'protocol',
      'amend',
      '--set',
      'searchDates=inception to 2024-03-01',
      '--reason',
      'Search dates fixed',
    ]);
    expect(amended.json()).toMatchObject({
      version: 2,
      versions: [{ version: 1 }, { version: 2, reason: 'Search dates fixed' }],
    });
    const bad = rb(['protocol', 'amend', '--set', 'framework=SPIDER', '--reason', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('framework: Invalid option');
    const shown = rb(['protocol', 'show', '--version', '1']);
    expect(shown.stdout).toContain('Databases: PubMed, Embase, Web of Science, Google Scholar');
    expect(shown.stdout).toContain('version 2, ');
  });
});
