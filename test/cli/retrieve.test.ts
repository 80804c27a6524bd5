import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbench } from '#engine/index';
import { runCli } from '#test/support/cli';
import { declareSkipped } from '#test/support/skip';

const FULL_TEXTS = path.resolve('../shared/data/full-texts');
const missing = existsSync(FULL_TEXTS)
  ? undefined
  : `../shared/data/full-texts is absent (${FULL_TEXTS})`;

const RECORDS = [
  [
    'Physical activity for smoking cessation in pregnancy: randomised controlled trial',
    '10.1136/bmj.h2145',
  ],
  ['Patient experiences of structured heart failure programmes', '10.1155/2010/157939'],
  ['Stressful life events are not associated with the development of dementia', ''],
  ['Mirror therapy after stroke: a decoy without a PDF', '10.5555/decoy'],
] as const;

describe.skipIf(missing)('reviewbench retrieve', () => {
  it('attaches a folder, reports every file, and keeps the status contract', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-retrieve-'));
    const db = path.join(dir, 'review.db');
    const workbench = await openWorkbench({ url: db, actor: 'lead@example.org' });
    const review = await workbench.createReview({ title: 'Retrieve by CLI' });
    const api = workbench.review(review.id);
    await api.screen.addReviewer('lead@example.org', 'lead');
    await api.screen.configure({ reviewersPerRecord: 1 });
    await api.identify.import({
      fileName: 'search.ris',
      bytes: new TextEncoder().encode(
        RECORDS.map(
          ([title, doi]) =>
            `TY  - JOUR\nTI  - ${title}\nPY  - 2014\n${doi ? `DO  - ${doi}\n` : ''}ER  - \n`,
        ).join('\n'),
      ),
    });
    const ids = (await api.records()).map((r) => r.id);
    for (const recordId of ids)
      await api.screen.decide({
        recordId,
        stage: 'ti-ab',
        reviewer: 'lead@example.org',
        decision: 'include',
      });
    await workbench.close();

    const pdfs = path.join(dir, 'pdfs');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(pdfs);
    for (const file of [
      'rct-physical-activity-smoking-pregnancy.pdf',
      'qualitative-heart-failure-programmes.pdf',
      'psychogeriatrics-2014.pdf',
      'bmc-health-services-2014.pdf',
    ])
      copyFileSync(path.join(FULL_TEXTS, file), path.join(pdfs, file));
    writeFileSync(path.join(pdfs, 'notes.PDF'), 'not a pdf at all');
    writeFileSync(path.join(pdfs, 'README.txt'), 'ignored: not a .pdf');
    const cli = (args: string[]) => runCli(['--db', db, ...args]);

    const attach = cli(['--json', 'retrieve', 'attach-dir', pdfs]);
    expect(attach.status).toBe(1);
    const result = attach.json<{
      attached: { file: string; recordId: number; matchedBy: string; score: number }[];
      unmatched: string[];
      errors: { file: string; code: string; message: string }[];
    }>();
    expect(result.attached.map((a) => [a.file, a.recordId, a.matchedBy, a.score])).toEqual([
      ['psychogeriatrics-2014.pdf', ids[2], 'title', 1],
      ['qualitative-heart-failure-programmes.pdf', ids[1], 'doi', 1],
      ['rct-physical-activity-smoking-pregnancy.pdf', ids[0], 'doi', 1],
    ]);
    expect(result.unmatched).toEqual(['bmc-health-services-2014.pdf']);
    expect(result.errors).toEqual([
      {
        file: 'notes.PDF',
        code: 'retrieve/not-pdf',
        message: 'This is not a PDF: it does not start with the %PDF- marker.',
      },
    ]);

    const status = cli(['--json', 'retrieve', 'status']);
    expect(status.status).toBe(0);
    const reports = status.json<Record<string, unknown>[]>();
    expect(reports).toHaveLength(4);
    expect(reports[0]).toMatchObject({
      recordId: ids[0],
      sourceRecordId: null,
      state: 'retrieved',
      reason: null,
      studyId: ids[0],
      fullText: {
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        fileName: 'rct-physical-activity-smoking-pregnancy.pdf',
        pages: 10,
        textChars: expect.any(Number),
        matchedBy: 'doi',
      },
    });
    expect(reports[3]).toMatchObject({ state: 'sought', fullText: null });
    // The PDFs live beside the database, by their hash.
    expect(existsSync(`${db}.files`)).toBe(true);

    const unknown = cli(['retrieve', 'not-retrieved', String(ids[3]), '--reason', 'Lost']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Available: No access');
    const gaveUp = cli([
      'retrieve',
      'not-retrieved',
      String(ids[3]),
      '--reason',
      'author did not reply',
    ]);
    expect(gaveUp.stdout).toBe(`Record ${ids[3]}: not retrieved (Author did not reply).\n`);
    const set = cli([
      '--json',
      'retrieve',
      'reasons',
      '--set',
      'No access; Not in English ;No access',
    ]);
    expect(set.json()).toEqual(['No access', 'Not in English']);
    expect(
      cli(['retrieve', 'not-retrieved', String(ids[3]), '--reason', 'not in english']).stdout,
    ).toBe(`Record ${ids[3]}: not retrieved (Not in English).\n`);
    const linked = cli(['--json', 'retrieve', 'link-reports', String(ids[0]), String(ids[1])]);
    expect(linked.json()).toMatchObject({ studyId: ids[0], reports: [ids[0], ids[1]] });
    const text = cli(['retrieve', 'text', String(ids[1]), '--page', '1']);
    expect(text.stdout).toContain('Patient Experiences of Structured Heart Failure Programmes');
    // The open-access look-up is off until the user gives a contact email.
    const lookup = cli(['retrieve', 'lookup']);
    expect([lookup.status, lookup.stderr]).toEqual([2, expect.stringContaining('contact email')]);
    const services = cli([
      'retrieve',
      'lookup',
      '--email',
      'me@example.org',
      '--services',
      'scihub',
    ]);
    expect(services.stderr).toContain(
      'Unknown service scihub. Available: europepmc, unpaywall, openalex',
    );
    const one = cli(['retrieve', 'attach', String(ids[3]), path.join(pdfs, 'missing.pdf')]);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain(
      `There is no file at ${path.join(pdfs, 'missing.pdf')}; nothing was attached.`,
    );
  });
});

declareSkipped('reviewbench retrieve', missing);
