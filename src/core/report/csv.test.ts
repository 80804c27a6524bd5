import { describe, expect, it } from 'vitest';
import {
  exportPrismaCsv,
  formatPrismaJson,
  importPrismaCsv,
  parseCount,
  parsePrismaJson,
  parseReasons,
} from './csv';
import { PRISMA_UPDATED_EXAMPLE, PRISMA_WORKED_EXAMPLE } from './examples';

describe('parseReasons', () => {
  it('reads a single reason', () => {
    expect(parseReasons('Wrong population, 60')).toEqual({
      reasons: { 'Wrong population': 60 },
      invalid: [],
    });
  });

  it('reads a bare number as a total without reasons', () => {
    expect(parseReasons('100')).toEqual({ reasons: {}, total: 100, invalid: [] });
    expect(parseReasons('1,200')).toEqual({ reasons: {}, total: 1200, invalid: [] });
    expect(parseReasons('NA')).toEqual({ reasons: {}, invalid: [] });
    expect(parseReasons('')).toEqual({ reasons: {}, invalid: [] });
  });

  it('reads counts with thousands separators and names containing commas', () => {
    expect(parseReasons('Wrong population, 1,200; Wrong design,40;Phase 1, 2, 7').reasons).toEqual({
      'Wrong population': 1200,
      'Wrong design': 40,
      'Phase 1, 2': 7,
    });
  });

  it('keeps the template placeholder out and says so', () => {
    expect(parseReasons('Reason1, xxx; Reason2, 3')).toEqual({
      reasons: { Reason2: 3 },
      invalid: ['Reason1, xxx'],
    });
  });
});

describe('parseCount', () => {
  it('strips everything but digits and the decimal point, as the R package does', () => {
    expect(parseCount('1,250')).toBe(1250);
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('n = 7')).toBe(7);
    expect(parseCount('xxx')).toBeUndefined();
  });
});

describe('PRISMA2020 CSV', () => {
  it('round-trips the worked example and the full update', () => {
    for (const counts of [PRISMA_WORKED_EXAMPLE, PRISMA_UPDATED_EXAMPLE]) {
      const csv = exportPrismaCsv(counts, { extensions: true });
      const back = importPrismaCsv(csv);
      expect(back.issues).toEqual([]);
      expect(back.counts).toEqual(counts);
      expect(back.boxText).toEqual({});
    }
  });

  it('writes the template columns and R-readable rows', () => {
    const lines = exportPrismaCsv(PRISMA_WORKED_EXAMPLE).split('\n');
    expect(lines[0]).toBe('data,node,box,description,boxtext,tooltips,url,n');
    expect(lines).toContain(
      'dbr_excluded,node14,box9,"Reports excluded with reasons: ""Reason 1, n; Reason 2, n""",Reports excluded,"Reports excluded with reasons: ""Reason 1, n; Reason 2, n""",NA,"Wrong population, 60; Wrong design, 40"',
    );
    expect(lines.find((l) => l.startsWith('NA,node6,newstud,'))).toContain(
      'Identification of new studies via databases and registers',
    );
    // Without `extensions` no row name contains another row's name (the R package greps).
    expect(lines.some((l) => l.startsWith('records_excluded_human'))).toBe(false);
  });

  it('carries translated box text both ways', () => {
    const csv = exportPrismaCsv(PRISMA_WORKED_EXAMPLE, {
      boxText: { records_screened: 'Registros cribados', screening: 'Cribado' },
    });
    expect(importPrismaCsv(csv).boxText).toEqual({
      records_screened: 'Registros cribados',
      screening: 'Cribado',
    });
  });

  it('reads a hand-edited file tolerantly: missing rows, commas, CRLF, BOM, unknown rows', () => {
    const text = [
      '\ufeffdata,node,box,description,boxtext,tooltips,url,n',
      'database_results,node7,box2,x,Databases,x,NA,"1,200"',
      'register_results,NA,box2,x,Registers,x,NA,50',
      'dbr_excluded,node14,box9,x,Reports excluded,x,NA,100',
      'other_excluded,node21,box15,x,Reports excluded,x,NA,"Reason1, xxx; Reason2, xxx"',
      'records_screened,node9,box4,x,Records screened,x,NA,about',
      'total_studies_ma,node23,box17,x,Meta,x,NA,4',
      'mystery,NA,box99,x,x,x,NA,3',
    ].join('\r\n');
    const { counts, issues } = importPrismaCsv(text);
    expect(counts).toEqual({
      database_results: 1200,
      register_results: 50,
      dbr_excluded_total: 100,
    });
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [5, 'prisma-csv/bad-reason'],
      [5, 'prisma-csv/bad-reason'],
      [6, 'prisma-csv/bad-number'],
      [8, 'prisma-csv/unknown-row'],
    ]);
  });

  it('reports a file without an n column', () => {
    expect(importPrismaCsv('a,b\n1,2\n').issues[0]?.code).toBe('prisma-csv/missing-column');
  });
});

describe('PRISMA JSON', () => {
  it('writes data keys in diagram order with per-database counts as an object', () => {
    const json = formatPrismaJson(PRISMA_UPDATED_EXAMPLE);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed).slice(0, 4)).toEqual([
      'previous_studies',
      'previous_reports',
      'database_results',
      'database_specific_results',
    ]);
    expect(parsed.register_specific_results).toEqual({
      'ClinicalTrials.gov': 1021,
      'WHO ICTRP': 321,
    });
    expect(parsePrismaJson(json)).toEqual({
      counts: PRISMA_UPDATED_EXAMPLE,
      boxText: {},
      issues: [],
    });
  });

  it('accepts numbers written as strings and flags unknown keys', () => {
    const { counts, issues } = parsePrismaJson(
      '{"duplicates":"1,234","typo_key":1,"dbr_excluded":"A, 2"}',
    );
    expect(counts).toEqual({ duplicates: 1234, dbr_excluded: { A: 2 } });
    expect(issues.map((i) => i.code)).toEqual(['prisma-json/unknown-key']);
    expect(parsePrismaJson('nope').issues[0]?.code).toBe('prisma-json/invalid');
  });
});
