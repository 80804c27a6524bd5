import { describe, expect, it } from 'vitest';
import { readPubmedXml } from './reader';

const XML = `<?xml version="1.0" ?>
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation>
    <PMID Version="1">90000001</PMID>
    <Article>
      <Journal>
        <ISSN IssnType="Electronic">1234-5678</ISSN>
        <JournalIssue><Volume>12</Volume><Issue>3</Issue><PubDate><Year>2019</Year><Month>Mar</Month></PubDate></JournalIssue>
        <Title>Journal of Synthetic Examples</Title>
        <ISOAbbreviation>J Synth Ex</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Synthetic <i>in vivo</i> example with CO<sub>2</sub> &amp; more.</ArticleTitle>
      <Pagination><MedlinePgn>288-97</MedlinePgn></Pagination>
      <ELocationID EIdType="doi" ValidYN="Y">10.5555/SYN.1</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND">First part.</AbstractText>
        <AbstractText Label="METHODS">Second part.</AbstractText>
      </Abstract>
      <AuthorList><Author><LastName>Smith</LastName><ForeName>John A</ForeName></Author><Author><CollectiveName>Synthetic Group</CollectiveName></Author></AuthorList>
      <Language>eng</Language>
    </Article>
  </MedlineCitation>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID>00123</PMID><Article><ArticleTitle>Second</ArticleTitle></Article></MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
`;

describe('readPubmedXml', () => {
  it('reads articles with text-only titles, labelled abstracts and per-article lines', () => {
    const { records, issues } = readPubmedXml(XML);
    expect(issues).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      pmid: '90000001',
      title: 'Synthetic in vivo example with CO2 & more.',
      abstract: 'BACKGROUND: First part. METHODS: Second part.',
      authors: [
        { family: 'Smith', given: 'John A' },
        { family: 'Synthetic Group', raw: 'Synthetic Group' },
      ],
      journal: 'Journal of Synthetic Examples',
      journalAbbrev: 'J Synth Ex',
      volume: '12',
      issue: '3',
      year: 2019,
      pages: '288-297',
      doi: '10.5555/syn.1',
      issn: ['1234-5678'],
      language: 'eng',
      location: { line: 3, endLine: 24 },
    });
    expect(records[1]).toMatchObject({ pmid: '123', title: 'Second', location: { line: 25 } });
  });

  it('reports a file cut inside an article', () => {
    const { records, issues } = readPubmedXml(XML.slice(0, XML.lastIndexOf('</PubmedArticle>')));
    expect(records).toHaveLength(1);
    expect(issues).toEqual([
      expect.objectContaining({ line: 25, code: 'pubmed-xml/truncated', severity: 'error' }),
    ]);
  });
});
