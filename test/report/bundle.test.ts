import { strFromU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, postgresTarget, sqliteTarget } from '#test/support/stores';
import { chartedReview } from '#test/support/charted-review';
import { openWorkbench } from '#engine/index';
import type { Workbench } from '#engine/index';

const open = async (url: string, at = '2026-12-04T10:00:00Z'): Promise<Workbench> =>
  openWorkbench({ url, actor: 'lead', clock: fixedClock(at) });

/** The bundle's data files (everything but the manifest, which carries the export's date). */
function dataFiles(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  delete files['manifest.json'];
  return Object.fromEntries(Object.entries(files).map(([path, b]) => [path, strFromU8(b)]));
}

/** SQLite -> PostgreSQL -> SQLite when PostgreSQL is here; SQLite -> SQLite otherwise. */
const middle = postgresSkipReason ? sqliteTarget : postgresTarget;

describe(`the reproducibility bundle (sqlite -> ${middle.name} -> sqlite)`, () => {
  it('rebuilds an identical review: export, import, export again, the same data files', async () => {
    const first = await open(await sqliteTarget.fresh());
    const { api, ids } = await chartedReview(first);
    const exported = await api.report.bundle();
    const checklist = await api.report.checklist('prisma-scr');
    const crosstab = await api.synthesise.crosstab('severity_band', 'role');
    await first.close();

    const { manifest } = first.verifyBundle(exported.bytes, 'first.zip');
    expect(manifest.review.title).toBe(
      'Contralesional M1 and upper-limb recovery: a scoping review',
    );
    expect(manifest.tables).toMatchObject({
      records: 5,
      extract_answers: 19,
      appraise_judgements: 32,
    });
    const paths = manifest.files.map((f) => f.path);
    for (const path of [
      'data/reviews.jsonl',
      'data/screen_decisions.jsonl',
      'data/extract_forms.jsonl',
      'data/appraise_judgements.jsonl',
      'protocol.json',
      'search-log.json',
      'checklist.json',
      'figures/prisma.svg',
      'figures/rob-robins-i-traffic.svg',
      'figures/evidence-map.svg',
      'figures/timeline.svg',
      'raw/1-search.ris',
    ])
      expect(paths).toContain(path);
    expect(paths).not.toContain('data/invitations.jsonl');

    // Into the other store, a day later: the review reads the same and exports the same data.
    const second = await open(await middle.fresh(), '2026-12-05T10:00:00Z');
    expect(await second.importBundle(exported.bytes, 'first.zip')).toMatchObject({
      reviewId: manifest.review.id,
      title: manifest.review.title,
    });
    const imported = second.review(manifest.review.id);
    expect(await imported.report.checklist('prisma-scr')).toEqual(checklist);
    expect(await imported.synthesise.crosstab('severity_band', 'role')).toEqual(crosstab);
    const again = await imported.report.bundle();
    expect(dataFiles(again.bytes)).toEqual(dataFiles(exported.bytes));
    // Imported twice into the same database: refused, nothing written.
    await expect(second.importBundle(exported.bytes, 'first.zip')).rejects.toThrow(
      'first.zip: this database already has reviews row 1: import the bundle into a fresh database',
    );
    // New rows after an import take fresh ids (PostgreSQL's sequences moved past the bundle's).
    await imported.screen.addReviewer('new-member', 'reviewer');
    await second.close();

    const third = await open(await sqliteTarget.fresh());
    await third.importBundle(again.bytes, 'second.zip');
    const last = await third.review(manifest.review.id).report.bundle();
    expect(dataFiles(last.bytes)).toEqual(dataFiles(exported.bytes));
    expect(ids).toHaveLength(5);
    await third.close();
  });

  it('refuses a tampered bundle, naming the file, and a zip that is not a bundle', async () => {
    const workbench = await open(await sqliteTarget.fresh());
    const { api } = await chartedReview(workbench);
    const { bytes } = await api.report.bundle();
    const files = unzipSync(bytes);
    const changed = { ...files };
    changed['data/extract_answers.jsonl'] = new TextEncoder().encode(
      strFromU8(files['data/extract_answers.jsonl']!).replace('Severe', 'Mild'),
    );
    expect(() => workbench.verifyBundle(zipSync(changed), 'tampered.zip')).toThrow(
      /^tampered\.zip: the bundle does not match its manifest: data\/extract_answers\.jsonl: sha256 \w+… does not match the manifest's \w+…\.$/,
    );
    const extra: Record<string, Uint8Array> = { ...files, 'data/extra.jsonl': new Uint8Array([1]) };
    delete extra['figures/prisma.svg'];
    expect(() => workbench.verifyBundle(zipSync(extra), 'extra.zip')).toThrow(
      'extra.zip: the bundle does not match its manifest: figures/prisma.svg is missing; data/extra.jsonl is not in the manifest.',
    );
    expect(() => workbench.verifyBundle(new Uint8Array([1, 2, 3]), 'x.zip')).toThrow(
      'x.zip: not a zip file.',
    );
    expect(() =>
      workbench.verifyBundle(zipSync({ 'a.txt': new Uint8Array([1]) }), 'a.zip'),
    ).toThrow('a.zip: no manifest.json: not a ReviewBench bundle.');
    // A tampered bundle imports nothing.
    const other = await open(await sqliteTarget.fresh());
    await expect(other.importBundle(zipSync(changed), 'tampered.zip')).rejects.toThrow(
      'does not match its manifest',
    );
    expect(await other.listReviews()).toEqual([]);
    await other.close();
    await workbench.close();
  });
});
