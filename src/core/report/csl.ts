import type { BibRecord } from '#core/domain/index';

/**
 * Records as CSL-JSON (the input of every CSL processor) and the reference styles the report
 * offers. APA and Vancouver ship with citation-js's CSL plugin; the AMA style below is written
 * for ReviewBench from the AMA Manual of Style's rules (authors as "Family AB" without periods,
 * up to six, else three and "et al"; italic abbreviated journal; "Year;Vol(Issue):pages";
 * "doi:"), numbered in citation order.
 */

export interface CslItem {
  id: string;
  type: string;
  title?: string;
  author?: ({ family: string; given?: string } | { literal: string })[];
  issued?: { 'date-parts': number[][] };
  'container-title'?: string;
  'container-title-short'?: string;
  volume?: string;
  issue?: string;
  page?: string;
  DOI?: string;
  PMID?: string;
  URL?: string;
  publisher?: string;
}

/** A record as a CSL-JSON item with the given id. */
export function toCsl(id: string, record: BibRecord): CslItem {
  const item: CslItem = { id, type: record.journal ? 'article-journal' : 'article' };
  if (record.title) item.title = record.title.replace(/\.\s*$/, '');
  if (record.authors.length)
    item.author = record.authors.map((a) =>
      a.given ? { family: a.family, given: a.given } : { literal: a.family || a.raw },
    );
  if (record.year) item.issued = { 'date-parts': [[record.year]] };
  if (record.journal) item['container-title'] = record.journal;
  if (record.journalAbbrev) item['container-title-short'] = record.journalAbbrev;
  if (record.volume) item.volume = record.volume;
  if (record.issue) item.issue = record.issue;
  if (record.pages) item.page = record.pages;
  if (record.doi) item.DOI = record.doi;
  if (record.pmid) item.PMID = record.pmid;
  if (record.url?.[0]) item.URL = record.url[0];
  if (record.publisher) item.publisher = record.publisher;
  return item;
}

/** Reference styles bundled for offline use, by the name the CLI and API take. */
export const REFERENCE_STYLES = ['apa', 'vancouver', 'ama'] as const;
export type ReferenceStyle = (typeof REFERENCE_STYLES)[number];

/** Numbered styles cite by number in the order sources are first cited. */
export const NUMBERED_STYLES: ReadonlySet<ReferenceStyle> = new Set(['vancouver', 'ama']);

export const AMA_CSL = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" demote-non-dropping-particle="sort-only" default-locale="en-US">
  <info>
    <title>AMA, as ReviewBench writes it</title>
    <id>reviewbench-ama</id>
    <updated>2026-12-04T00:00:00+00:00</updated>
  </info>
  <macro name="authors">
    <names variable="author">
      <name name-as-sort-order="all" sort-separator=" " initialize-with="" delimiter=", " delimiter-precedes-last="always"/>
      <et-al term="et-al"/>
    </names>
  </macro>
  <macro name="journal">
    <choose>
      <if variable="container-title-short">
        <text variable="container-title-short" font-style="italic"/>
      </if>
      <else>
        <text variable="container-title" font-style="italic"/>
      </else>
    </choose>
  </macro>
  <macro name="locator">
    <group>
      <date variable="issued"><date-part name="year"/></date>
      <text variable="volume" prefix=";"/>
      <text variable="issue" prefix="(" suffix=")"/>
      <text variable="page" prefix=":"/>
    </group>
  </macro>
  <citation collapse="citation-number">
    <sort><key variable="citation-number"/></sort>
    <layout delimiter="," vertical-align="sup"><text variable="citation-number"/></layout>
  </citation>
  <bibliography et-al-min="7" et-al-use-first="3" second-field-align="flush">
    <layout>
      <text variable="citation-number" suffix=". "/>
      <group delimiter=" ">
        <text macro="authors" suffix="."/>
        <text variable="title" suffix="."/>
        <text macro="journal" suffix="."/>
        <text macro="locator" suffix="."/>
        <text variable="DOI" prefix="doi:"/>
      </group>
    </layout>
  </bibliography>
</style>
`;
