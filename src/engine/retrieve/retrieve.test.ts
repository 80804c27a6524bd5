import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { listEvents } from '#store/index';
import { openWorkbench } from '#engine/index';
import { madePdf } from '#test/support/pdf';

const FULL_TEXTS = path.resolve('../shared/data/full-texts');
const missing = existsSync(FULL_TEXTS)
  ? undefined
  : `../shared/data/full-texts is absent (${FULL_TEXTS})`;

/** The seven open-access articles: what their records carry, and what their PDFs hold. */
const ARTICLES = [
  {
    file: 'rct-physical-activity-smoking-pregnancy.pdf',
    title: 'Physical activity for smoking cessation in pregnancy: randomised controlled trial',
    doi: '10.1136/bmj.h2145',
    pages: 10,
    sentence: 'Physical activity for smoking cessation in pregnancy',
  },
  {
    file: 'cohort-h-pylori-iron-anaemia.pdf',
    title: 'Iron deficiency anaemia can be improved after eradication of Helicobacter pylori',
    doi: '10.1136/pgmj.2009.089987',
    pages: 7,
    sentence: 'Iron deficiency anaemia can be improved after eradication',
  },
  {
    file: 'review-dvt-prophylaxis-trauma.pdf',
    title:
      'Complications related to deep venous thrombosis prophylaxis in trauma: a systematic review of the literature',
    pages: 4,
    sentence: 'Three prophylactic modalities are common',
  },
  {
    file: 'qualitative-heart-failure-programmes.pdf',
    title: 'Patient experiences of structured heart failure programmes',
    doi: '10.1155/2010/157939',
    pages: 6,
    sentence: 'Patient Experiences of Structured Heart Failure Programmes',
  },
  {
    file: 'psychogeriatrics-2014.pdf',
    title: 'Stressful life events are not associated with the development of dementia',
    doi: '10.1017/S1041610213001804',
    pages: 8,
    sentence: 'Stressful life events are not associated with the development of dementia',
  },
  {
    file: 'bmc-health-services-2014.pdf',
    title:
      'Understanding the barriers to setting up a healthcare quality improvement process in resource-limited settings: a situational analysis at the Medical Department of Kamuzu Central Hospital in Lilongwe, Malawi',
    pages: 10,
    sentence: 'Kamuzu Central Hospital',
  },
  {
    file: 'lab-ace-inhibitor-design.pdf',
    title:
      'Fragment-based design for the development of N-domain-selective angiotensin-1-converting enzyme inhibitors',
    doi: '10.1042/CS20130403',
    pages: 13,
    sentence: 'Fragment-based design for the development of N-domain-selective',
  },
] as const;

/** Records a search would also find: near titles, other DOIs; none has a PDF here. */
const DECOYS = [
  {
    title: 'Physical activity for smoking cessation in adults: a randomised controlled trial',
    doi: '10.5555/decoy.1',
  },
  { title: 'Iron supplements in pregnancy: a cohort study', doi: '10.5555/decoy.2' },
  { title: 'Heart failure programmes in primary care: a survey', doi: '10.5555/decoy.3' },
];

function ris(records: readonly { title: string; doi?: string }[]): Uint8Array {
  return new TextEncoder().encode(
    records
      .map(
        (r, i) =>
          `TY  - JOUR\nTI  - ${r.title}\nAU  - Author, A${i}\nPY  - 2014\n${r.doi ? `DO  - ${r.doi}\n` : ''}ER  - \n`,
      )
      .join('\n'),
  );
}

const read = (file: string) => ({
  fileName: file,
  bytes: new Uint8Array(readFileSync(path.join(FULL_TEXTS, file))),
});

describe.skipIf(missing).each(storeTargets)('retrieving full texts on $name', (target) => {
  const open = async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead@example.org',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const review = await workbench.createReview({ title: 'Retrieve' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead@example.org', 'lead');
    await api.screen.configure({ reviewersPerRecord: 1 });
    await api.identify.import({
      fileName: 'search.ris',
      bytes: ris([
        ...ARTICLES,
        ...DECOYS,
        { title: 'Knee pain after running', doi: '10.5555/knee' },
      ]),
      source: 'Embase',
    });
    const records = await api.browse.list({ name: 'lead@example.org', seeOthers: true });
    const idOf = new Map(records.records.map((r) => [r.title!, r.id]));
    for (const r of records.records)
      await api.screen.decide({
        recordId: r.id,
        stage: 'ti-ab',
        reviewer: 'lead@example.org',
        decision: r.title!.startsWith('Knee') ? 'exclude' : 'include',
        ...(r.title!.startsWith('Knee') ? { reason: 'Wrong population' } : {}),
      });
    return { workbench, review, api, idOf };
  };

  it('attaches a folder of PDFs in one call: every article to its record, by DOI or title, decoys left', async () => {
    const { workbench, review, api, idOf } = await open();
    const result = await api.retrieve.attachMany(ARTICLES.map((a) => read(a.file)));
    expect(result.errors).toEqual([]);
    expect(result.unmatched).toEqual([]);
    const byFile = new Map(result.attached.map((a) => [a.file, a]));
    for (const article of ARTICLES) {
      const attached = byFile.get(article.file);
      expect(attached?.recordId, article.file).toBe(idOf.get(article.title));
    }
    expect(
      Object.fromEntries(result.attached.map((a) => [a.file.split('-')[0], a.matchedBy])),
    ).toEqual({
      rct: 'doi',
      cohort: 'doi',
      review: 'title',
      qualitative: 'doi',
      psychogeriatrics: 'doi',
      bmc: 'title',
      lab: 'doi',
    });
    const status = await api.retrieve.status();
    // Every report sought (7 articles + 3 decoys; the excluded record is not sought).
    expect(status).toHaveLength(10);
    for (const article of ARTICLES) {
      const report = status.find((s) => s.recordId === idOf.get(article.title))!;
      expect(report).toMatchObject({
        state: 'retrieved',
        reason: null,
        studyId: report.recordId,
        fullText: { fileName: article.file, pages: article.pages, scanned: false },
      });
      expect(report.fullText!.sha256).toMatch(/^[0-9a-f]{64}$/);
      const pages = await api.retrieve.pages(report.recordId);
      expect(pages).toHaveLength(article.pages);
      expect(
        pages
          .map((p) => p.text)
          .join(' ')
          .replace(/\s+/g, ' '),
      ).toContain(article.sentence);
      // Offsets run on across pages, one blank line apart.
      expect(pages[1]!.start).toBe(pages[0]!.text.length + 2);
      // The PDF comes back byte for byte.
      const file = await api.retrieve.file(report.recordId);
      expect(Buffer.from(file.bytes).equals(Buffer.from(read(article.file).bytes))).toBe(true);
    }
    for (const decoy of DECOYS)
      expect(status.find((s) => s.recordId === idOf.get(decoy.title))).toMatchObject({
        state: 'sought',
        fullText: null,
      });
    // The same folder again changes nothing.
    const events = (await listEvents(workbench.store.db, review.id)).length;
    const again = await api.retrieve.attachMany(ARTICLES.map((a) => read(a.file)));
    expect(again.attached.every((a) => a.unchanged)).toBe(true);
    expect((await listEvents(workbench.store.db, review.id)).length).toBe(events);
    const hits = await api.retrieve.search('kamuzu central hospital');
    expect(hits[0]).toMatchObject({ recordId: idOf.get(ARTICLES[5].title), page: 1 });
    await workbench.close();
  });

  it('refuses a PDF-shaped non-PDF, an encrypted PDF and a truncated PDF, changing nothing', async () => {
    const { workbench, review, api, idOf } = await open();
    const target = idOf.get(ARTICLES[0].title)!;
    const real = read(ARTICLES[0].file).bytes;
    const bad = [
      {
        fileName: 'shaped.pdf',
        bytes: new TextEncoder().encode(`%PDF-1.7\n${'not really a pdf\n'.repeat(50)}%%EOF\n`),
      },
      { fileName: 'locked.pdf', bytes: await madePdf('A locked article', 'secret') },
      { fileName: 'cut.pdf', bytes: real.subarray(0, Math.floor(real.length / 2)) },
      { fileName: 'notes.pdf', bytes: new TextEncoder().encode('plain text notes') },
      { fileName: 'empty.pdf', bytes: new Uint8Array() },
    ];
    const events = (await listEvents(workbench.store.db, review.id)).length;
    const result = await api.retrieve.attachMany(bad);
    expect(result.attached).toEqual([]);
    expect(result.errors.map((e) => [e.file, e.code])).toEqual([
      ['shaped.pdf', 'retrieve/unreadable'],
      ['locked.pdf', 'retrieve/encrypted'],
      ['cut.pdf', 'retrieve/truncated'],
      ['notes.pdf', 'retrieve/not-pdf'],
      ['empty.pdf', 'retrieve/empty'],
    ]);
    for (const error of result.errors) expect(error.message).toMatch(/\.$/);
    for (const file of bad)
      await expect(api.retrieve.attach(target, file)).rejects.toThrow(file.fileName);
    expect((await api.retrieve.status()).every((s) => s.state === 'sought')).toBe(true);
    expect((await listEvents(workbench.store.db, review.id)).length).toBe(events);
    // An unprotected PDF made here attaches by hand; one without text is flagged as a scan.
    const blank = await madePdf(' ');
    const attached = await api.retrieve.attach(target, { fileName: 'scan.pdf', bytes: blank });
    expect(attached).toMatchObject({ pages: 1, scanned: true, unchanged: false });
    await workbench.close();
  });

  it('moves reports through their states, feeds PRISMA and groups reports into studies', async () => {
    const { api, idOf, workbench } = await open();
    const [rct, cohort, review, qualitative] = ARTICLES.map((a) => idOf.get(a.title)!);
    const knee = idOf.get('Knee pain after running')!;
    await api.retrieve.attach(rct!, read(ARTICLES[0].file));
    await expect(api.retrieve.notRetrieved(rct!, 'No access')).rejects.toThrow(/detach it first/);
    await expect(api.retrieve.notRetrieved(cohort!, 'Lost in the post')).rejects.toThrow(
      /Available: No access, Interlibrary loan failed/,
    );
    expect(await api.retrieve.notRetrieved(cohort!, 'interlibrary loan failed')).toEqual({
      state: 'not-retrieved',
      reason: 'Interlibrary loan failed',
    });
    await expect(api.retrieve.attach(knee, read(ARTICLES[0].file))).rejects.toThrow(
      /not a report sought/,
    );
    // A report not retrieved leaves the full-text queue: nobody is asked to judge it.
    expect((await api.screen.next('lead@example.org', 'full-text')).progress.eligible).toBe(9);
    await expect(
      api.screen.decide({
        recordId: cohort!,
        stage: 'full-text',
        reviewer: 'lead@example.org',
        decision: 'include',
      }),
    ).rejects.toThrow(DomainError);
    await expect(api.retrieve.attach(99999, read(ARTICLES[0].file))).rejects.toThrow(
      /not in this review/,
    );
    const prisma = await api.report.prismaCounts();
    expect(prisma.counts).toMatchObject({ dbr_sought_reports: 10, dbr_notretrieved_reports: 1 });
    // Two reports of one study: PRISMA counts the study once among those included.
    const study = await api.retrieve.linkReports(review!, qualitative!);
    expect(study).toMatchObject({ studyId: Math.min(review!, qualitative!) });
    for (const id of [review!, qualitative!])
      await api.screen.decide({
        recordId: id,
        stage: 'full-text',
        reviewer: 'lead@example.org',
        decision: 'include',
      });
    const counts = (await api.report.prismaCounts()).counts;
    expect([counts.new_studies, counts.new_reports]).toEqual([1, 2]);
    const primary = await api.retrieve.primary(qualitative!);
    expect(primary.primary).toBe(qualitative);
    const status = await api.retrieve.status();
    expect(status.find((s) => s.recordId === qualitative)).toMatchObject({ primary: true });
    expect(status.find((s) => s.recordId === review)).toMatchObject({ primary: false });
    const alone = await api.retrieve.unlink(qualitative!);
    expect(alone.reports).toEqual([qualitative]);
    expect((await api.report.prismaCounts()).counts.new_studies).toBe(2);
    await api.retrieve.detach(rct!);
    expect((await api.retrieve.status()).find((s) => s.recordId === rct)).toMatchObject({
      state: 'needs-manual',
      fullText: null,
    });
    expect(await api.retrieve.reopen(cohort!)).toEqual({ state: 'sought' });
    expect((await api.screen.next('lead@example.org', 'full-text')).progress.eligible).toBe(10);
    await workbench.close();
  });
});

declareSkipped('retrieving full texts', missing);
declareSkipped('retrieving full texts on postgres', postgresSkipReason);
