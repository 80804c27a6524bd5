import { describe, expect, it } from 'vitest';
import { CONTRALESIONAL_M1_FORM } from '#core/extract/index';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { listEvents } from '#store/index';
import { openWorkbench } from '#engine/index';
import { madePdf } from '#test/support/pdf';

const TITLES = [
  'Contralesional motor cortex excitability after severe stroke',
  'Bimanual training and interhemispheric inhibition in mild hemiparesis',
  'Dendritic remodelling in the contralesional cortex of rats after ischaemia',
  'A study excluded at full text',
];

function ris(): Uint8Array {
  return new TextEncoder().encode(
    TITLES.map(
      (t, i) =>
        `TY  - JOUR\nTI  - ${t}\nAU  - Author${i}, A.\nAU  - Second, B.\nPY  - 201${i}\nER  - \n`,
    ).join('\n'),
  );
}

const PAGE_TEXT =
  'Twelve patients with severe upper-limb impairment (FMA-UE below 20) were studied. Contralesional M1 excitability rose with recovery.';

/** Fields every extractor must answer before finishing the contralesional-M1 form. */
const REQUIRED = {
  authors: 'Author0 and Second',
  year: 2010,
  species: { choice: 'Human' },
  design: { choice: 'Cross-sectional' },
  stroke_phase: { choices: ['Chronic'] },
  severity_band: { choice: 'Severe' },
  methods: { choices: ['TMS / MEP'] },
  role: { choice: 'Compensatory' },
  key_findings: 'Contralesional M1 excitability rose with recovery.',
  rob_tool: { choice: 'ROBINS-I' },
};

describe.each(storeTargets)('dual extraction on $name', (target) => {
  const open = async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const review = await workbench.createReview({ title: 'Contralesional M1' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead', 'lead');
    await api.screen.addReviewer('ana', 'reviewer');
    await api.screen.addReviewer('ben', 'reviewer');
    await api.screen.configure({ reviewersPerRecord: 1 });
    await api.identify.import({ fileName: 'search.ris', bytes: ris(), source: 'PubMed' });
    const records = await api.browse.list({ name: 'lead', seeOthers: true });
    const ids = TITLES.map((t) => records.records.find((r) => r.title === t)!.id);
    for (const [i, recordId] of ids.entries()) {
      await api.screen.decide({ recordId, stage: 'ti-ab', reviewer: 'lead', decision: 'include' });
      await api.screen.decide({
        recordId,
        stage: 'full-text',
        reviewer: 'lead',
        decision: i === 3 ? 'exclude' : 'include',
        ...(i === 3 ? { reason: 'Wrong population' } : {}),
      });
    }
    await api.retrieve.attach(ids[0]!, { fileName: 'one.pdf', bytes: await madePdf(PAGE_TEXT) });
    await api.extract.useTemplate('contralesional_m1');
    await api.extract.publishForm();
    return { workbench, review, api, ids };
  };

  it('keeps extractors blind to each other, consolidates what they agree on and queues the rest', async () => {
    const { workbench, api, ids } = await open();
    const [first] = ids as [number, number, number];
    expect((await api.extract.studies()).map((s) => s.recordId)).toEqual(ids.slice(0, 3));
    expect(await api.extract.settings()).toEqual({ extractorsPerStudy: 2, blinded: true });

    const save = (extractor: string, fieldId: string, value: unknown, quote?: unknown) =>
      api.extract.answer({ recordId: first, extractor, fieldId, value, quote });
    for (const [fieldId, value] of Object.entries(REQUIRED)) await save('ana', fieldId, value);
    // A quote anchored to the page's characters, as the viewer's selection gives it.
    const start = PAGE_TEXT.indexOf('Twelve patients');
    const saved = await save('ana', 'sample_size', 12, {
      text: 'Twelve patients',
      page: 1,
      start,
      end: start + 'Twelve patients'.length,
    });
    expect(saved.quote).toEqual({ text: 'Twelve patients', page: 1, start, end: start + 15 });
    await api.extract.answer({
      recordId: first,
      extractor: 'ana',
      fieldId: 'outcome_measure',
      entity: 'FMA-UE',
      value: { choice: 'FMA-UE' },
    });
    await api.extract.answer({
      recordId: first,
      extractor: 'ana',
      fieldId: 'outcome_result',
      entity: 'FMA-UE',
      value: 'Higher contralesional MEPs went with better FMA-UE gains.',
    });

    // Blinding, differentially: whatever ana answers, ben receives the same.
    const benSees = async () => JSON.stringify(await api.extract.view(first, 'ben'));
    const benBefore = await benSees();
    await save('ana', 'severity_band', { choice: 'Moderate' });
    await save('ana', 'sample_size', 13);
    expect(await benSees()).toBe(benBefore);
    expect(JSON.parse(benBefore)).toMatchObject({
      mine: 'not-started',
      answers: [],
      consensus: [],
    });
    await save('ana', 'severity_band', { choice: 'Severe' });
    await save('ana', 'sample_size', 12, { text: 'Twelve patients', page: 1 });

    expect((await api.extract.finish(first, 'ana')).closed).toBe(false);
    expect(await benSees()).toBe(benBefore);
    expect((await api.extract.myStudies('ben')).find((s) => s.recordId === first)).toMatchObject({
      mine: 'not-started',
      open: true,
    });
    // A third extractor is refused: the study has its two.
    for (const [fieldId, value] of Object.entries(REQUIRED)) await save('ben', fieldId, value);
    await save('ben', 'sample_size', 14);
    await expect(save('lead', 'sample_size', 12)).rejects.toThrow(/already has its 2 extractors/);

    // Finishing with a required field blank names it.
    await save('ben', 'role', null);
    await expect(api.extract.finish(first, 'ben')).rejects.toThrow(
      /1 required field is blank: "Role of contralesional M1" \(role\)/,
    );
    await save('ben', 'role', REQUIRED.role);
    expect((await api.extract.finish(first, 'ben')).closed).toBe(true);

    // Closed: agreed slots form the consensus, disagreements queue (sample size, and the
    // entity only ana named), and under blinding answers are final.
    const queue = await api.extract.reconcile();
    expect(queue.map((q) => [q.recordId, q.entity, q.fieldId])).toEqual([
      [first, '', 'sample_size'],
      [first, 'results:FMA-UE', 'outcome_measure'],
      [first, 'results:FMA-UE', 'outcome_result'],
    ]);
    expect(queue[0]!.answers).toEqual([
      {
        extractor: 'ana',
        value: 12,
        quote: { text: 'Twelve patients', page: 1, start, end: start + 15 },
      },
      { extractor: 'ben', value: 14 },
    ]);
    await expect(save('ben', 'sample_size', 12)).rejects.toThrow(/answers are final/);
    const benView = await api.extract.view(first, 'ben');
    expect(benView.editable).toBe(false);
    expect(benView.consensus.map((c) => c.fieldId).sort()).toEqual(Object.keys(REQUIRED).sort());
    expect((await api.extract.overview())[0]).toMatchObject({
      recordId: first,
      status: 'complete',
      conflicts: 3,
    });

    // The lead settles both; a settled study is consensus.
    await expect(
      api.extract.resolve({ recordId: first, fieldId: 'sample_size', value: 12, resolver: 'ana' }),
    ).rejects.toThrow(/Only the review's leads settle conflicts/);
    await expect(
      api.extract.resolve({ recordId: first, fieldId: 'year', value: 2010, resolver: 'lead' }),
    ).rejects.toThrow(/is not a disagreement \(agreed\)/);
    await api.extract.resolve({
      recordId: first,
      fieldId: 'sample_size',
      value: 12,
      resolver: 'lead',
    });
    await api.extract.resolve({
      recordId: first,
      fieldId: 'outcome_measure',
      entity: 'FMA-UE',
      value: { choice: 'FMA-UE' },
      resolver: 'lead',
    });
    await api.extract.resolve({
      recordId: first,
      fieldId: 'outcome_result',
      entity: 'FMA-UE',
      value: 'Higher contralesional MEPs went with better FMA-UE gains.',
      resolver: 'lead',
    });
    expect(await api.extract.reconcile()).toEqual([]);
    const overview = await api.extract.overview();
    expect(overview.map((s) => s.status)).toEqual(['consensus', 'not-started', 'not-started']);
    const consensus = (await api.extract.view(first, 'ben')).consensus;
    // The resolution keeps the quote of the extractor who gave that value.
    expect(consensus.find((c) => c.fieldId === 'sample_size')).toMatchObject({
      value: 12,
      quote: { page: 1, start },
    });

    const agreement = await api.extract.agreement();
    expect(agreement.studies).toBe(1);
    const byField = new Map(agreement.fields.map((f) => [f.fieldId, f]));
    expect(byField.get('sample_size')).toMatchObject({ n: 1, agreed: 0, percent: 0 });
    expect(byField.get('severity_band')).toMatchObject({ n: 1, agreed: 1, percent: 1 });
    await workbench.close();
  });

  it('refuses bad answers and quotes with a sentence naming the field, changing nothing', async () => {
    const { workbench, review, api, ids } = await open();
    const before = (await listEvents(workbench.store.db, review.id)).length;
    const attempt = (input: Record<string, unknown>) =>
      api.extract.answer({
        recordId: ids[0]!,
        extractor: 'ana',
        fieldId: 'sample_size',
        value: 3,
        ...input,
      });
    await expect(attempt({ value: 'twelve' })).rejects.toThrow(
      '"Sample size" (sample_size) takes a number (participants or animals)',
    );
    await expect(attempt({ fieldId: 'severity_band', value: { choice: 'Huge' } })).rejects.toThrow(
      '"Upper-limb impairment severity" (severity_band) has no option "Huge"',
    );
    await expect(attempt({ fieldId: 'nope' })).rejects.toThrow(/has no field "nope"/);
    await expect(attempt({ recordId: ids[3] })).rejects.toThrow(/is not an included study/);
    await expect(
      attempt({ fieldId: 'outcome_measure', value: { choice: 'ARAT' } }),
    ).rejects.toThrow(/is asked per outcome: name the outcome/);
    await expect(
      attempt({ quote: { text: 'Forty patients', page: 1, start: 0, end: 14 } }),
    ).rejects.toThrow(
      /Sample size \(sample_size\): Page 1, characters 0..14, read "Twelve patient"/,
    );
    await expect(attempt({ quote: { text: 'Twelve', page: 9 } })).rejects.toThrow(
      /The full text has no page 9/,
    );
    await expect(attempt({ extractor: 'mallory' })).rejects.toThrow(/not a reviewer/);
    expect((await listEvents(workbench.store.db, review.id)).length).toBe(before);
    expect(await workbench.store.db.selectFrom('extract_answers').select('id').execute()).toEqual(
      [],
    );
    // Saving the same answer twice is one answer.
    await attempt({});
    await attempt({});
    expect(await api.extract.view(ids[0]!, 'ana')).toMatchObject({
      mine: 'in-progress',
      answers: [{ fieldId: 'sample_size', value: 3 }],
    });
    await workbench.close();
  });

  it('imports a sheet all or nothing, and the wide export imports again unchanged', async () => {
    const { workbench, review, api, ids } = await open();
    const [a, b, c] = ids as [number, number, number];
    await api.extract.configure({ extractorsPerStudy: 1 });
    const csv = (rows: string[]) => new TextEncoder().encode(rows.join('\n'));
    const before = (await listEvents(workbench.store.db, review.id)).length;
    await expect(
      api.extract.importSheet({
        fileName: 'ana.csv',
        extractor: 'ana',
        bytes: csv([
          'record_id,year,severity_band,colour,outcome_measure',
          `${a},2010,Severe,blue,FMA-UE`,
          `${b},twenty,Huge,,`,
          `${ids[3]},2011,Mild,,`,
        ]),
      }),
    ).rejects.toThrow(
      'ana.csv: nothing imported, 5 problems: row 1, column "colour": not a field of the form',
    );
    const error = await api.extract
      .importSheet({
        fileName: 'ana.csv',
        extractor: 'ana',
        bytes: csv(['record_id,year,severity_band', `${b},twenty,Huge`]),
      })
      .catch((e: { details?: { problems: string[] } }) => e);
    expect((error as { details: { problems: string[] } }).details.problems).toEqual([
      'row 2, column "year": "Year of publication" (year) takes a number',
      'row 2, column "severity_band": "Upper-limb impairment severity" (severity_band) has no option "Huge"; it takes one of: Mild, Moderate, Severe, Mixed (reported by band), Mixed (not separable)',
    ]);
    expect((await listEvents(workbench.store.db, review.id)).length).toBe(before);

    const header = `record_id,${Object.keys(REQUIRED).join(',')},sample_size,animal_model`;
    const good = csv([
      header,
      `${a},"Author0 and Second",2010,Human,Cross-sectional,Chronic,severe,TMS / MEP,Compensatory,Rose with recovery.,ROBINS-I,12,`,
      `${b},"Author1 and Second",2011,Human,Randomised controlled trial,Subacute; Chronic,Mild,rTMS,Inhibitory (maladaptive),Inhibition helped.,RoB 2,,`,
      `${c},"Author2 and Second",2012,Animal,Animal experiment,Acute,Severe,Lesion or inactivation,Unclear,Dendrites grew.,SYRCLE,8,Other: rat photothrombosis`,
    ]);
    const imported = await api.extract.importSheet({
      fileName: 'ana.csv',
      extractor: 'ana',
      bytes: good,
    });
    // rTMS asks whether the stimulation was inhibitory: left blank, that study stays open.
    expect(imported).toMatchObject({
      studies: 3,
      finished: 2,
      unfinished: [
        { recordId: b, missing: ['"Stimulation of contralesional M1" (stimulation_effect)'] },
      ],
    });
    // The same sheet again changes nothing: every row matches what ana holds.
    const again = await api.extract.importSheet({
      fileName: 'ana.csv',
      extractor: 'ana',
      bytes: good,
    });
    expect(again).toMatchObject({ studies: 0, answers: 0, unchanged: 3 });
    expect((await api.extract.overview()).map((s) => s.status)).toEqual([
      'consensus',
      'in-progress',
      'consensus',
    ]);

    const wide = await api.extract.export({ shape: 'wide', format: 'csv', extractor: 'ana' });
    expect(wide.rows).toBe(3);
    const lines = wide.text!.trim().split('\n');
    expect(lines[0]).toMatch(/^record_id,study,status,authors,year,country,/);
    expect(lines[1]).toContain(
      '1,Author0 and Second (2010) Contralesional motor cortex excitability after severe stroke,charted,',
    );
    expect(lines[3]).toContain('Other: rat photothrombosis');
    // Re-importing the export changes no answer.
    const snapshot = JSON.stringify(await api.extract.export({ shape: 'long', format: 'json' }));
    await api.extract.importSheet({
      fileName: 'wide.csv',
      extractor: 'ana',
      bytes: new TextEncoder().encode(wide.text!),
    });
    expect(JSON.stringify(await api.extract.export({ shape: 'long', format: 'json' }))).toBe(
      snapshot,
    );

    const long = await api.extract.export({ shape: 'long', format: 'csv' });
    expect(long.text!.split('\n')[0]).toBe(
      'record_id,study,section,entity,field_id,field_label,extractor,value,quote,page,start,end',
    );
    // Each answer of ana, and a consensus row for each of the two closed studies' answers.
    const rows = JSON.parse(
      (await api.extract.export({ shape: 'long', format: 'json' })).text!,
    ) as { record_id: number; extractor: string }[];
    expect(rows.filter((r) => r.extractor === 'ana').length).toBe(imported.answers);
    expect(rows.filter((r) => r.extractor === 'consensus').map((r) => r.record_id)).not.toContain(
      b,
    );
    expect(long.rows).toBe(rows.length);
    const xlsx = await api.extract.export({ shape: 'long', format: 'xlsx' });
    const { default: Excel } = await import('exceljs');
    const book = new Excel.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.bytes!) as unknown as ArrayBuffer);
    expect(book.getWorksheet('extraction')!.rowCount).toBe(long.rows + 1);
    await expect(api.extract.export({ shape: 'tall', format: 'csv' })).rejects.toThrow(
      'Unknown shape "tall". Available: long, wide',
    );
    await workbench.close();
  });

  it('carries answers to a new form version: renamed options and fields move, the rest is kept aside', async () => {
    const { workbench, api, ids } = await open();
    await api.extract.answer({
      recordId: ids[0]!,
      extractor: 'ana',
      fieldId: 'severity_band',
      value: { choice: 'Severe' },
    });
    await api.extract.answer({
      recordId: ids[0]!,
      extractor: 'ana',
      fieldId: 'sample_size',
      value: 12,
    });
    await api.extract.answer({
      recordId: ids[0]!,
      extractor: 'ana',
      fieldId: 'country',
      value: 'Denmark',
    });
    const next = structuredClone(CONTRALESIONAL_M1_FORM);
    const fields = next.sections.flatMap((s) => s.fields);
    const band = fields.find((f) => f.id === 'severity_band')!;
    if (band.type !== 'single-choice') throw new Error('severity_band is a choice');
    band.options = band.options.map((o) => (o === 'Severe' ? 'Severe (FMA-UE < 20)' : o));
    band.renamedOptions = { Severe: 'Severe (FMA-UE < 20)' };
    const size = fields.find((f) => f.id === 'sample_size')!;
    size.id = 'participants';
    size.was = ['sample_size'];
    for (const section of next.sections)
      section.fields = section.fields.filter((f) => f.id !== 'country');
    await api.extract.importForm(next);
    const view = await api.extract.view(ids[0]!, 'ana');
    expect(view.form.version).toBe(2);
    expect(view.answers.map((a) => [a.fieldId, a.value]).sort()).toEqual([
      ['participants', 12],
      ['severity_band', { choice: 'Severe (FMA-UE < 20)' }],
    ]);
    expect(view.retired).toEqual([
      {
        entity: '',
        fieldId: 'country',
        label: 'Country',
        value: 'Denmark',
        why: 'the field is not in the new version',
      },
    ]);
    await workbench.close();
  });
});

declareSkipped('dual extraction on postgres', postgresSkipReason);
