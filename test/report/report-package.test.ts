import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '#test/support/clock';
import { postgresSkipReason, storeTargets } from '#test/support/stores';
import { declareSkipped } from '#test/support/skip';
import { chartedReview } from '#test/support/charted-review';
import { openWorkbench } from '#engine/index';

/** LibreOffice and poppler, which CI installs: the DOCX opened the way a reader's Word would. */
const hasTool = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
const officeSkip =
  hasTool('soffice') && hasTool('pdftoppm') && hasTool('pdftotext')
    ? undefined
    : 'LibreOffice (soffice) or poppler (pdftoppm, pdftotext) is not installed: .ci/run installs them';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe.each(storeTargets)('the report package on $name', (target) => {
  it('drafts the report from the records, in every format, with the tables and figures', async () => {
    const workbench = await openWorkbench({
      url: await target.fresh(),
      actor: 'lead',
      clock: fixedClock('2026-12-04T10:00:00Z'),
    });
    const { api } = await chartedReview(workbench);

    const doc = await api.report.manuscript({ style: 'vancouver' });
    const headings = doc.blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : []));
    expect(headings).toEqual([
      'Contralesional M1 and upper-limb recovery: a scoping review',
      'Methods',
      'Protocol and registration',
      'Eligibility criteria',
      'Information sources and search',
      'Selection of sources',
      'Data charting',
      'Critical appraisal',
      'Synthesis',
      'Results',
      'Selection of sources',
      'Characteristics of the included sources',
      'Evidence map',
      'Findings by severity',
      'Risk of bias',
      'References',
    ]);
    const tables = doc.blocks.filter((b) => b.kind === 'table');
    expect(tables.map((t) => t.caption)).toEqual([
      'Table 1. Searches: each source with its date, the hits it reported and the records imported.',
      'Table 2. Characteristics of the included sources.',
      'Table 3. Role of contralesional M1 by severity: studies, their findings and their overall risk of bias.',
    ]);
    // The golden rows: the characteristics table cites by number, the strata tally by severity.
    expect(tables[1]!.columns).toEqual([
      'Study',
      'Species',
      'Severity',
      'Methods',
      'Role of contralesional M1',
    ]);
    expect(tables[1]!.rows[0]).toEqual([
      'Lotze (2006) [1]',
      'Human',
      'Severe',
      'TMS / MEP; fMRI',
      'Compensatory',
    ]);
    expect(tables[2]!.rows).toEqual([
      ['Mild', '2', 'Inhibitory (maladaptive): 2', 'Serious: 1; Low: 1'],
      ['Severe', '3', 'Compensatory: 2; Task-dependent: 1', 'Moderate: 2; Not appraised: 1'],
    ]);
    const figures = doc.blocks.flatMap((b) => (b.kind === 'figure' ? [b.caption] : []));
    expect(figures).toEqual([
      'Figure 1. PRISMA-ScR flow diagram of the selection of sources.',
      'Figure 2. Included sources by year of publication.',
      expect.stringMatching(/^Figure 3\. Evidence map: methods by severity, coloured by role/),
      expect.stringMatching(/^Figure 4\. ROBINS-I.*traffic-light plot/),
      expect.stringMatching(/^Figure 5\. ROBINS-I.*summary plot/),
    ]);
    const references = doc.blocks.find((b) => b.kind === 'list');
    expect(references).toMatchObject({
      items: expect.arrayContaining([
        '1. Lotze M. Motor cortex study 1. Brain. 2006;120:100–10. doi:10.1000/m1.1',
      ]),
    });

    // DOCX: Word's heading styles, the tables' rows and five images in the package.
    const docx = unzipSync((await api.report.file('docx')).bytes);
    const body = strFromU8(docx['word/document.xml']!);
    expect(body).toContain('Findings by severity');
    expect(body).toContain('Inhibitory (maladaptive): 2');
    expect(Object.keys(docx).filter((name) => /^word\/media\/.+\.png$/.test(name))).toHaveLength(5);
    // HTML: one page, figures inline; Markdown: pipe tables and figure files.
    const html = text((await api.report.file('html')).bytes);
    expect(html.match(/<figure /g)).toHaveLength(5);
    expect(html).toContain('<th>Role of contralesional M1</th>');
    const md = await api.report.file('md', { style: 'apa' });
    expect(text(md.bytes)).toContain(
      '| Lotze (2006) | Human | Severe | TMS / MEP; fMRI | Compensatory |',
    );
    expect(md.figures?.map((f) => f.path)).toEqual([
      'figures/figure-1.svg',
      'figures/figure-2.svg',
      'figures/figure-3.svg',
      'figures/figure-4.svg',
      'figures/figure-5.svg',
    ]);
    // XLSX: the supplement's sheets.
    const { default: Excel } = await import('exceljs');
    const book = new Excel.Workbook();
    await book.xlsx.load(
      Buffer.from((await api.report.file('xlsx')).bytes) as unknown as ArrayBuffer,
    );
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Included sources',
      'Form fields',
      'Charted values',
      'RoB robins-i',
      'Searches',
      'Checklist',
    ]);
    expect(book.getWorksheet('RoB robins-i')!.getRow(2).values).toEqual([
      undefined,
      'Lotze 2006',
      'Low',
      'Low',
      'Low',
      'Low',
      'Moderate',
      'Low',
      'Low',
      'Moderate',
    ]);

    await expect(api.report.file('docx', { style: 'chicago' })).rejects.toThrow(
      'No reference style "chicago" is bundled. Available: apa, vancouver, ama.',
    );
    await expect(
      api.report.file('docx', { map: { x: 'probe', y: 'severity_band' } }),
    ).rejects.toThrow('has no field "probe"');
    await expect(api.report.file('odt')).rejects.toThrow(
      'A report is written as docx, pdf, html, md, xlsx; got "odt".',
    );
    await workbench.close();
  });
});

declareSkipped('the report package on postgres', postgresSkipReason);

describe('the DOCX and the checklist opened by LibreOffice', () => {
  it.skipIf(officeSkip)(
    'opens, holds the headings, rows and figures, and renders to pages',
    async () => {
      const workbench = await openWorkbench({
        url: await storeTargets[0]!.fresh(),
        actor: 'lead',
        clock: fixedClock('2026-12-04T10:00:00Z'),
      });
      const { api } = await chartedReview(workbench);
      const dir = mkdtempSync(path.join(tmpdir(), 'rb-report-'));
      writeFileSync(path.join(dir, 'report.docx'), (await api.report.file('docx')).bytes);
      writeFileSync(
        path.join(dir, 'checklist.docx'),
        (await api.report.checklistFile('prisma-scr', 'docx')).bytes,
      );
      writeFileSync(
        path.join(dir, 'checklist-2020.pdf'),
        (await api.report.checklistFile('prisma-2020', 'pdf')).bytes,
      );
      await workbench.close();
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${dir}/lo-profile`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          path.join(dir, 'report.docx'),
          path.join(dir, 'checklist.docx'),
        ],
        { stdio: 'ignore', timeout: 120_000 },
      );
      const pdfText = (file: string) =>
        execFileSync('pdftotext', ['-layout', path.join(dir, file), '-'], { encoding: 'utf8' });
      const report = pdfText('report.pdf');
      for (const expected of [
        'Methods',
        'Results',
        'Table 2. Characteristics of the included sources.',
        'Lotze (2006) [1]',
        'Figure 3. Evidence map',
        'Figure 5. ROBINS-I',
        'References',
        'Murase M. Motor cortex study 3. Brain. 2004;122',
      ])
        expect(report).toContain(expected);
      const checklist = pdfText('checklist.pdf');
      expect(checklist).toContain('PRISMA-ScR checklist');
      expect(checklist).toContain('Sources searched');
      const checklist2020 = pdfText('checklist-2020.pdf');
      expect(checklist2020).toContain('PRISMA 2020 checklist');
      expect(checklist2020).toContain('Availability of data');
      // Pages as PNG, kept to look at (reports/screenshots/report-page-N.png).
      const shots = path.join(process.cwd(), 'reports/screenshots');
      mkdirSync(shots, { recursive: true });
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        path.join(dir, 'report.pdf'),
        path.join(shots, 'report-page'),
      ]);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        path.join(dir, 'checklist.pdf'),
        path.join(shots, 'checklist-page'),
      ]);
      expect(readFileSync(path.join(shots, 'report-page-1.png')).subarray(1, 4).toString()).toBe(
        'PNG',
      );
    },
  );
});

declareSkipped('the DOCX and the checklist opened by LibreOffice', officeSkip);
