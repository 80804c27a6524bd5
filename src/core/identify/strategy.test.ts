import { describe, expect, it } from 'vitest';
import { DEMO_STRATEGY_OVID } from './demo-strategy';
import { DATABASE_IDS, parseStrategy, translateStrategy, type DatabaseId } from './index';

// Line 10 (the proximity line) and line 14 (the combination) of the demo strategy, checked by
// hand against METHODS 7.2-7.5 for each database.
const LINE_10: Record<DatabaseId, string> = {
  pubmed:
    'contralesional[tiab] OR "unaffected hemisphere*"[tiab] OR (ipsilateral[tiab] AND (hemisphere*[tiab] OR cortex[tiab]))',
  'ovid-medline':
    'contralesional.ti,ab,kf. or unaffected hemisphere*.ti,ab,kf. or (ipsilateral adj3 (hemisphere* or cortex)).ti,ab,kf.',
  'ovid-embase':
    'contralesional.ti,ab,kw. or unaffected hemisphere*.ti,ab,kw. or (ipsilateral adj3 (hemisphere* or cortex)).ti,ab,kw.',
  embase:
    "contralesional:ti,ab,kw OR 'unaffected hemisphere*':ti,ab,kw OR (ipsilateral NEAR/3 (hemisphere* OR cortex)):ti,ab,kw",
  wos: '(TI=contralesional OR AB=contralesional OR AK=contralesional) OR (TI="unaffected hemisphere*" OR AB="unaffected hemisphere*" OR AK="unaffected hemisphere*") OR (TI=(ipsilateral NEAR/3 (hemisphere* OR cortex)) OR AB=(ipsilateral NEAR/3 (hemisphere* OR cortex)) OR AK=(ipsilateral NEAR/3 (hemisphere* OR cortex)))',
  scopus:
    'TITLE-ABS-KEY(contralesional) OR TITLE-ABS-KEY("unaffected hemisphere*") OR TITLE-ABS-KEY(ipsilateral W/3 (hemisphere* OR cortex))',
  cinahl:
    '(TI contralesional OR AB contralesional) OR (TI "unaffected hemisphere*" OR AB "unaffected hemisphere*") OR (TI (ipsilateral N3 (hemisphere* OR cortex)) OR AB (ipsilateral N3 (hemisphere* OR cortex)))',
  cochrane:
    'contralesional:ti,ab,kw OR (unaffected NEXT hemisphere*):ti,ab,kw OR (ipsilateral NEAR/3 (hemisphere* OR cortex)):ti,ab,kw',
  europepmc:
    '(TITLE:contralesional OR ABSTRACT:contralesional OR KW:contralesional) OR (TITLE:"unaffected hemisphere*" OR ABSTRACT:"unaffected hemisphere*" OR KW:"unaffected hemisphere*") OR ((TITLE:ipsilateral OR ABSTRACT:ipsilateral OR KW:ipsilateral) AND ((TITLE:hemisphere* OR ABSTRACT:hemisphere* OR KW:hemisphere*) OR (TITLE:cortex OR ABSTRACT:cortex OR KW:cortex)))',
  scholar: 'contralesional OR "unaffected hemisphere" OR (ipsilateral (hemisphere OR cortex))',
};

const LINE_14: Partial<Record<DatabaseId, string>> = {
  pubmed: '#3 AND #6 AND #9 AND #10 AND #13',
  'ovid-medline': '3 and 6 and 9 and 10 and 13',
  embase: '#3 AND #6 AND #9 AND #10 AND #13',
  cinahl: 'S3 AND S6 AND S9 AND S10 AND S13',
};

describe('the demo strategy translated to every database', () => {
  for (const to of DATABASE_IDS) {
    it(to, () => {
      const result = translateStrategy(DEMO_STRATEGY_OVID, { from: 'ovid', to });
      expect(result.errors).toEqual([]);
      expect(result.lines).toHaveLength(14);
      expect(result.lines[9]?.query).toBe(LINE_10[to]);
      if (LINE_14[to]) expect(result.lines[13]?.query).toBe(LINE_14[to]);
      expect(result.combined).not.toMatch(/#\d|\bS\d/);
    });
  }

  it('headings and proximity carry warnings attached to their line and fragment', () => {
    const embase = translateStrategy(DEMO_STRATEGY_OVID, { from: 'ovid', to: 'embase' });
    expect(embase.lines[0]?.query).toBe('Stroke/exp');
    expect(embase.lines[6]?.query).toBe("'Motor Cortex'/de");
    expect(embase.warnings.filter((w) => w.code === 'check-heading').map((w) => w.line)).toEqual([
      1, 4, 7, 11, 11,
    ]);
    expect(embase.warnings).toContainEqual(
      expect.objectContaining({
        code: 'proximity-offset',
        line: 10,
        fragment: '(ipsilateral adj3 (hemisphere* or cortex))',
      }),
    );
    const pubmed = translateStrategy(DEMO_STRATEGY_OVID, { from: 'ovid', to: 'pubmed' });
    expect(pubmed.lines.map((line) => line.query).slice(0, 3)).toEqual([
      'Stroke[Mesh]',
      'stroke*[tiab] OR "cerebrovascular accident*"[tiab] OR hemipar*[tiab] OR hemipleg*[tiab]',
      '#1 OR #2',
    ]);
  });

  it('expands line references where the target has none (Europe PMC, Scholar)', () => {
    const epmc = translateStrategy(DEMO_STRATEGY_OVID, { from: 'ovid', to: 'europepmc' });
    expect(epmc.lines[2]?.query).toBe(
      'MESH:Stroke OR ((TITLE:stroke* OR ABSTRACT:stroke* OR KW:stroke*) OR (TITLE:"cerebrovascular accident*" OR ABSTRACT:"cerebrovascular accident*" OR KW:"cerebrovascular accident*") OR (TITLE:hemipar* OR ABSTRACT:hemipar* OR KW:hemipar*) OR (TITLE:hemipleg* OR ABSTRACT:hemipleg* OR KW:hemipleg*))',
    );
    expect(epmc.combined).toBe(epmc.lines[13]?.query);
    const scholar = translateStrategy(DEMO_STRATEGY_OVID, { from: 'ovid', to: 'scholar' });
    expect(scholar.warnings.map((w) => w.code)).toContain('too-long');
  });
});

describe('parseStrategy', () => {
  it('reads numbered PubMed history lines and unnumbered lines', () => {
    const numbered = parseStrategy('#1 stroke[mh]\n#2 arm[tiab]\n#3 #1 AND #2', {
      syntax: 'pubmed',
    });
    expect(numbered.errors).toEqual([]);
    expect(numbered.lines.map((line) => line.number)).toEqual([1, 2, 3]);
    const plain = parseStrategy(['stroke[mh]', 'arm[tiab]', '#1 AND #2'], { syntax: 'pubmed' });
    expect(plain.lines[2]?.ast).toMatchObject({ kind: 'bool', op: 'and' });
  });

  it('strips Ovid hit counts and reports bad references with their line', () => {
    const result = parseStrategy(
      ['1. exp Stroke/ (143215)', '2. 1 or 3', '3. limit 1 to english language'],
      {
        syntax: 'ovid',
      },
    );
    expect(result.lines[0]?.query).toBe('exp Stroke/');
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'bad-line-ref', line: 2, offset: 5 }),
      expect.objectContaining({ code: 'unsupported-line', line: 3 }),
    ]);
    expect(
      translateStrategy(['1. exp Stroke/', '2. 1 or 3'], { from: 'ovid', to: 'pubmed' }).combined,
    ).toBe('');
  });
});
