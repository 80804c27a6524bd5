import { describe, expect, it } from 'vitest';
import { readEndnoteXml } from './reader';

const STYLE = (text: string): string =>
  `<style face="normal" font="default" size="100%">${text}</style>`;
const XML = `<?xml version="1.0" encoding="UTF-8" ?><xml><records>
<record><rec-number>19</rec-number><ref-type name="Journal Article">17</ref-type>
<contributors><authors><author>${STYLE('Smith, J. A.')}</author><author>${STYLE('Doe, Jane')}</author></authors></contributors>
<titles><title>${STYLE('Synthetic example &amp; more')}</title><secondary-title>${STYLE('J Synth Ex')}</secondary-title></titles>
<periodical><full-title>${STYLE('Journal of Synthetic Examples')}</full-title></periodical>
<pages>${STYLE('288-97')}</pages><volume>${STYLE('12')}</volume><number>${STYLE('3')}</number>
<dates><year>${STYLE('2019')}</year></dates>
<electronic-resource-num>${STYLE('10.5555/SYN.1')}</electronic-resource-num>
<abstract>${STYLE('An abstract.')}</abstract>
<keywords><keyword>${STYLE('stroke')}</keyword></keywords>
<accession-num>${STYLE('90000001')}</accession-num><remote-database-provider>${STYLE('NLM')}</remote-database-provider>
<caption>${STYLE('Duplicate')}</caption>
</record>
</records></xml>`;

describe('readEndnoteXml', () => {
  it('reads style-wrapped values', () => {
    const { records, issues } = readEndnoteXml(XML);
    expect(issues).toEqual([]);
    expect(records[0]).toMatchObject({
      publicationType: ['Journal Article'],
      authors: [
        { family: 'Smith', given: 'J. A.' },
        { family: 'Doe', given: 'Jane' },
      ],
      title: 'Synthetic example & more',
      journal: 'Journal of Synthetic Examples',
      journalAbbrev: 'J Synth Ex',
      pages: '288-297',
      volume: '12',
      issue: '3',
      year: 2019,
      doi: '10.5555/syn.1',
      abstract: 'An abstract.',
      keywords: ['stroke'],
      sourceRecordId: '90000001',
      pmid: '90000001',
      extra: { 'rec-number': ['19'], caption: ['Duplicate'] },
      location: { line: 2, endLine: 13 },
    });
  });

  it('reports a file cut inside a record', () => {
    const { records, issues } = readEndnoteXml(XML.slice(0, 300));
    expect(records).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ line: 2, code: 'endnote-xml/truncated' })]);
  });
});
