import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliFor } from '#test/support/cli';
import { corpusFile, corpusSkipReason } from '#test/support/corpus';
import { declareSkipped } from '#test/support/skip';

const FILES = {
  pubmed: 'revtools/restoration_pubmed.nbib',
  wos: 'revtools/restoration_WoS.ciw',
  scopus: 'revtools/restoration_scopus.ris',
};
const skip = corpusSkipReason(...Object.values(FILES));

interface DedupJson {
  counts: { records: number; unique: number; duplicatesRemoved: number; possiblePairs: number };
  clusters: { id: string; keeper: number; members: { recordId: number }[] }[];
  possible: { id: string; a: { recordId: number }; b: { recordId: number } }[];
}
interface RecordJson {
  id: number;
  title?: string;
  doi?: string;
}

const RELEVANT = /forest|wetland|grassland|vegetation|ecolog/i;

describe.skipIf(skip !== undefined)(
  'a systematic review built through the CLI from real PubMed, WoS and Scopus exports',
  () => {
    it('yields PRISMA counts that match the history, box by box', () => {
      const rb = cliFor();
      const dir = mkdtempSync(join(tmpdir(), 'rb-flow-'));
      expect(rb(['init', '--title', 'Ecological restoration', '--type', 'systematic']).status).toBe(
        0,
      );

      // identify: three databases, counted by hand from the files (MANIFEST agrees).
      const imported = rb([
        '--json',
        'import',
        corpusFile(FILES.pubmed),
        corpusFile(FILES.wos),
        corpusFile(FILES.scopus),
        '--searched-on',
        '2026-01-05',
      ]).json<{ files: { added: number; sourceDatabase: string }[] }>();
      expect(imported.files.map((f) => [f.sourceDatabase, f.added])).toEqual([
        ['PubMed', 104],
        ['Web of Science', 247],
        ['Scopus', 286],
      ]);
      const again = rb(['--json', 'import', corpusFile(FILES.scopus)]);
      expect(again.status).toBe(0);
      expect(again.json<{ files: { status: string; added: number }[] }>().files[0]).toMatchObject({
        status: 'already-imported',
        added: 0,
      });

      // deduplicate: 140 automatic removals, checked by hand against DOI and normalised-title groups
      // (121 clusters; 8 differ in title only by typos or encoding). Same-DOI pairs whose databases
      // label the publication type differently wait in the queue.
      const first = rb(['--json', 'dedup', 'run']).json<DedupJson>();
      expect(first.counts.records).toBe(637);
      expect(first.counts.duplicatesRemoved).toBe(145);
      expect(first.clusters).toHaveLength(123);
      const records = rb(['--json', 'records']).json<RecordJson[]>();
      const byId = new Map(records.map((r) => [r.id, r]));
      let same = 0;
      for (const pair of first.possible) {
        const sameDoi =
          byId.get(pair.a.recordId)?.doi !== undefined &&
          byId.get(pair.a.recordId)?.doi === byId.get(pair.b.recordId)?.doi;
        same += sameDoi ? 1 : 0;
        expect(rb(['dedup', 'decide', pair.id, sameDoi ? 'same' : 'different']).status).toBe(0);
      }
      const settled = rb(['--json', 'dedup', 'run']).json<DedupJson>();
      expect(settled.possible).toEqual([]);
      const duplicates = settled.counts.duplicatesRemoved;
      // 146 = the hand tally of DOI-or-normalised-title groups.
      expect(same).toBe(1);
      expect(duplicates).toBe(146);
      const removed = new Set(
        settled.clusters.flatMap((c) =>
          c.members.map((m) => m.recordId).filter((id) => id !== c.keeper),
        ),
      );
      const active = records.filter((r) => !removed.has(r.id));
      expect(active).toHaveLength(637 - duplicates);

      // screen: two blinded reviewers; Ben disagrees on the first five records Ana includes.
      for (const [name, role] of [
        ['ana', 'reviewer'],
        ['ben', 'reviewer'],
        ['lena', 'lead'],
      ])
        expect(rb(['reviewer', 'add', name!, '--role', role!]).status).toBe(0);
      expect(
        rb([
          'screen',
          'settings',
          '--reviewers-per-record',
          '2',
          '--blinded',
          'on',
          '--resolvers',
          'lena',
        ]).status,
      ).toBe(0);
      const anaIncludes = active.filter((r) => RELEVANT.test(r.title ?? '')).map((r) => r.id);
      const flipped = new Set(anaIncludes.slice(0, 5));
      const sheet = (decide: (r: RecordJson) => string): string =>
        ['record_id,decision', ...active.map((r) => `${r.id},${decide(r)}`)].join('\n');
      writeFileSync(
        join(dir, 'ana.csv'),
        sheet((r) => (anaIncludes.includes(r.id) ? 'include' : 'exclude')),
      );
      writeFileSync(
        join(dir, 'ben.csv'),
        sheet((r) => (anaIncludes.includes(r.id) && !flipped.has(r.id) ? 'include' : 'exclude')),
      );
      expect(
        rb(['screen', 'import-decisions', join(dir, 'ana.csv'), '--reviewer', 'ana']).status,
      ).toBe(0);
      expect(rb(['screen', 'conflicts', '--reviewer', 'ana']).status).toBe(1); // blinded: only resolvers look
      expect(
        rb(['screen', 'import-decisions', join(dir, 'ben.csv'), '--reviewer', 'ben']).status,
      ).toBe(0);
      const rerun = rb([
        '--json',
        'screen',
        'import-decisions',
        join(dir, 'ben.csv'),
        '--reviewer',
        'ben',
      ]).json<{ recorded: number; unchanged: number }>();
      expect(rerun).toMatchObject({ recorded: 0, unchanged: active.length });
      const conflicts = rb(['--json', 'screen', 'conflicts', '--reviewer', 'lena']).json<
        { recordId: number }[]
      >();
      expect(conflicts.map((c) => c.recordId).sort((a, b) => a - b)).toEqual(
        [...flipped].sort((a, b) => a - b),
      );
      const [keep1, keep2, drop1, drop2, drop3] = [...flipped];
      for (const id of [keep1, keep2])
        expect(rb(['screen', 'resolve', String(id), 'include', '--reviewer', 'lena']).status).toBe(
          0,
        );
      for (const id of [drop1, drop2, drop3])
        expect(rb(['screen', 'resolve', String(id), 'exclude', '--reviewer', 'lena']).status).toBe(
          0,
        );
      const tiAbIncluded = anaIncludes.filter(
        (id) => !flipped.has(id) || id === keep1 || id === keep2,
      );
      const tiAbExcluded = active.length - tiAbIncluded.length;

      // full text: both reviewers agree; every third report is excluded, alternating two reasons.
      const reasons = ['Wrong population', 'Wrong study design'];
      const fullText = tiAbIncluded.map((id, i) => ({
        id,
        exclude: i % 3 === 2,
        reason: reasons[Math.floor(i / 3) % 2]!,
      }));
      const ftSheet = [
        'record_id,decision,reason',
        ...fullText.map(
          (r) => `${r.id},${r.exclude ? 'exclude' : 'include'},${r.exclude ? r.reason : ''}`,
        ),
      ].join('\n');
      writeFileSync(join(dir, 'ft.csv'), ftSheet);
      const badSheet = 'record_id,decision\n999999,include\n';
      writeFileSync(join(dir, 'bad.csv'), badSheet);
      const bad = rb([
        'screen',
        'import-decisions',
        join(dir, 'bad.csv'),
        '--reviewer',
        'ana',
        '--stage',
        'full-text',
      ]);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('bad.csv:2:');
      for (const reviewer of ['ana', 'ben'])
        expect(
          rb([
            'screen',
            'import-decisions',
            join(dir, 'ft.csv'),
            '--reviewer',
            reviewer,
            '--stage',
            'full-text',
          ]).status,
        ).toBe(0);
      const excludedBy = (reason: string): number =>
        fullText.filter((r) => r.exclude && r.reason === reason).length;
      const included = fullText.filter((r) => !r.exclude).length;

      // report: every box from the history.
      const prisma = rb(['prisma', '--format', 'json']).json<Record<string, unknown>>();
      expect(prisma).toMatchObject({
        database_results: 637,
        database_specific_results: { PubMed: 104, 'Web of Science': 247, Scopus: 286 },
        duplicates,
        records_screened: 637 - duplicates,
        records_excluded: tiAbExcluded,
        dbr_sought_reports: tiAbIncluded.length,
        dbr_notretrieved_reports: 0,
        dbr_assessed: tiAbIncluded.length,
        dbr_excluded: {
          'Wrong population': excludedBy('Wrong population'),
          'Wrong study design': excludedBy('Wrong study design'),
        },
        new_studies: included,
        new_reports: included,
      });
      const check = rb(['prisma', 'check']);
      expect(check.stdout).toContain('PRISMA arithmetic holds');
      expect(check.status).toBe(0);
      const svgPath = join(dir, 'prisma.svg');
      expect(rb(['prisma', '--format', 'svg', '-o', svgPath]).status).toBe(0);
      const svg = readFileSync(svgPath, 'utf8');
      expect(svg).toContain('637');
      writeFileSync('/tmp/flow.svg', svg);
      const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
      expect(text.match(/New studies included in review\s+\(n\s=\s(\d+)\)/)?.[1]).toBe(
        String(included),
      );
    });
  },
);

declareSkipped('CLI review flow', skip);
