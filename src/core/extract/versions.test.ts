import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import type { Random } from '#core/ports';
import { CONTRALESIONAL_M1_FORM, carryAnswers, checkAnswer, parseForm } from './index';
import type { ChartingForm, FormField } from './index';

/** A valid answer for a field, drawn at random. */
function answerFor(field: FormField, random: Random): unknown {
  switch (field.type) {
    case 'text':
    case 'long-text':
      return `answer ${random.int(1000)}`;
    case 'integer':
      return (field.min ?? 0) + random.int(10);
    case 'decimal':
      return (field.min ?? 0) + random.next();
    case 'range':
      return { low: field.min ?? 0, high: (field.min ?? 0) + 1 };
    case 'date':
      return `20${10 + random.int(15)}-0${1 + random.int(9)}`;
    case 'single-choice':
      return { choice: field.options[random.int(field.options.length)] };
    case 'multiple-choice':
      return { choices: [field.options[random.int(field.options.length)]] };
    case 'boolean':
      return random.next() < 0.5;
    case 'table':
      return { [field.rows[0]!]: { [field.columns[0]!]: 'cell' } };
  }
}

type Edit =
  'rename-field' | 'rename-option' | 'drop-option' | 'drop-field' | 'move-field' | 'retype';

/** One random edit of a form, as a lead would make it in a new version. */
function edit(form: ChartingForm, kind: Edit, random: Random): ChartingForm {
  const next = structuredClone(form);
  next.version += 1;
  const fields = next.sections.flatMap((s) => s.fields);
  const field = fields[random.int(fields.length)]!;
  const choices = fields.filter(
    (f): f is Extract<FormField, { options: string[] }> =>
      (f.type === 'single-choice' || f.type === 'multiple-choice') && f.options.length > 2,
  );
  if (kind === 'rename-field') {
    const renamedTo = `${field.id}_v${next.version}`;
    for (const other of fields)
      if (other.showIf?.field === field.id) other.showIf.field = renamedTo;
    field.was = [...(field.was ?? []), field.id];
    field.id = renamedTo;
  } else if ((kind === 'rename-option' || kind === 'drop-option') && choices.length) {
    const target = choices[random.int(choices.length)]!;
    const at = random.int(target.options.length);
    const old = target.options[at]!;
    const used = fields.some((f) => f.showIf?.field === target.id && f.showIf.equals.includes(old));
    if (kind === 'rename-option' && !used) {
      target.options[at] = `${old} (renamed)`;
      target.renamedOptions = { ...target.renamedOptions, [old]: `${old} (renamed)` };
    } else if (kind === 'drop-option' && !used) target.options.splice(at, 1);
  } else if (kind === 'drop-field' && !fields.some((f) => f.showIf?.field === field.id)) {
    for (const section of next.sections)
      if (section.fields.length > 1) section.fields = section.fields.filter((f) => f !== field);
  } else if (kind === 'move-field') {
    const from = next.sections.find((s) => s.fields.includes(field))!;
    const to = next.sections[random.int(next.sections.length)]!;
    if (from !== to && from.fields.length > 1) {
      from.fields = from.fields.filter((f) => f !== field);
      to.fields.push(field);
    }
  } else if (kind === 'retype' && !fields.some((f) => f.showIf?.field === field.id)) {
    const section = next.sections.find((s) => s.fields.includes(field))!;
    section.fields[section.fields.indexOf(field)] = {
      id: field.id,
      label: field.label,
      type: 'text',
    };
  }
  const parsed = parseForm(next);
  if (!parsed.ok) throw new Error(`the edit made an invalid form: ${parsed.problems.join('; ')}`);
  return parsed.form;
}

describe('form versions carry answers forward', () => {
  it('never loses an answer over 300 random series of edits', () => {
    const random = createRandom(16);
    let everRetired = 0;
    const kinds: Edit[] = [
      'rename-field',
      'rename-option',
      'drop-option',
      'drop-field',
      'move-field',
      'retype',
    ];
    for (let run = 0; run < 300; run += 1) {
      let form = CONTRALESIONAL_M1_FORM;
      let answers: Record<string, unknown> = {};
      for (const field of form.sections.flatMap((s) => s.fields))
        if (random.next() < 0.7) answers[field.id] = answerFor(field, random);
      const given = Object.keys(answers).length;
      let retired = 0;
      const renamesOnly = run % 3 === 0;
      for (let step = 0; step < 4; step += 1) {
        const kind = renamesOnly
          ? (['rename-field', 'rename-option', 'move-field'] as Edit[])[random.int(3)]!
          : kinds[random.int(kinds.length)]!;
        const next = edit(form, kind, random);
        const carried = carryAnswers(form, next, answers);
        // Every answer is somewhere: carried under its new id, or retired with a reason.
        expect(Object.keys(carried.answers).length + carried.retired.length).toBe(
          Object.keys(answers).length,
        );
        for (const r of carried.retired) expect(r.why).not.toBe('');
        // What is carried fits the new version.
        const newFields = new Map(next.sections.flatMap((s) => s.fields).map((f) => [f.id, f]));
        for (const [id, value] of Object.entries(carried.answers))
          expect(checkAnswer(newFields.get(id)!, value).ok).toBe(true);
        retired += carried.retired.length;
        form = next;
        answers = carried.answers;
      }
      expect(Object.keys(answers).length + retired).toBe(given);
      if (renamesOnly) expect(retired).toBe(0);
      everRetired += retired;
    }
    // Not vacuous: dropped fields and options and changed types did retire answers.
    expect(everRetired).toBeGreaterThan(50);
  });

  it('says why an answer was retired', () => {
    const next = structuredClone(CONTRALESIONAL_M1_FORM);
    next.version = 2;
    const severity = next.sections[1]!.fields.find((f) => f.id === 'severity_band')! as Extract<
      FormField,
      { options: string[] }
    >;
    severity.options = ['Mild', 'Moderate', 'Severe'];
    next.sections[0]!.fields = next.sections[0]!.fields.filter((f) => f.id !== 'country');
    const carried = carryAnswers(CONTRALESIONAL_M1_FORM, next, {
      country: 'Denmark',
      severity_band: { choice: 'Mixed (not separable)' },
      year: 2019,
    });
    expect(carried.answers).toEqual({ year: 2019 });
    expect(carried.retired).toEqual([
      {
        fieldId: 'country',
        label: 'Country',
        value: 'Denmark',
        why: 'the field is not in the new version',
      },
      {
        fieldId: 'severity_band',
        label: 'Upper-limb impairment severity',
        value: { choice: 'Mixed (not separable)' },
        why: '"Upper-limb impairment severity" (severity_band) has no option "Mixed (not separable)"; it takes one of: Mild, Moderate, Severe',
      },
    ]);
  });
});
