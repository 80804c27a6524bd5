import { describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import { fixedClock } from '#test/support/clock';
import { storeTargets } from '#test/support/stores';
import { listEvents } from '#store/index';
import { openWorkbench } from '#engine/index';

/** A RIS file of `titles`, each with a DOI made from its title. */
function ris(titles: string[]): Uint8Array {
  return new TextEncoder().encode(
    titles
      .map(
        (title) =>
          `TY  - JOUR\r\nTI  - ${title}\r\nAU  - Smith, Jane\r\nPY  - 2019\r\nJO  - Stroke\r\nDO  - 10.5555/${title.toLowerCase().replace(/\W+/g, '-')}\r\nER  - \r\n`,
      )
      .join('\r\n'),
  );
}

const PUBMED = ['Contralesional motor cortex after stroke', 'Arm recovery and M1', 'Knee pain'];
const EMBASE = ['Contralesional motor cortex after stroke', 'Arm recovery and M1', 'Gait training'];

describe.each(storeTargets)('retracting an import batch on $name', (target) => {
  const open = async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead@example.org',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const review = await workbench.createReview({ title: 'Retract' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead@example.org', 'lead');
    const pubmed = await api.identify.import({
      fileName: 'pubmed.ris',
      bytes: ris(PUBMED),
      source: 'PubMed',
    });
    const embase = await api.identify.import({
      fileName: 'embase.ris',
      bytes: ris(EMBASE),
      source: 'Embase',
    });
    await api.deduplicate.run();
    return { workbench, review, api, pubmed: pubmed.batchId!, embase: embase.batchId! };
  };

  it('removes the batch from every stage and PRISMA, restores the records it had duplicated, and logs it', async () => {
    const { workbench, review, api, pubmed, embase } = await open();
    const before = await api.report.prismaCounts();
    expect(before.counts.database_results).toBe(6);
    expect(before.counts.duplicates).toBe(2);
    // A calibration round that drew every unique record (4 of them: 2 merged pairs + 2).
    const round = await api.screen.calibrate('ti-ab', 6, 1);
    // PubMed's file was the wrong one: retract it. Embase's copies of its two records stay.
    const result = await api.identify.retract(pubmed, 'Exported the wrong search.');
    expect(result).toMatchObject({ batchId: pubmed, fileName: 'pubmed.ris', records: 3 });
    expect(result.dedupPairs + result.dedupDecisions).toBeGreaterThan(0);
    const records = await api.records();
    expect(records.map((r) => r.title).sort()).toEqual([...EMBASE].sort());
    const after = await api.report.prismaCounts();
    expect(after.counts.database_results).toBe(3);
    expect(after.counts.duplicates ?? 0).toBe(0);
    expect((await api.deduplicate.state()).counts).toMatchObject({ unique: 3 });
    const eligible = await api.screen.next('lead@example.org', 'ti-ab');
    expect(eligible.progress.eligible).toBe(3);
    expect((await api.status()).batches.map((b) => b.id)).toEqual([embase]);
    // The round keeps only the records that are left.
    const left = new Set(records.map((r) => r.id));
    const kept = (await api.settings()).calibration!.recordIds;
    expect(kept).toEqual(round.recordIds.filter((id) => left.has(id)));
    expect(kept.length).toBeLessThan(round.recordIds.length);
    const events = await listEvents(workbench.store.db, review.id, {
      types: ['identify.batch-retracted'],
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'lead@example.org', subject: `batch:${pubmed}` });
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      reason: 'Exported the wrong search.',
      fileName: 'pubmed.ris',
      records: 3,
      source: 'PubMed',
    });
    // The right file imports again: the retracted one is no longer "already imported".
    const again = await api.identify.import({
      fileName: 'pubmed.ris',
      bytes: ris(PUBMED),
      source: 'PubMed',
    });
    expect(again.status).toBe('imported');
    await workbench.close();
  });

  it('refuses while any record has a screening decision, a note or a tag, naming them, and changes nothing', async () => {
    const { workbench, api, pubmed, embase } = await open();
    const records = await api.records();
    const knee = records.find((r) => r.title === 'Knee pain')!;
    await api.screen.decide({
      recordId: knee.id,
      reviewer: 'lead@example.org',
      stage: 'ti-ab',
      decision: 'exclude',
    });
    const refused = await api.identify.retract(pubmed, 'Wrong file.').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'identify/batch-in-use',
      message: expect.stringMatching(
        new RegExp(`record ${knee.id} \\(Knee pain\\): ti-ab exclude by lead@example.org`),
      ),
    });
    // An undone vote still blocks: it is part of the record's history.
    await api.screen.undo('lead@example.org', 'ti-ab');
    await expect(api.identify.retract(pubmed, 'Wrong file.')).rejects.toMatchObject({
      message: expect.stringMatching(/vote withdrawn/),
    });
    const gait = records.find((r) => r.title === 'Gait training')!;
    await api.screen.tag(gait.id, 'lead@example.org', 'rehab');
    await expect(api.identify.retract(embase, 'Wrong file.')).rejects.toMatchObject({
      code: 'identify/batch-in-use',
      message: expect.stringMatching(new RegExp(`record ${gait.id}: a tag by lead@example.org`)),
    });
    expect(await api.records()).toHaveLength(6);
    await workbench.close();
  });

  it('says what is wrong with an unknown batch or a missing reason', async () => {
    const { workbench, api, pubmed } = await open();
    await expect(api.identify.retract(999, 'Wrong file.')).rejects.toMatchObject({
      code: 'identify/batch-not-found',
    });
    await expect(api.identify.retract(pubmed, '   ')).rejects.toMatchObject({
      code: 'identify/retract-needs-reason',
    });
    expect(await api.records()).toHaveLength(6);
    await workbench.close();
  });
});
