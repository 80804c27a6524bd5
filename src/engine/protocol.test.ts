import { describe, expect, it } from 'vitest';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { listEvents } from '#store/index';
import { openWorkbench } from '#engine/index';

describe.each(storeTargets)('the protocol on $name', (target) => {
  it('is edited as first written, then amended in versions with reasons and dates', async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const review = await workbench.createReview({
      title: 'Protocol',
      protocol: { question: 'What is known?' },
    });
    const api = workbench.review(review.id);
    expect(await api.protocol.show()).toMatchObject({
      protocol: { question: 'What is known?' },
      version: 1,
    });
    const first = await api.protocol.edit({
      question: 'What role does contralesional M1 play in upper-limb recovery after stroke?',
      framework: 'PCC',
      population: 'Adults after stroke, and animal models of stroke',
      concept: 'Contralesional primary motor cortex',
      context: 'Upper-limb motor recovery',
      inclusionCriteria: ['Stroke', 'Upper limb'],
      databases: ['PubMed', 'Embase', 'Web of Science', 'Google Scholar'],
      registration: { registry: 'OSF', id: 'abc12' },
    });
    expect(first.version).toBe(1);
    const before = (await listEvents(workbench.store.db, review.id)).length;
    await expect(api.protocol.edit({ question: '', colour: 'blue' })).rejects.toThrow(
      /The protocol has 2 problems: question: Too small.*protocol: unknown field colour/,
    );
    await expect(api.protocol.amend(first.protocol, ' ')).rejects.toThrow(/needs its reason/);
    expect((await listEvents(workbench.store.db, review.id)).length).toBe(before);

    const amended = await api.protocol.amend(
      { ...first.protocol, databases: ['PubMed', 'Embase', 'Web of Science', 'Scopus'] },
      'Google Scholar cannot export whole result sets; Scopus added instead.',
    );
    expect(amended.version).toBe(2);
    expect(amended.versions.map((v) => [v.version, v.reason])).toEqual([
      [1, null],
      [2, 'Google Scholar cannot export whole result sets; Scopus added instead.'],
    ]);
    expect((await api.protocol.version(1)).databases).toContain('Google Scholar');
    expect((await api.protocol.show()).protocol.databases).toContain('Scopus');
    await expect(api.protocol.edit(first.protocol)).rejects.toThrow(
      /has been amended \(version 2\)/,
    );
    await workbench.close();
  });
});

declareSkipped('the protocol on postgres', postgresSkipReason);
