import { describe, expect, it } from 'vitest';
import { CONTRALESIONAL_M1_FORM } from '#core/extract/index';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { listEvents } from '#store/index';
import { openWorkbench } from '#engine/index';

describe.each(storeTargets)("a review's charting form on $name", (target) => {
  it('starts from a template as a pilot, publishes it, and versions every later edit', async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead@example.org',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const review = await workbench.createReview({ title: 'Charting' });
    const api = workbench.review(review.id);
    expect(await api.extract.form()).toBeUndefined();
    await expect(api.extract.publishForm()).rejects.toThrow(/no charting form yet/);
    await expect(api.extract.useTemplate('nope')).rejects.toThrow(
      'Unknown form template "nope". Available: jbi_scoping, contralesional_m1',
    );
    // A pilot is replaced while the team tries forms out.
    await api.extract.useTemplate('jbi_scoping');
    const pilot = await api.extract.useTemplate('contralesional_m1');
    expect(pilot).toMatchObject({ version: 1, status: 'pilot', form: { id: 'contralesional_m1' } });
    const published = await api.extract.publishForm();
    expect(published).toMatchObject({
      version: 1,
      status: 'published',
      publishedAt: '2026-12-04T10:00:00.000Z',
    });
    await expect(api.extract.publishForm()).rejects.toThrow(/already published/);
    await expect(api.extract.useTemplate('jbi_scoping')).rejects.toThrow(/is published/);
    // An edit after publishing is version 2; version 1 stays as it was.
    const edited = structuredClone(CONTRALESIONAL_M1_FORM);
    edited.title = 'Contralesional M1, second version';
    const second = await api.extract.importForm(edited);
    expect(second).toMatchObject({ version: 2, status: 'pilot', form: { version: 2 } });
    const rows = await workbench.store.db
      .selectFrom('extract_forms')
      .select(['version', 'status', 'definition'])
      .where('review_id', '=', review.id)
      .orderBy('version')
      .execute();
    expect(
      rows.map((r) => [r.version, r.status, (JSON.parse(r.definition) as { title: string }).title]),
    ).toEqual([
      [1, 'published', 'Contralesional M1 and upper-limb recovery after stroke'],
      [2, 'pilot', 'Contralesional M1, second version'],
    ]);
    // A broken form is refused whole, naming each problem; nothing changes.
    const before = (await listEvents(workbench.store.db, review.id)).length;
    await expect(api.extract.importForm({ ...edited, sections: [] })).rejects.toThrow(
      'The form has 1 problem: sections: Too small: expected array to have >=1 items',
    );
    expect((await listEvents(workbench.store.db, review.id)).length).toBe(before);
    expect((await api.extract.form())?.form.title).toBe('Contralesional M1, second version');
    await workbench.close();
  });
});

declareSkipped("a review's charting form on postgres", postgresSkipReason);
