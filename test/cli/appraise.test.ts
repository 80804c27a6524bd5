import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRobvisCsv } from '#core/appraise/index';
import { openWorkbench } from '#engine/index';
import { runCli } from '#test/support/cli';
import { declareSkipped } from '#test/support/skip';

const ROBVIS = path.resolve('../shared/data/robvis');
const missing = existsSync(ROBVIS) ? undefined : `../shared/data/robvis is absent (${ROBVIS})`;

describe('reviewbench appraise, without a review', () => {
  it('lists the tools and judges from answers in the contract shapes', () => {
    const tools = runCli(['--json', 'appraise', 'tools']).json<
      {
        id: string;
        name: string;
        version: string;
        domains: { id: string; name: string; questions: { id: string; options: string[] }[] }[];
      }[]
    >();
    const rob2 = tools.find((t) => t.id === 'rob2')!;
    expect(rob2.domains.map((d) => d.id)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5']);
    expect(rob2.domains[0]!.questions[0]).toMatchObject({
      id: '1.1',
      options: ['Y', 'PY', 'PN', 'N', 'NI'],
    });
    const judged = runCli([
      '--json',
      'appraise',
      'judge',
      '--tool',
      'syrcle',
      '--answers',
      '{"1.1":"Y","2.1":"Y","2.2":"N"}',
    ]);
    expect(judged.status).toBe(0);
    expect(judged.json()).toMatchObject({
      domains: { D1: 'Low', D2: 'High', D3: null },
      overall: null,
      missing: { D3: ['3.1'] },
    });
    const bad = runCli(['appraise', 'judge', '--tool', 'rob2', '--answers', '{"1.1":"Maybe"}']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('question 1.1 takes Y, PY, PN, N, NI, not "Maybe"');
  });

  it.skipIf(missing)('draws every robvis example table as SVG, PNG and PDF', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-plot-'));
    const { extractText, getDocumentProxy } = await import('unpdf');
    for (const [file, tool] of [
      ['data_rob2.csv', 'rob2'],
      ['data_robins_i.csv', 'robins-i'],
      ['data_rob1.csv', 'rob1'],
      ['data_quadas.csv', 'quadas-2'],
    ] as const)
      for (const format of ['svg', 'png', 'pdf'] as const) {
        const out = path.join(dir, `${tool}.${format}`);
        const run = runCli([
          'appraise',
          'plot',
          '--type',
          'traffic',
          '--tool',
          tool,
          '--from',
          path.join(ROBVIS, file),
          '--format',
          format,
          '-o',
          out,
        ]);
        expect(run.status, run.stderr).toBe(0);
        const bytes = readFileSync(out);
        if (format === 'svg') expect(bytes.toString()).toContain('>Study 1</text>');
        if (format === 'png') expect(bytes.subarray(1, 4).toString()).toBe('PNG');
        if (format === 'pdf') {
          const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
            mergePages: true,
          });
          expect(text).toContain('Study 1');
          expect(text).toContain('No information');
        }
      }
    const refused = runCli([
      'appraise',
      'plot',
      '--type',
      'summary',
      '--tool',
      'rob2',
      '--from',
      path.join(ROBVIS, 'data_quadas.csv'),
      '-o',
      path.join(dir, 'x.svg'),
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('no column for domain D5 of rob2');
    expect(existsSync(path.join(dir, 'x.svg'))).toBe(false);
  });
});

describe('reviewbench appraise, in a review', () => {
  it('two assessors appraise a trial, the lead settles the disagreement, robvis CSV and plot follow', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rb-appraise-'));
    const db = path.join(dir, 'review.db');
    const workbench = await openWorkbench({ url: db, actor: 'lead' });
    const review = await workbench.createReview({ title: 'Appraise by CLI' });
    const api = workbench.review(review.id);
    for (const [name, role] of [
      ['lead', 'lead'],
      ['ana', 'reviewer'],
      ['ben', 'reviewer'],
    ] as const)
      await api.screen.addReviewer(name, role);
    await api.screen.configure({ reviewersPerRecord: 1 });
    await api.identify.import({
      fileName: 's.ris',
      bytes: new TextEncoder().encode(
        'TY  - JOUR\nTI  - A trial\nAU  - Smith, J.\nPY  - 2019\nER  - \n',
      ),
    });
    const [id] = (await api.records()).map((r) => r.id) as [number];
    for (const stage of ['ti-ab', 'full-text'])
      await api.screen.decide({ recordId: id, stage, reviewer: 'lead', decision: 'include' });
    await workbench.close();
    const cli = (args: string[]) => runCli(['--db', db, ...args]);
    const ok = (args: string[]) => {
      const run = cli(args);
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      return run;
    };
    ok(['appraise', 'assign', String(id), '--tool', 'rob2']);
    const answers: Record<string, string> = {
      D1: '{"1.1":"Y","1.2":"Y","1.3":"N"}',
      D2: '{"2.1":"N","2.2":"N","2.6":"Y"}',
      D3: '{"3.1":"Y"}',
      D4: '{"4.1":"N","4.2":"N","4.3":"N"}',
      D5: '{"5.1":"Y","5.2":"N","5.3":"N"}',
    };
    for (const assessor of ['ana', 'ben']) {
      for (const [domain, json] of Object.entries(answers))
        ok([
          'appraise',
          'answer',
          String(id),
          domain,
          '--assessor',
          assessor,
          '--answers',
          assessor === 'ben' && domain === 'D5' ? '{"5.1":"N","5.2":"N","5.3":"N"}' : json,
        ]);
      ok(['appraise', 'answer', String(id), 'overall', '--assessor', assessor]);
      ok(['appraise', 'finish', String(id), '--assessor', assessor]);
    }
    const queue = ok(['--json', 'appraise', 'reconcile']).json<
      {
        recordId: number;
        domainId: string;
        judgements: { assessor: string; judgement: string }[];
      }[]
    >();
    expect(queue.map((q) => [q.domainId, q.judgements.map((j) => j.judgement)])).toEqual([
      ['D5', ['Low', 'Some concerns']],
      ['overall', ['Low', 'Some concerns']],
    ]);
    ok(['appraise', 'resolve', String(id), 'D5', 'Some concerns']);
    ok(['appraise', 'resolve', String(id), 'overall', 'Some concerns']);
    const csv = ok(['appraise', 'export', '--format', 'robvis-csv', '--tool', 'rob2']).stdout;
    expect(csv).toBe(
      'Study,D1,D2,D3,D4,D5,Overall\nSmith 2019,Low,Low,Low,Low,Some concerns,Some concerns\n',
    );
    expect(importRobvisCsv(csv, 'rob2').rows).toHaveLength(1);
    ok([
      'appraise',
      'plot',
      '--type',
      'summary',
      '--tool',
      'rob2',
      '--format',
      'png',
      '-o',
      path.join(dir, 'summary.png'),
    ]);
    expect(readFileSync(path.join(dir, 'summary.png')).subarray(1, 4).toString()).toBe('PNG');
    const status = ok(['--json', 'appraise', 'status']).json<{ status: string }[]>();
    expect(status.map((s) => s.status)).toEqual(['consensus']);
  });
});

declareSkipped('reviewbench appraise plots from robvis tables', missing);
