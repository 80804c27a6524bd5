/** Record fields a CSV column can fill. */
export const CSV_FIELDS = [
  'sourceRecordId',
  'title',
  'abstract',
  'authors',
  'year',
  'date',
  'journal',
  'journalAbbrev',
  'volume',
  'issue',
  'pages',
  'pageStart',
  'pageEnd',
  'doi',
  'pmid',
  'pmcid',
  'keywords',
  'subjectHeadings',
  'issn',
  'isbn',
  'language',
  'publicationType',
  'url',
  'publisher',
  'sourceDatabase',
  'label',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/**
 * Header aliases per field, best first, compared after lower-casing and dropping
 * non-alphanumerics. They cover ASReview datasets, Scopus, IEEE Xplore, Springer, Embase,
 * colrev and ASySD exports.
 */
const ALIASES: Record<CsvField, readonly string[]> = {
  // A ReviewBench sheet has both: its `record_id` is the review's own id, not the source's.
  sourceRecordId: [
    'sourcerecordid',
    'recordid',
    'id',
    'eid',
    'ut',
    'accessionnumber',
    'uniquewosid',
  ],
  title: ['title', 'documenttitle', 'articletitle', 'itemtitle', 'primarytitle', 'ti'],
  abstract: ['abstract', 'abstractnote', 'ab'],
  authors: ['authors', 'author', 'authornames', 'authorfullnames', 'au'],
  year: ['year', 'publicationyear', 'py', 'pubyear'],
  date: ['date', 'publicationdate'],
  journal: [
    'journal',
    'sourcetitle',
    'publicationtitle',
    'journaltitle',
    'secondarytitle',
    'booktitle',
    'so',
  ],
  journalAbbrev: ['abbreviatedsourcetitle', 'journalabbreviation', 'ja'],
  volume: ['volume', 'journalvolume', 'vl'],
  issue: ['issue', 'number', 'journalissue', 'is'],
  pages: ['pages', 'page', 'pagerange'],
  pageStart: ['pagestart', 'startpage', 'bp'],
  pageEnd: ['pageend', 'endpage', 'ep'],
  doi: ['doi', 'itemdoi', 'di'],
  pmid: ['pmid', 'pubmedid'],
  pmcid: ['pmcid', 'pmc'],
  keywords: ['keywords', 'authorkeywords', 'de'],
  subjectHeadings: ['subjectheadings', 'indexkeywords', 'meshterms', 'mesh', 'ieeeterms'],
  issn: ['issn'],
  isbn: ['isbn', 'isbns'],
  language: ['language', 'languageoforiginaldocument', 'la'],
  publicationType: ['documenttype', 'publicationtype', 'entrytype', 'contenttype', 'type', 'pt'],
  url: ['url', 'link', 'pdflink'],
  publisher: ['publisher'],
  sourceDatabase: [],
  label: ['labelincluded', 'included'],
};

/** Lower-case alphanumerics only: `Source title` and `source_title` compare equal. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Maps each field to a column index, honouring explicit `columns` (field -> header) first. */
export function mapColumns(
  headers: readonly string[],
  columns: Partial<Record<string, string>> = {},
): Map<CsvField, number> {
  const byKey = new Map<string, number>();
  headers.forEach((header, index) => {
    const key = normaliseHeader(header);
    if (!byKey.has(key)) byKey.set(key, index);
  });
  const mapping = new Map<CsvField, number>();
  const taken = new Set<number>();
  for (const field of CSV_FIELDS) {
    const explicit = columns[field];
    if (explicit === undefined) continue;
    const index = headers.indexOf(explicit);
    const fallback = index >= 0 ? index : byKey.get(normaliseHeader(explicit));
    if (fallback !== undefined) {
      mapping.set(field, fallback);
      taken.add(fallback);
    }
  }
  for (const field of CSV_FIELDS) {
    if (mapping.has(field) || columns[field] !== undefined) continue;
    for (const alias of ALIASES[field]) {
      const index = byKey.get(alias);
      if (index !== undefined && !taken.has(index)) {
        mapping.set(field, index);
        taken.add(index);
        break;
      }
    }
  }
  return mapping;
}
