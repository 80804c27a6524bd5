import { XMLParser } from 'fast-xml-parser';
import { createRecord } from '#core/domain/index';
import type { BibRecord, ParseIssue, ParseResult } from '#core/domain/index';
import type { FormatReader, ReadOptions } from '../types';
import { countLineBreaks } from '../lines';
import {
  addAuthors,
  addExtra,
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

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
});

// EndNote wraps every value in one or more <style face=... font=...> runs.
function text(node: XmlNode | undefined): string {
  return stripMarkup(deepText(node));
}

const HANDLED = new Set([
  'rec-number',
  'ref-type',
  'contributors',
  'titles',
  'periodical',
  'pages',
  'volume',
  'number',
  'dates',
  'electronic-resource-num',
  'abstract',
  'keywords',
  'urls',
  'accession-num',
  'remote-database-name',
  'remote-database-provider',
  'isbn',
  'language',
  'publisher',
  'database',
  'source-app',
  'foreign-keys',
]);

function buildRecord(node: XmlNode, raw: string, line: number, endLine: number): BibRecord {
  const record = createRecord(raw, { line, endLine });
  const type = attribute(child(node, 'ref-type'), 'name');
  if (type !== undefined) record.publicationType = [type];
  const contributors = child(node, 'contributors');
  addAuthors(record, children(child(contributors, 'authors'), 'author').map(text));
  for (const editor of children(child(contributors, 'secondary-authors'), 'author')) {
    addExtra(record, 'secondary-authors', text(editor));
  }
  const titles = child(node, 'titles');
  setOnce(record, 'title', text(child(titles, 'title')));
  const periodical = child(node, 'periodical');
  setOnce(
    record,
    'journal',
    text(child(periodical, 'full-title')) || text(child(titles, 'secondary-title')),
  );
  const abbrev =
    text(child(periodical, 'abbr-1')) ||
    text(child(titles, 'alt-title')) ||
    text(child(titles, 'secondary-title'));
  if (abbrev !== record.journal) setOnce(record, 'journalAbbrev', abbrev);
  const pages = text(child(node, 'pages'));
  if (pages !== '') assignPages(record, pages);
  setOnce(record, 'volume', text(child(node, 'volume')));
  setOnce(record, 'issue', text(child(node, 'number')));
  const dates = child(node, 'dates');
  const year = text(child(dates, 'year'));
  const pubDate = text(child(child(dates, 'pub-dates'), 'date'));
  if (year !== '')
    assignDate(record, pubDate !== '' && !pubDate.includes(year) ? `${year} ${pubDate}` : year);
  else if (pubDate !== '') assignDate(record, pubDate);
  const doi = text(child(node, 'electronic-resource-num'));
  if (doi !== '') {
    assignDoi(record, doi);
    if (record.doi === undefined) addExtra(record, 'electronic-resource-num', doi);
  }
  setOnce(record, 'abstract', text(child(node, 'abstract')));
  for (const keyword of children(child(node, 'keywords'), 'keyword'))
    pushValue(record.keywords, text(keyword));
  const urls = children(child(child(node, 'urls'), 'related-urls'), 'url')
    .map(text)
    .filter((u) => u !== '');
  if (urls.length > 0) record.url = urls;
  const accession = text(child(node, 'accession-num'));
  setOnce(record, 'sourceRecordId', accession);
  const database = text(child(node, 'remote-database-name'));
  setOnce(record, 'sourceDatabase', database);
  const provider = text(child(node, 'remote-database-provider'));
  if (/^\d+$/.test(accession) && /nlm|pubmed|medline/i.test(`${database} ${provider}`)) {
    assignPmid(record, accession);
  }
  const isbn = text(child(node, 'isbn'));
  for (const token of isbn.split(/[\s;,\r\n]+/)) {
    const digits = token.replace(/[^0-9Xx]/g, '');
    if (digits.length === 8 && !(record.issn ?? []).includes(token))
      (record.issn ??= []).push(token);
    else if (digits.length === 10 || digits.length === 13) (record.isbn ??= []).push(token);
  }
  setOnce(record, 'language', text(child(node, 'language')));
  setOnce(record, 'publisher', text(child(node, 'publisher')));
  const recNumber = text(child(node, 'rec-number'));
  if (recNumber !== '') addExtra(record, 'rec-number', recNumber);
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (HANDLED.has(key) || key.startsWith('@_')) continue;
      const content = text(value as XmlNode);
      if (content !== '') addExtra(record, key, content);
    }
  }
  return record;
}

/** Reads EndNote XML (`<xml><records><record>...`); each record is parsed on its own. */
export function readEndnoteXml(input: string, _options?: ReadOptions): ParseResult<BibRecord> {
  const records: BibRecord[] = [];
  const issues: ParseIssue[] = [];
  let line = 1;
  let counted = 0;
  for (const slice of findElements(input, 'record')) {
    line += countLineBreaks(input, counted, slice.start);
    counted = slice.start;
    if (slice.end < 0) {
      issues.push(issue(line, 'endnote-xml/truncated', 'error', 'The file ends inside a record.'));
      break;
    }
    const raw = input.slice(slice.start, slice.end);
    const endLine = line + countLineBreaks(raw, 0, raw.length);
    try {
      const node = child(parser.parse(raw) as XmlNode, 'record');
      if (node === undefined || typeof node !== 'object') throw new Error('empty record');
      const record = buildRecord(node, raw, line, endLine);
      if (record.title === undefined)
        issues.push(issue(line, 'endnote-xml/missing-title', 'warning', 'Record has no title.'));
      records.push(record);
    } catch {
      issues.push(
        issue(line, 'endnote-xml/bad-record', 'error', 'Could not parse this record; skipped.'),
      );
    }
  }
  // One export is one document: a second one after it (a file saved or pasted twice) would
  // bring every record in again.
  const declarations = input.match(/<\?xml\b/g)?.length ?? 0;
  const closing = input.indexOf('</xml>');
  if (declarations > 1 || (closing >= 0 && input.slice(closing + 6).trim() !== ''))
    issues.push(
      issue(
        0,
        'endnote-xml/two-documents',
        'warning',
        'The file holds more than one EndNote XML document (saved or pasted twice?): their records were all read; check for repeats.',
      ),
    );
  if (records.length === 0 && issues.length === 0) {
    issues.push(issue(0, 'endnote-xml/no-records', 'warning', 'No <record> elements found.'));
  }
  return { records, issues };
}

function detectEndnoteXml(text: string): number {
  const head = text.slice(0, 4000);
  if (/<xml>\s*<records>\s*<record>/.test(head)) return 0.97;
  return /<records>/.test(head) && /<ref-type\b/.test(head) ? 0.9 : 0;
}

/** EndNote XML reader. */
export const endnoteXmlReader: FormatReader = {
  id: 'endnote-xml',
  label: 'EndNote XML',
  extensions: ['.xml'],
  detect: detectEndnoteXml,
  read: readEndnoteXml,
};
