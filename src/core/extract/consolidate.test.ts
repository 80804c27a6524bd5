import { describe, expect, it } from 'vitest';
import { createRandom } from '#core/ports';
import type { Random } from '#core/ports';
import {
  CONTRALESIONAL_M1_FORM,
  checkAnswer,
  checkQuote,
  findSpan,
  consolidateStudy,
  fieldAgreement,
  formatCell,
  parseCell,
  sameAnswer,
} from './index';
import type { AnswerValue, FormField, SlotAnswer } from './index';

const FIELDS = CONTRALESIONAL_M1_FORM.sections.flatMap((s) => s.fields);

/** A valid answer for a field, drawn at random (few values, so two extractors often agree). */
function answerFor(field: FormField, random: Random): AnswerValue {
  const raw = ((): unknown => {
    switch (field.type) {
      case 'text':
      case 'long-text':
        return `answer ${random.int(2)}`;
      case 'integer':
        return (field.min ?? 0) + random.int(2);
      case 'decimal':
        return (field.min ?? 0) + random.int(2) / 2;
      case 'range':
        return { low: 1, high: 1 + random.int(2) };
      case 'date':
        return `201${random.int(2)}`;
      case 'single-choice':
        return { choice: field.options[random.int(2)] };
      case 'multiple-choice':
        return { choices: field.options.slice(0, 1 + random.int(2)) };
      case 'boolean':
        return random.int(2) === 1;
      case 'table':
        return { [field.rows[0]!]: { [field.columns[0]!]: `cell ${random.int(2)}` } };
    }
  })();
  const checked = checkAnswer(field, raw);
  if (!checked.ok) throw new Error(checked.message);
  return checked.value;
}

describe('auto-consolidation of two extractors', () => {
  it('passes every agreed value and queues every disagreement, over 300 random studies', () => {
    const random = createRandom(16);
    for (let round = 0; round < 300; round += 1) {
      const answers: SlotAnswer[] = [];
      const expected = new Map<string, 'agreed' | 'conflict'>();
      let id = 0;
      for (const field of FIELDS) {
        const a = random.int(4) === 0 ? null : answerFor(field, random);
        const b = random.int(4) === 0 ? null : answerFor(field, random);
        if (a === null && b === null) continue;
        for (const [extractor, value] of [
          ['ana', a],
          ['ben', b],
        ] as const)
          if (value !== null)
            answers.push({
              id: (id += 1),
              extractor,
              entity: '',
              fieldId: field.id,
              value,
              resolution: false,
            });
        expected.set(field.id, sameAnswer(a, b) ? 'agreed' : 'conflict');
      }
      const outcomes = consolidateStudy(answers, ['ana', 'ben'], 2);
      expect(new Map(outcomes.map((o) => [o.fieldId, o.status]))).toEqual(expected);
      for (const o of outcomes) {
        if (o.status === 'agreed') expect(o.value).toEqual(o.answers[0]!.value);
        else expect(o.value).toBeUndefined();
      }
    }
  });

  it('waits for the required extractors, and a resolution settles a conflict', () => {
    const answer = (
      extractor: string,
      value: AnswerValue,
      resolution = false,
      id = 1,
    ): SlotAnswer => ({
      id,
      extractor,
      entity: '',
      fieldId: 'sample_size',
      value,
      resolution,
    });
    // Only ana finished: nothing consolidates yet (the workflow keeps ben blind).
    expect(consolidateStudy([answer('ana', 12)], ['ana'], 2)).toEqual([
      {
        entity: '',
        fieldId: 'sample_size',
        status: 'in-progress',
        answers: [{ extractor: 'ana', value: 12 }],
      },
    ]);
    // An unfinished extractor's answers do not count.
    expect(
      consolidateStudy([answer('ana', 12), answer('ben', 13, false, 2)], ['ana'], 2)[0]!.status,
    ).toBe('in-progress');
    const both = [answer('ana', 12), answer('ben', 13, false, 2)];
    expect(consolidateStudy(both, ['ana', 'ben'], 2)[0]!.status).toBe('conflict');
    expect(
      consolidateStudy([...both, answer('lead', 13, true, 3)], ['ana', 'ben'], 2)[0],
    ).toMatchObject({
      status: 'resolved',
      value: 13,
    });
    // Text agrees without regard to case and spacing; choices as sets.
    expect(sameAnswer('Chronic  stroke', 'chronic stroke')).toBe(true);
    expect(sameAnswer({ choices: ['A', 'B'] }, { choices: ['B', 'A'] })).toBe(true);
    expect(sameAnswer(12, null)).toBe(false);
  });

  it('reports agreement per field: percent, and kappa for categorical fields', () => {
    const studies = [0, 1, 2, 3].map((i) =>
      consolidateStudy(
        [
          {
            id: 1,
            extractor: 'ana',
            entity: '',
            fieldId: 'species',
            value: { choice: i < 2 ? 'Human' : 'Animal' },
            resolution: false,
          },
          {
            id: 2,
            extractor: 'ben',
            entity: '',
            fieldId: 'species',
            value: { choice: i < 3 ? 'Human' : 'Animal' },
            resolution: false,
          },
        ],
        ['ana', 'ben'],
        2,
      ),
    );
    const species = fieldAgreement(CONTRALESIONAL_M1_FORM, studies).find(
      (f) => f.fieldId === 'species',
    );
    // 3 of 4 agree; po = .75, pe = (2*3 + 2*1)/16 = .5, kappa = .5.
    expect(species).toMatchObject({ n: 4, agreed: 3, percent: 0.75, kappa: 0.5 });
  });
});

describe('answers as cells', () => {
  it('writes every field type as a cell that reads back as the same answer', () => {
    const random = createRandom(7);
    for (let round = 0; round < 50; round += 1)
      for (const field of FIELDS) {
        const value = answerFor(field, random);
        const read = parseCell(field, formatCell(value));
        expect(read, `${field.id}: ${formatCell(value)}`).toEqual({ ok: true, value });
      }
  });

  it('refuses a cell the field cannot take, saying what it takes', () => {
    const band = FIELDS.find((f) => f.id === 'severity_band')!;
    expect(parseCell(band, 'huge')).toMatchObject({
      ok: false,
      message: expect.stringContaining('has no option "huge"'),
    });
    expect(parseCell(band, '  ')).toBeUndefined();
    expect(
      parseCell(
        FIELDS.find((f) => f.id === 'year')!,
        'MMX',
      ),
    ).toMatchObject({ ok: false });
  });
});

describe('quotes', () => {
  const page = 'Twelve patients with severe impairment were studied.';
  const pages = (n: number) => (n === 1 ? page : undefined);
  it('anchors a quote to its page characters, finding them when only the page is given', () => {
    expect(checkQuote({ text: 'severe impairment', page: 1 }, pages)).toEqual({
      ok: true,
      quote: { text: 'severe impairment', page: 1, start: 21, end: 38 },
    });
    expect(checkQuote({ text: 'from table 2' }, pages)).toEqual({
      ok: true,
      quote: { text: 'from table 2' },
    });
    expect(checkQuote({ text: 'Twelve', page: 1, start: 0, end: 10 }, pages)).toMatchObject({
      ok: false,
    });
    expect(checkQuote({ text: 'Twelve', page: 2 }, pages)).toEqual({
      ok: false,
      message: 'The full text has no page 2.',
    });
    expect(checkQuote({ text: '' }, pages)).toMatchObject({ ok: false });
    // A selection in the viewer joins lines with a space; the page's text breaks them.
    const broken = (n: number) => (n === 1 ? 'with severe\nimpairment  were' : undefined);
    expect(checkQuote({ text: 'severe impairment were', page: 1 }, broken)).toEqual({
      ok: true,
      quote: { text: 'severe impairment were', page: 1, start: 5, end: 28 },
    });
    // A hyphenated word the page wraps after its hyphen, quoted whole or as selected.
    const wrapped = (n: number) => (n === 1 ? 'Upper-\nlimb impairment was severe' : undefined);
    for (const text of ['Upper-limb impairment', 'Upper- limb impairment'])
      expect(checkQuote({ text, page: 1 }, wrapped)).toEqual({
        ok: true,
        quote: { text, page: 1, start: 0, end: 22 },
      });
    expect(findSpan('Upper limb', 'Upper-limb')).toBeUndefined();
    // Given with its characters (a script, not the viewer): the same words across the break.
    expect(
      checkQuote({ text: 'Upper-limb impairment', page: 1, start: 0, end: 22 }, wrapped),
    ).toMatchObject({ ok: true });
    expect(
      checkQuote({ text: 'Upper limb impairment', page: 1, start: 0, end: 22 }, wrapped),
    ).toMatchObject({ ok: false });
  });
});
