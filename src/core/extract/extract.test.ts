import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import {
  CONTRALESIONAL_M1_FORM,
  FORM_TEMPLATES,
  checkAnswer,
  isShown,
  missingRequired,
  parseForm,
} from './index';
import type { FormField } from './index';

const field = (id: string): FormField =>
  CONTRALESIONAL_M1_FORM.sections.flatMap((s) => s.fields).find((f) => f.id === id)!;

describe('charting forms as data', () => {
  it('ships templates that are valid forms with unique ids', () => {
    for (const template of FORM_TEMPLATES) expect(parseForm(template)).toMatchObject({ ok: true });
    expect(FORM_TEMPLATES.map((t) => t.id)).toEqual(['jbi_scoping', 'contralesional_m1']);
    // The synthesis is stratified by severity: the model review's form makes it mandatory.
    expect(field('severity_band')).toMatchObject({ required: true, type: 'single-choice' });
  });

  it('refuses a form with a repeated id, a condition on a missing field or an unknown answer', () => {
    const broken = structuredClone(CONTRALESIONAL_M1_FORM) as unknown as {
      sections: { fields: Record<string, unknown>[] }[];
    };
    broken.sections[0]!.fields.push({ id: 'authors', label: 'Again', type: 'text' });
    broken.sections[1]!.fields[0]!.showIf = { field: 'nowhere', equals: ['x'] };
    broken.sections[2]!.fields[2]!.showIf = { field: 'methods', equals: ['Telepathy'] };
    const result = parseForm(broken);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      'sections.0.fields.7.id: field id "authors" is used twice; field ids are unique in a form',
      'sections.1.fields.0.showIf.field: "stroke_phase" is shown depending on "nowhere", which is not another field of the form',
      'sections.2.fields.2.showIf.equals: "stimulation_effect" depends on answers "methods" does not offer (TMS / MEP, fMRI, EEG, DTI, Lesion or inactivation, rTMS, tDCS)',
    ]);
    expect(parseForm({ id: 'Bad Id', title: '', version: 0, sections: [] })).toMatchObject({
      ok: false,
    });
  });
});

describe('answers', () => {
  it('takes each type in its own shape and says what a field takes otherwise', () => {
    expect(checkAnswer(field('year'), 2019)).toEqual({ ok: true, value: 2019 });
    expect(checkAnswer(field('year'), 2019.5)).toMatchObject({
      ok: false,
      message: '"Year of publication" (year) takes a whole number',
    });
    expect(checkAnswer(field('year'), 1900)).toMatchObject({
      message: '"Year of publication" (year) 1900 is below the minimum 1950',
    });
    expect(checkAnswer(field('year'), '2019')).toMatchObject({ ok: false });
    expect(checkAnswer(field('severity_band'), { choice: 'Severe' })).toEqual({
      ok: true,
      value: { choice: 'Severe' },
    });
    expect(checkAnswer(field('severity_band'), { choice: 'Very bad' })).toMatchObject({
      message:
        '"Upper-limb impairment severity" (severity_band) has no option "Very bad"; it takes one of: Mild, Moderate, Severe, Mixed (reported by band), Mixed (not separable)',
    });
    expect(checkAnswer(field('animal_model'), { choice: 'Other', other: ' Gerbil ' })).toEqual({
      ok: true,
      value: { choice: 'Other', other: 'Gerbil' },
    });
    expect(checkAnswer(field('methods'), { choices: ['rTMS', 'fMRI'] })).toMatchObject({
      ok: true,
    });
    expect(checkAnswer(field('methods'), { choices: ['rTMS', 'rTMS'] })).toMatchObject({
      message: expect.stringContaining('twice'),
    });
    expect(checkAnswer(field('methods'), { choices: ['Other'] })).toMatchObject({
      message: expect.stringContaining('without the text'),
    });
    expect(checkAnswer(field('key_findings'), '  Severe: compensatory.  ')).toEqual({
      ok: true,
      value: 'Severe: compensatory.',
    });
    expect(checkAnswer({ id: 'd', label: 'D', type: 'date' }, '2024-02-30')).toMatchObject({
      ok: false,
    });
    expect(checkAnswer({ id: 'd', label: 'D', type: 'date' }, '2024-02-29')).toMatchObject({
      ok: true,
    });
    expect(
      checkAnswer({ id: 'r', label: 'Age', type: 'range', min: 18 }, { low: 40, high: 80 }),
    ).toMatchObject({ ok: true });
    expect(
      checkAnswer({ id: 'r', label: 'Age', type: 'range', min: 18 }, { low: 80, high: 40 }),
    ).toMatchObject({ ok: false });
    expect(checkAnswer({ id: 'b', label: 'B', type: 'boolean' }, 'yes')).toMatchObject({
      ok: false,
    });
    const table: FormField = {
      id: 't',
      label: 'MEP',
      type: 'table',
      rows: ['Baseline', 'Week 4'],
      columns: ['Amplitude', 'Latency'],
    };
    expect(checkAnswer(table, { Baseline: { Amplitude: '1.2 mV' } })).toMatchObject({ ok: true });
    expect(checkAnswer(table, { 'Week 9': { Amplitude: '1' } })).toMatchObject({
      message: expect.stringContaining('no row "Week 9"'),
    });
  });

  it('never throws, whatever it is given', () => {
    const random = createRandom(7);
    const values: unknown[] = [
      null,
      undefined,
      0,
      -1,
      1.5,
      '',
      'x',
      true,
      [],
      {},
      { choice: 1 },
      { choices: 'a' },
      { low: 'a' },
      [1, 2],
      { a: { b: 1 } },
    ];
    for (const form of FORM_TEMPLATES)
      for (const f of form.sections.flatMap((s) => s.fields))
        for (let i = 0; i < 30; i += 1) {
          const result = checkAnswer(f, values[random.int(values.length)]);
          expect(typeof result.ok).toBe('boolean');
        }
  });

  it('asks conditional fields only when their condition holds, and lists what is still required', () => {
    expect(isShown(field('animal_model'), { species: { choice: 'Human' } })).toBe(false);
    expect(isShown(field('animal_model'), { species: { choice: 'Animal' } })).toBe(true);
    expect(isShown(field('stimulation_effect'), { methods: { choices: ['fMRI', 'tDCS'] } })).toBe(
      true,
    );
    expect(isShown(field('stimulation_effect'), { methods: { choices: ['fMRI'] } })).toBe(false);
    const human = { species: { choice: 'Human' }, methods: { choices: ['TMS / MEP'] } };
    expect(missingRequired(CONTRALESIONAL_M1_FORM, human).map((f) => f.id)).toEqual([
      'authors',
      'year',
      'design',
      'stroke_phase',
      'severity_band',
      'role',
      'key_findings',
      'rob_tool',
    ]);
    expect(
      missingRequired(CONTRALESIONAL_M1_FORM, { ...human, species: { choice: 'Animal' } }).map(
        (f) => f.id,
      ),
    ).toContain('animal_model');
  });
});
