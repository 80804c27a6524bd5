import { XMLParser } from 'fast-xml-parser';
import { createRecord } from '#core/domain/index';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import { countLineBreaks } from '../lines';
import {
  assignDate,
  assignDoi,
  assignPages,
  assignPmid,
  issue,
  pushValue,
  setOnce,
} from '../fields';
import { attribute, child, children, deepText, findElements, stripMarkup } from '../xml';
import type { XmlNode } from '../xml';

// Titles and abstracts carry inline markup (<i>, <sup>, <sub>); stop nodes come back as
// raw inner XML so `stripMarkup` keeps the words in order.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  stopNodes: ['*.ArticleTitle', '*.AbstractText', '*.VernacularTitle', '*.BookTitle'],
});

function text(node: XmlNode | undefined): string {
  return stripMarkup(deepText(node));
}

function buildRecord(article: XmlNode, raw: string, line: number, endLine: number): BibRecord {
  const record = createRecord(raw, { line, endLine });
  record.sourceDatabase = 'PubMed';
  const citation = child(article, 'MedlineCitation');
  const pmid = text(child(citation, 'PMID'));
  if (pmid !== '') {
    assignPmid(record, pmid);
    record.sourceRecordId = pmid;
  }
  const body = child(citation, 'Article');
  setOnce(
    record,
    'title',
    text(child(body, 'ArticleTitle')) || text(child(body, 'VernacularTitle')),
  );
  const abstract = children(child(body, 'Abstract'), 'AbstractText')
    .map((part) => {
      const label = attribute(part, 'Label');
      const content = text(part);
      return label !== undefined && content !== '' ? `${label}: ${content}` : content;
    })
    .filter((part) => part !== '');
  if (abstract.length > 0) record.abstract = abstract.join(' ');
  for (const author of children(child(body, 'AuthorList'), 'Author')) {
    const family = text(child(author, 'LastName'));
    const given = text(child(author, 'ForeName')) || text(child(author, 'Initials'));
    const collective = text(child(author, 'CollectiveName'));
    if (family !== '') {
      record.authors.push(
        given !== '' ? { family, given, raw: `${family}, ${given}` } : { family, raw: family },
      );
    } else if (collective !== '') record.authors.push({ family: collective, raw: collective });
  }
  const journal = child(body, 'Journal');
  setOnce(record, 'journal', text(child(journal, 'Title')));
  setOnce(record, 'journalAbbrev', text(child(journal, 'ISOAbbreviation')));
  const issueNode = child(journal, 'JournalIssue');
  setOnce(record, 'volume', text(child(issueNode, 'Volume')));
  setOnce(record, 'issue', text(child(issueNode, 'Issue')));
  const pubDate = child(issueNode, 'PubDate');
  const date =
    text(child(pubDate, 'MedlineDate')) ||
    [
      text(child(pubDate, 'Year')),
      text(child(pubDate, 'Season')) || text(child(pubDate, 'Month')),
      text(child(pubDate, 'Day')),
    ]
      .filter((p) => p !== '')
      .join(' ');
  if (date !== '') assignDate(record, date);
  const issns = children(journal, 'ISSN')
    .map(text)
    .filter((v) => v !== '');
  if (issns.length > 0) record.issn = issns;
  const pages = text(child(child(body, 'Pagination'), 'MedlinePgn'));
  if (pages !== '') assignPages(record, pages);
  for (const location of children(body, 'ELocationID')) {
    const value = text(location);
    if (attribute(location, 'EIdType') === 'doi') assignDoi(record, value);
    else if (record.pages === undefined && value !== '') assignPages(record, value);
  }
  for (const id of children(child(child(article, 'PubmedData'), 'ArticleIdList'), 'ArticleId')) {
    const type = attribute(id, 'IdType');
    if (type === 'doi') assignDoi(record, text(id));
    else if (type === 'pmc') setOnce(record, 'pmcid', text(id));
  }
  for (const language of children(body, 'Language')) {
    setOnce(record, 'language', text(language));
  }
  const types = children(child(body, 'PublicationTypeList'), 'PublicationType')
    .map(text)
    .filter((t) => t !== '');
  if (types.length > 0) record.publicationType = types;
  for (const heading of children(child(citation, 'MeshHeadingList'), 'MeshHeading')) {
    pushValue(record.subjectHeadings, text(child(heading, 'DescriptorName')));
  }
  for (const list of children(citation, 'KeywordList')) {
    for (const keyword of children(list, 'Keyword')) pushValue(record.keywords, text(keyword));
  }
  return record;
}

/**
 * Reads PubMed XML (`PubmedArticleSet` from efetch, or a baseline/update file). Each
 * `<PubmedArticle>` is parsed on its own so one broken article costs only itself.
 */
export function readPubmedXml(input: string, _options?: ReadOptions): ParseResult<BibRecord> {
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  // Baseline files before 2017 are a MedlineCitationSet with no PubmedArticle wrapper.
  let element = 'PubmedArticle';
  let slices = findElements(input, element);
  if (slices.length === 0) {
    element = 'MedlineCitation';
    slices = findElements(input, element);
  }
  let line = 1;
  let counted = 0;
  for (const slice of slices) {
    line += countLineBreaks(input, counted, slice.start);
    counted = slice.start;
    if (slice.end < 0) {
      issues.push(
        issue(line, 'pubmed-xml/truncated', 'error', `The file ends inside a ${element}.`),
      );
      break;
    }
    const raw = input.slice(slice.start, slice.end);
    const endLine = line + countLineBreaks(raw, 0, raw.length);
    try {
      const parsed = parser.parse(raw) as XmlNode;
      const article = element === 'PubmedArticle' ? child(parsed, 'PubmedArticle') : parsed;
      if (article === undefined) throw new Error('no article');
      const record = buildRecord(article, raw, line, endLine);
      if (record.title === undefined)
        issues.push(issue(line, 'pubmed-xml/missing-title', 'warning', 'Article has no title.'));
      records.push(record);
    } catch {
      issues.push(
        issue(line, 'pubmed-xml/bad-article', 'error', `Could not parse this ${element}; skipped.`),
      );
    }
  }
  const books = findElements(input, 'PubmedBookArticle').length;
  if (books > 0) {
    issues.push(
      issue(
        0,
        'pubmed-xml/book-skipped',
        'warning',
        `${books} PubmedBookArticle element(s) were not read.`,
      ),
    );
  }
  if (slices.length === 0 && books === 0) {
    issues.push(issue(0, 'pubmed-xml/no-articles', 'warning', 'No PubmedArticle elements found.'));
  }
  return { records, issues };
}

function detectPubmedXml(text: string): number {
  const head = text.slice(0, 4000);
  if (
    /<(?:PubmedArticleSet|MedlineCitationSet)[\s>]|<!DOCTYPE (?:PubmedArticleSet|MedlineCitationSet)/.test(
      head,
    )
  )
    return 0.98;
  return /<PubmedArticle[\s>]/.test(head) || /<MedlineCitation[\s>]/.test(head) ? 0.9 : 0;
}

/** PubMed XML reader (efetch output, baseline `.xml` / `.xml.gz` after gunzip). */
export const pubmedXmlReader: FormatReader = {
  id: 'pubmed-xml',
  label: 'PubMed XML',
  extensions: ['.xml'],
  detect: detectPubmedXml,
  read: readPubmedXml,
};
