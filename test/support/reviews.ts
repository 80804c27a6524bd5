import type { Workbench } from '#engine/index';

/**
 * A review whose records are all included at full text (one reviewer per record, decided by
 * the lead): the studies extraction, appraisal and synthesis work on. Members are added first.
 */
export async function reviewWithIncluded(
  workbench: Workbench,
  options: {
    title: string;
    records: readonly {
      title: string;
      author: string;
      year: number;
      journal?: string;
      volume?: string;
      pages?: string;
      doi?: string;
    }[];
    members?: readonly (readonly [string, 'lead' | 'reviewer' | 'viewer'])[];
  },
) {
  const review = await workbench.createReview({ title: options.title });
  const api = workbench.review(review.id);
  for (const [name, role] of options.members ?? [['lead', 'lead'] as const])
    await api.screen.addReviewer(name, role);
  const lead = (options.members ?? [['lead', 'lead']]).find(([, role]) => role === 'lead')![0];
  await api.screen.configure({ reviewersPerRecord: 1 });
  await api.identify.import({
    fileName: 'search.ris',
    bytes: new TextEncoder().encode(
      options.records
        .map(
          (r) =>
            `TY  - JOUR\nTI  - ${r.title}\nAU  - ${r.author}\nPY  - ${r.year}\n${r.journal ? `JO  - ${r.journal}\n` : ''}${r.volume ? `VL  - ${r.volume}\n` : ''}${r.pages ? `SP  - ${r.pages}\n` : ''}${r.doi ? `DO  - ${r.doi}\n` : ''}ER  - \n`,
        )
        .join('\n'),
    ),
  });
  const ids = (await api.records()).map((r) => r.id);
  for (const stage of ['ti-ab', 'full-text'])
    for (const recordId of ids)
      await api.screen.decide({ recordId, stage, reviewer: lead, decision: 'include' });
  return { review, api, ids };
}
