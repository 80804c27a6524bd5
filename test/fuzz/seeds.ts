import { createRecord } from '#core/domain/index';
import type { BibRecord } from '#core/domain/index';
import { getWriter, listReaders } from '#core/formats/index';
import type { FormatId } from '#core/formats/index';

export { listReaders };

function seedRecord(n: number): BibRecord {
  return {
    ...createRecord('', { line: 1, endLine: 1 }),
    title: `Synthetic example ${n}: {braces} & "quotes", commas`,
    authors: [
      { family: 'Smith', given: 'J. A.', raw: 'Smith, J. A.' },
      { family: 'M\u00fcller', given: 'Anne', raw: 'M\u00fcller, Anne' },
    ],
    year: 2000 + n,
    journal: 'Journal of Synthetic Examples',
    volume: String(n),
    issue: '2',
    pages: '288-297',
    doi: `10.5555/fuzz.${n}`,
    pmid: String(90000000 + n),
    abstract: 'An abstract with several words, to give mutations room.',
    keywords: ['a', 'b'],
  };
}

const RECORDS = [seedRecord(1), seedRecord(2), seedRecord(3)];
const written = (id: 'ris' | 'bibtex' | 'csl-json' | 'csv'): string =>
  [...getWriter(id).write(RECORDS)].join('');

const MEDLINE = `PMID- 90000001\nTI  - Synthetic example title that\n      wraps.\nFAU - Smith, John\nAU  - Smith J\nDP  - 2019 Mar\nPG  - 288-97\nLID - 10.5555/x [doi]\n\nPMID- 90000002\nTI  - Second.\n`;
const WOS_TAGGED = `FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\n   Doe, A\nTI Synthetic title\n   continued\nPY 2019\nDI 10.5555/x\nUT WOS:1\nER\n\nPT J\nTI Second\nER\n\nEF\n`;
const WOS_TAB = `PT\tAU\tTI\tPY\tDI\tUT\nJ\tSmith, J; Doe, A\tSynthetic\t2019\t10.5555/x\tWOS:1\nJ\tRoe, B\tSecond\t2020\t\tWOS:2\n`;
const PUBMED_XML = `<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>90000001</PMID><Article><ArticleTitle>Synthetic <i>x</i></ArticleTitle><AuthorList><Author><LastName>Smith</LastName><ForeName>J</ForeName></Author></AuthorList></Article></MedlineCitation></PubmedArticle>\n<PubmedArticle><MedlineCitation><PMID>90000002</PMID><Article><ArticleTitle>Second</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n`;
const ENDNOTE_XML = `<?xml version="1.0"?><xml><records>\n<record><titles><title><style>Synthetic</style></title></titles><dates><year>2019</year></dates></record>\n<record><titles><title>Second</title></titles></record>\n</records></xml>`;
const SCOPUS = `Authors,Title,Year,Source title,DOI,Abstract,EID\n"Smith J., Doe A.",Synthetic,2019,J,10.5555/x,"multi\nline",2-s2.0-1\n`;

/** Valid inputs per reader, from the writers where one exists and hand-written otherwise. */
export function writeSeedsFor(id: FormatId): string[] {
  switch (id) {
    case 'ris':
      return [written('ris')];
    case 'bibtex':
      return [written('bibtex')];
    case 'csl-json':
      return [written('csl-json')];
    case 'csv':
      return [written('csv'), written('csv').replace(/,/g, ';')];
    case 'medline':
      return [MEDLINE];
    case 'wos-tagged':
      return [WOS_TAGGED];
    case 'wos-tab':
      return [WOS_TAB];
    case 'pubmed-xml':
      return [PUBMED_XML];
    case 'endnote-xml':
      return [ENDNOTE_XML];
    case 'scopus-csv':
      return [SCOPUS];
  }
}
