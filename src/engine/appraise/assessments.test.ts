import { describe, expect, it } from 'vitest';
import { renderSceneSvg } from '#core/appraise/index';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { listEvents } from '#store/index';
import { openWorkbench } from '#engine/index';
import { reviewWithIncluded } from '#test/support/reviews';
import { madePdf } from '#test/support/pdf';

const TITLES = [
  'An rTMS trial after stroke',
  'Dendrites after ischaemia in rats',
  'A cohort of TMS maps',
];

/** The answers that take every RoB 2 domain to Low (D4 through 4.3 = N). */
const ROB2_LOW: Record<string, Record<string, string>> = {
  D1: { '1.1': 'Y', '1.2': 'Y', '1.3': 'N' },
  D2: { '2.1': 'N', '2.2': 'N', '2.6': 'Y' },
  D3: { '3.1': 'Y' },
  D4: { '4.1': 'N', '4.2': 'N', '4.3': 'N' },
  D5: { '5.1': 'Y', '5.2': 'N', '5.3': 'N' },
};

describe.each(storeTargets)('appraisal on $name', (target) => {
  const open = async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const { review, api, ids } = await reviewWithIncluded(workbench, {
      title: 'Appraisal',
      records: TITLES.map((title, i) => ({ title, author: `Author${i}, A.`, year: 2010 + i })),
      members: [
        ['lead', 'lead'],
        ['ana', 'reviewer'],
        ['ben', 'reviewer'],
      ],
    });
    // The charting form names the tool each study needs; one extractor settles it here.
    await api.extract.importForm({
      id: 'tools',
      title: 'Which tool',
      version: 1,
      sections: [
        {
          id: 'rob',
          title: 'Risk of bias',
          fields: [
            {
              id: 'rob_tool',
              label: 'Risk-of-bias tool',
              type: 'single-choice',
              options: ['SYRCLE', 'RoB 2', 'ROBINS-I'],
            },
          ],
        },
      ],
    });
    await api.extract.publishForm();
    await api.extract.configure({ extractorsPerStudy: 1 });
    for (const [i, tool] of ['RoB 2', 'SYRCLE'].entries()) {
      await api.extract.answer({
        recordId: ids[i]!,
        extractor: 'lead',
        fieldId: 'rob_tool',
        value: { choice: tool },
      });
      await api.extract.finish(ids[i]!, 'lead');
    }
    return { workbench, review, api, ids };
  };

  it("takes each study's tool from charting, proposes judgements, and settles a disagreement", async () => {
    const { workbench, review, api, ids } = await open();
    const [trial, animal, cohort] = ids as [number, number, number];
    const studies = await api.appraise.studies();
    expect(studies.map((s) => [s.recordId, s.toolId, s.assignedBy])).toEqual([
      [trial, 'rob2', 'extraction'],
      [animal, 'syrcle', 'extraction'],
      [cohort, null, null],
    ]);
    // The lead may change a study's tool (here to what charting said, by hand).
    await api.appraise.assign(trial, 'rob2');
    expect((await api.appraise.studies())[0]).toMatchObject({ toolId: 'rob2', assignedBy: 'lead' });
    await expect(api.appraise.assign(cohort, 'rob9')).rejects.toThrow(
      /Unknown appraisal tool "rob9"/,
    );
    await expect(
      api.appraise.judge({ recordId: cohort, assessor: 'ana', domainId: 'D1' }),
    ).rejects.toThrow(/has no appraisal tool yet/);

    // ana: every domain Low by the algorithm; ben: D4 differs (4.3 = Y, 4.4 = N -> Low as well,
    // then an override to Some concerns with a reason).
    for (const [domainId, answers] of Object.entries(ROB2_LOW)) {
      const judged = await api.appraise.judge({
        recordId: trial,
        assessor: 'ana',
        domainId,
        answers,
      });
      expect(judged.judgement).toBe('Low');
      // The overall follows once every domain is judged (RoB 2's rule), not before.
      if (domainId === 'D1') {
        expect(judged.overall).toBeNull();
        await expect(api.appraise.finish(trial, 'ana')).rejects.toThrow(
          /no judgement yet for D2, D3, D4, D5, overall/,
        );
      }
      if (domainId === 'D5')
        expect(judged.overall).toEqual({ proposal: 'Low', judgement: 'Low', justification: null });
    }
    // An override of the overall stands as domains change, and goes when it meets the proposal.
    await expect(
      api.appraise.judge({
        recordId: trial,
        assessor: 'ana',
        domainId: 'overall',
        judgement: 'High',
      }),
    ).rejects.toThrow(/needs a justification/);
    await api.appraise.judge({
      recordId: trial,
      assessor: 'ana',
      domainId: 'overall',
      judgement: 'High',
      justification: 'Outcome assessors knew the arm.',
    });
    const rejudged = await api.appraise.judge({
      recordId: trial,
      assessor: 'ana',
      domainId: 'D1',
      answers: ROB2_LOW.D1,
    });
    expect(rejudged.overall).toEqual({
      proposal: 'Low',
      judgement: 'High',
      justification: 'Outcome assessors knew the arm.',
    });
    await api.appraise.judge({
      recordId: trial,
      assessor: 'ana',
      domainId: 'overall',
      judgement: 'Low',
    });
    const partial = await api.appraise.judge({
      recordId: trial,
      assessor: 'ben',
      domainId: 'D4',
      answers: { '4.1': 'N', '4.2': 'N', '4.3': 'Y' },
    });
    expect(partial).toMatchObject({ proposal: null, missing: ['4.4'] });
    await expect(
      api.appraise.judge({
        recordId: trial,
        assessor: 'ben',
        domainId: 'D4',
        answers: { '4.4': 'N' },
        judgement: 'Some concerns',
      }),
    ).rejects.toThrow(
      'D4: the algorithm proposes "Low"; judging "Some concerns" instead needs a justification.',
    );
    await api.appraise.judge({
      recordId: trial,
      assessor: 'ben',
      domainId: 'D4',
      answers: { '4.4': 'N' },
      judgement: 'Some concerns',
      justification: 'Assessors could guess the arm from side effects.',
    });
    for (const [domainId, answers] of Object.entries(ROB2_LOW))
      if (domainId !== 'D4')
        await api.appraise.judge({ recordId: trial, assessor: 'ben', domainId, answers });
    // Blind: whatever ben judged, ana's view of the open study does not change.
    const anaSees = JSON.stringify(await api.appraise.view(trial, 'ana'));
    await api.appraise.judge({
      recordId: trial,
      assessor: 'ben',
      domainId: 'D1',
      answers: { '1.2': 'N' },
    });
    expect(JSON.stringify(await api.appraise.view(trial, 'ana'))).toBe(anaSees);
    await api.appraise.judge({
      recordId: trial,
      assessor: 'ben',
      domainId: 'D1',
      answers: { '1.2': 'Y' },
    });

    // Each assessor's overall followed their domains: ben's D4 override makes his Some concerns.
    for (const who of ['ana', 'ben']) {
      const overall = (await api.appraise.view(trial, who)).judgements.find(
        (j) => j.domainId === 'overall',
      );
      expect(overall).toMatchObject({
        proposal: who === 'ana' ? 'Low' : 'Some concerns',
        judgement: who === 'ana' ? 'Low' : 'Some concerns',
        justification: null,
      });
      await api.appraise.finish(trial, who);
    }
    const queue = await api.appraise.reconcile();
    expect(queue.map((q) => [q.recordId, q.domainId])).toEqual([
      [trial, 'D4'],
      [trial, 'overall'],
    ]);
    expect(queue[0]!.judgements[1]).toMatchObject({
      assessor: 'ben',
      judgement: 'Some concerns',
      proposal: 'Low',
    });
    await expect(
      api.appraise.judge({
        recordId: trial,
        assessor: 'ana',
        domainId: 'D4',
        answers: { '4.3': 'Y' },
      }),
    ).rejects.toThrow(/judgements are final/);
    await api.appraise.resolve({
      recordId: trial,
      domainId: 'D4',
      judgement: 'Some concerns',
      resolver: 'lead',
    });
    await api.appraise.resolve({
      recordId: trial,
      domainId: 'overall',
      judgement: 'Some concerns',
      resolver: 'lead',
    });
    expect(await api.appraise.reconcile()).toEqual([]);
    const table = await api.appraise.table('rob2');
    expect(table.rows).toEqual([
      {
        recordId: trial,
        unit: '',
        study: 'Author0 2010',
        judgements: { D1: 'Low', D2: 'Low', D3: 'Low', D4: 'Some concerns', D5: 'Low' },
        overall: 'Some concerns',
      },
    ]);
    const svg = renderSceneSvg(await api.appraise.plot({ toolId: 'rob2', type: 'traffic' }));
    expect(svg).toContain('>Author0 2010</text>');
    const agreement = await api.appraise.agreement('rob2');
    expect(agreement.find((a) => a.domainId === 'D4')).toMatchObject({ n: 1, agreed: 0 });

    // SYRCLE by one assessor: bad answers change nothing.
    const before = (await listEvents(workbench.store.db, review.id)).length;
    await expect(
      api.appraise.judge({
        recordId: animal,
        assessor: 'ana',
        domainId: 'D1',
        answers: { '1.1': 'Probably' },
      }),
    ).rejects.toThrow('Question 1.1 takes Y, N, U, not "Probably".');
    await expect(
      api.appraise.judge({
        recordId: animal,
        assessor: 'ana',
        domainId: 'D1',
        judgement: 'Dreadful',
      }),
    ).rejects.toThrow(/"Dreadful" is not a judgement of syrcle/);
    expect((await listEvents(workbench.store.db, review.id)).length).toBe(before);
    const item = await api.appraise.judge({
      recordId: animal,
      assessor: 'ana',
      domainId: 'D2',
      answers: { '2.1': 'Y', '2.2': 'N' },
    });
    expect(item.judgement).toBe('High');
    // A supporting quote is anchored to the study's PDF, or refused naming the question.
    await api.retrieve.attach(animal, {
      fileName: 'rats.pdf',
      bytes: await madePdf('Animals were randomly allocated to groups using a computer generator.'),
    });
    const quoted = await api.appraise.judge({
      recordId: animal,
      assessor: 'ana',
      domainId: 'D1',
      answers: { '1.1': 'Y' },
      quotes: { '1.1': { text: 'randomly allocated to groups', page: 1 } },
    });
    expect(quoted.judgement).toBe('Low');
    const view = await api.appraise.view(animal, 'ana');
    expect(view.judgements.find((j) => j.domainId === 'D1')!.quotes['1.1']).toMatchObject({
      text: 'randomly allocated to groups',
      page: 1,
      start: expect.any(Number),
    });
    await expect(
      api.appraise.judge({
        recordId: animal,
        assessor: 'ana',
        domainId: 'D1',
        quotes: { '1.1': { text: 'randomly', page: 4 } },
      }),
    ).rejects.toThrow('1.1: The full text has no page 4.');

    // A robvis table made elsewhere: an unknown study refuses it whole; a good one is ben's
    // finished appraisal of the cohort (the review's own generic tool).
    await api.appraise.configure({
      tool: {
        name: 'Quality',
        judgements: ['Good', 'Fair', 'Poor'],
        domains: [{ id: 'D1', name: 'Selection' }],
      },
    });
    await expect(
      api.appraise.importTable({
        text: 'Study,D1,Overall\nNobody 1999,Good,Good\nAuthor2 2012,Splendid,Good\n',
        fileName: 'quality.csv',
        toolId: 'generic',
        assessor: 'ben',
      }),
    ).rejects.toThrow(
      /quality.csv: line 3, column D1: "Splendid" is not a judgement of generic \(Good, Fair, Poor/,
    );
    await expect(
      api.appraise.importTable({
        text: 'Study,D1,Overall\nNobody 1999,Good,Good\n',
        fileName: 'q.csv',
        toolId: 'generic',
        assessor: 'ben',
      }),
    ).rejects.toThrow('q.csv: nothing imported: line 2: no included study is named "Nobody 1999"');
    const imported = await api.appraise.importTable({
      text: 'Study,D1,Overall\nAuthor2 2012,Fair,Fair\n',
      fileName: 'quality.csv',
      toolId: 'generic',
      assessor: 'ben',
    });
    expect(imported).toEqual({ file: 'quality.csv', studies: 1, judgements: 2 });
    expect((await api.appraise.studies())[2]).toMatchObject({ toolId: 'generic' });
    expect((await api.appraise.view(cohort, 'ben')).mine).toBe('complete');
    await workbench.close();
  });
});

declareSkipped('appraisal on postgres', postgresSkipReason);
