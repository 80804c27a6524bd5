import { describe, expect, it } from 'vitest';
import { buildRis } from '#test/support/ris';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { openWorkbench } from '#engine/index';

const base = {
  journal: 'Journal of Neurology',
  volume: '12',
  abstract:
    'We studied the contralesional primary motor cortex in patients recovering arm function after stroke with transcranial magnetic stimulation.',
};
const studyA = {
  ...base,
  title: 'Contralesional motor cortex excitability and arm recovery after stroke',
  year: 2019,
  pages: '288-297',
  doi: '10.5555/a.1',
};
const studyB = {
  ...base,
  title: 'Interhemispheric inhibition in chronic stroke: a TMS study of hand function',
  year: 2020,
  pages: '10-19',
  doi: '10.5555/b.2',
  abstract:
    'Paired-pulse TMS measured interhemispheric inhibition in 40 chronic stroke survivors with hand weakness.',
};
const studyC = {
  ...base,
  title: 'Mirror therapy for the paretic arm: a randomised trial',
  year: 2018,
  pages: '1-9',
  doi: '10.5555/c.3',
  abstract:
    'A randomised trial of mirror therapy for upper limb motor recovery in subacute stroke.',
};

describe.each(storeTargets)('deduplicate on $name', (target) => {
  it('merges duplicates across imports, compares only new records next time, and undoes without deleting', async () => {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'lead' });
    const review = workbench.review((await workbench.createReview({ title: 'Dedup' })).id);
    await review.identify.import({
      fileName: 'pubmed.ris',
      bytes: buildRis([studyA, studyB]),
      source: 'PubMed',
    });
    await review.identify.import({
      fileName: 'embase.ris',
      bytes: buildRis([
        {
          ...studyA,
          title: studyA.title.toUpperCase() + '.',
          pages: '288-97',
          journal: 'J Neurol',
        },
        studyC,
      ]),
      source: 'Embase',
    });

    const first = await review.deduplicate.run();
    expect(first.newRecords).toBe(4);
    expect(first.counts).toMatchObject({ records: 4, unique: 3, duplicatesRemoved: 1 });
    expect(first.clusters).toHaveLength(1);
    expect(first.clusters[0]!.members.map((m) => m.recordId).sort()).toEqual([1, 3]);

    // A later import is compared against everything already there.
    await review.identify.import({
      fileName: 'wos.ris',
      bytes: buildRis([{ ...studyB, doi: undefined }]),
      source: 'Web of Science',
    });
    const second = await review.deduplicate.run();
    expect(second.newRecords).toBe(1);
    expect(second.counts).toMatchObject({ records: 5, unique: 3, duplicatesRemoved: 2 });

    // Undo splits a cluster; the records stay and the split is remembered on the next run.
    const cluster = second.clusters.find((c) => c.members.some((m) => m.recordId === 5))!;
    const undone = await review.deduplicate.undo(cluster.id);
    expect(undone.released).toHaveLength(1);
    const third = await review.deduplicate.run();
    expect(third.counts).toMatchObject({ records: 5, unique: 4, duplicatesRemoved: 1 });
    expect((await review.status()).records).toBe(5);
    await workbench.close();
  });

  it('takes one record out of a cluster, keeping the others together, and shows titles', async () => {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'lead' });
    const review = workbench.review((await workbench.createReview({ title: 'Remove' })).id);
    // Three copies of study A: the second links the first and third (their pages differ).
    await review.identify.import({
      fileName: 'three.ris',
      bytes: buildRis([
        studyA,
        { ...studyA, pages: '288-97', journal: 'J Neurol' },
        { ...studyA, pages: undefined, doi: undefined, journal: 'J Neurol' },
      ]),
      source: 'PubMed',
    });
    const run = await review.deduplicate.run();
    expect(run.clusters).toHaveLength(1);
    const cluster = run.clusters[0]!;
    expect(cluster.members.map((m) => m.recordId).sort()).toEqual([1, 2, 3]);
    expect(cluster.members[0]).toMatchObject({ title: studyA.title, year: 2019 });
    // The middle one is not a duplicate after all: 1 and 3 stay one group.
    const removed = await review.deduplicate.removeMember(cluster.id, 2);
    expect(removed).toMatchObject({ removed: 2 });
    const after = await review.deduplicate.state();
    expect(after.clusters.map((c) => c.members.map((m) => m.recordId).sort())).toEqual([[1, 3]]);
    expect(after.counts).toMatchObject({ unique: 2, duplicatesRemoved: 1 });
    // A later run does not put it back, and a record that is not a member is refused.
    expect((await review.deduplicate.run()).counts).toMatchObject({ unique: 2 });
    await expect(review.deduplicate.removeMember(after.clusters[0]!.id, 2)).rejects.toMatchObject({
      code: 'deduplicate/not-a-member',
    });
    await workbench.close();
  });

  it('queues possible pairs and remembers the decision', async () => {
    const workbench = await openWorkbench({ url: await target.fresh(), actor: 'lead' });
    const review = workbench.review((await workbench.createReview({ title: 'Queue' })).id);
    const erratum = {
      ...studyA,
      title: `Erratum: ${studyA.title}`,
      doi: '10.5555/a.1.err',
      abstract: undefined,
      pages: '400',
    };
    await review.identify.import({ fileName: 'a.ris', bytes: buildRis([studyA, erratum]) });
    const run = await review.deduplicate.run();
    expect(run.counts.duplicatesRemoved).toBe(0);
    if (run.possible.length > 0) {
      const pair = run.possible[0]!;
      const view = await review.deduplicate.show(pair.id);
      expect(view.fields.some((f) => f.mark !== 'same')).toBe(true);
      await review.deduplicate.decide(pair.id, 'different');
      expect((await review.deduplicate.state()).possible).toEqual([]);
      expect((await review.deduplicate.run()).possible).toEqual([]);
    }
    await expect(review.deduplicate.decide('1-2', 'maybe')).rejects.toMatchObject({
      code: 'usage',
    });
    await workbench.close();
  });
});

declareSkipped('deduplicate on postgres', postgresSkipReason);
