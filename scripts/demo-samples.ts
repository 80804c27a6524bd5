// Writes the demo's four database exports into samples/ from src/engine/demo-studies.ts, each
// in the format the database really exports: PubMed MEDLINE (.nbib), Embase RIS (Ovid), Web of
// Science plain text, and Google Scholar results as a reference manager exports them (RIS).
// The copies differ the way real exports do: DOI case and prefixes, MEDLINE's abbreviated page
// ranges, Web of Science's upper-case journal names, an upper-case title, Scholar's missing
// abstracts. Run: npx tsx scripts/demo-samples.ts (then the samples tests).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_STUDIES, demoDoi, demoPmid } from '#engine/demo-studies';
import { SCHOLAR_WITHOUT_DOI } from '#engine/demo-studies';
import type { Database, DemoStudy } from '#engine/demo-studies';

const OUT = path.resolve(import.meta.dirname, '..', 'samples');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const titleOf = (s: DemoStudy) => `Synthetic example: ${s.title}`;
const initials = (given: string) => given[0]!;
const found = (db: Database) => DEMO_STUDIES.filter((s) => s.databases.includes(db));

/** MEDLINE's page range: 100-109 as 100-9. */
function medlinePages(first: number, last: number): string {
  const a = String(first);
  const b = String(last);
  let i = 0;
  while (i < a.length && a.length === b.length && a[i] === b[i]) i++;
  return `${a}-${b.slice(i) || b}`;
}

/** A MEDLINE field wrapped at 80 columns, continuation lines indented six spaces. */
function medlineField(tag: string, value: string): string {
  const lines: string[] = [];
  let line = `${tag.padEnd(4)}- `;
  for (const word of value.split(' ')) {
    if (line.length + word.length > 80 && line.trim().length > 6) {
      lines.push(line.trimEnd());
      line = '      ';
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

function medline(s: DemoStudy): string {
  const rct = s.chart?.design === 'Randomised controlled trial';
  return [
    medlineField('PMID', demoPmid(s.key)),
    medlineField('OWN', 'NLM'),
    medlineField('STAT', 'Synthetic'),
    medlineField('VI', String(s.volume)),
    medlineField('IP', String(s.issue)),
    medlineField('DP', `${s.year} ${MONTHS[s.key % 12]}`),
    medlineField('TI', `${titleOf(s)}.`),
    medlineField('PG', medlinePages(s.firstPage, s.lastPage)),
    medlineField('LID', `${demoDoi(s.key)} [doi]`),
    medlineField('AB', s.abstract),
    ...s.authors.flatMap((a) => [
      medlineField('FAU', `${a.family}, ${a.given}`),
      medlineField('AU', `${a.family} ${initials(a.given)}`),
    ]),
    medlineField('LA', 'eng'),
    medlineField('PT', 'Journal Article'),
    ...(rct ? [medlineField('PT', 'Randomized Controlled Trial')] : []),
    medlineField('MH', 'Stroke/physiopathology'),
    medlineField('MH', 'Motor Cortex/physiopathology'),
    medlineField('TA', s.journal.abbrev),
    medlineField('JT', s.journal.full),
    medlineField(
      'SO',
      `${s.journal.abbrev}. ${s.year};${s.volume}(${s.issue}):${medlinePages(s.firstPage, s.lastPage)}.`,
    ),
  ].join('\n');
}

function embase(s: DemoStudy, index: number): string {
  return [
    'TY  - JOUR',
    'DB  - Embase',
    `AN  - L${660_100_000 + s.key}`,
    // One record in Embase's upper case, as some of its older records are.
    `T1  - ${index === 2 ? titleOf(s).toUpperCase() : titleOf(s)}`,
    ...s.authors.map((a) => `A1  - ${a.family} ${initials(a.given)}.`),
    `Y1  - ${s.year}//`,
    `N2  - ${s.abstract}`,
    'KW  - contralesional motor cortex',
    'KW  - stroke',
    'KW  - upper limb',
    `JF  - ${s.journal.full}`,
    `JA  - ${s.journal.abbrev}`,
    `VL  - ${s.volume}`,
    `IS  - ${s.issue}`,
    `SP  - ${s.firstPage}`,
    `EP  - ${s.lastPage}`,
    'LA  - English',
    'M3  - Article',
    // Embase writes some DOIs in upper case.
    `DO  - ${s.key % 2 ? demoDoi(s.key).toUpperCase() : demoDoi(s.key)}`,
    `C2  - PMID:${demoPmid(s.key)}`,
    'ER  - ',
  ].join('\n');
}

function wos(s: DemoStudy): string {
  const names = (list: string[]) => list.map((n, i) => (i === 0 ? n : `   ${n}`)).join('\n');
  return [
    'PT J',
    `AU ${names(s.authors.map((a) => `${a.family}, ${initials(a.given)}`))}`,
    `AF ${names(s.authors.map((a) => `${a.family}, ${a.given}`))}`,
    `TI ${titleOf(s)}`,
    `SO ${s.journal.full.toUpperCase()}`,
    'LA English',
    'DT Article',
    'DE contralesional; motor cortex; stroke; upper limb',
    `AB ${s.abstract}`,
    `J9 ${s.journal.abbrev.toUpperCase()}`,
    `PY ${s.year}`,
    `VL ${s.volume}`,
    `IS ${s.issue}`,
    `BP ${s.firstPage}`,
    `EP ${s.lastPage}`,
    `DI ${demoDoi(s.key)}`,
    `PM ${demoPmid(s.key)}`,
    `UT WOS:${String(900_000_100_000 + s.key).padStart(15, '0')}`,
    'ER',
  ].join('\n');
}

/**
 * Google Scholar has no export of its own: results saved to a reference manager, as RIS. Three
 * copies come without DOI, volume or pages and with the title cut as Scholar's result list cuts
 * it, so that de-duplication has pairs to ask a person about.
 */
function scholar(s: DemoStudy): string {
  const bare = SCHOLAR_WITHOUT_DOI.includes(s.key);
  const title = bare
    ? `Synthetic example: ${s.title.split(' ').slice(0, 7).join(' ')} …`
    : titleOf(s);
  return [
    'TY  - JOUR',
    'DB  - Google Scholar',
    `TI  - ${title}`,
    ...s.authors.map((a) => `AU  - ${initials(a.given)} ${a.family}`),
    `PY  - ${s.year}`,
    `JO  - ${s.journal.full}`,
    ...(bare ? [] : [`VL  - ${s.volume}`, `SP  - ${s.firstPage}-${s.lastPage}`]),
    ...(bare
      ? []
      : [`UR  - https://doi.org/${demoDoi(s.key)}`, `DO  - https://doi.org/${demoDoi(s.key)}`]),
    'ER  - ',
  ].join('\n');
}

const files: [string, string][] = [
  ['pubmed-demo.nbib', `${found('PubMed').map(medline).join('\n\n')}\n`],
  ['embase-demo.ris', `${found('Embase').map(embase).join('\n\n')}\n`],
  [
    'wos-demo.txt',
    `FN Clarivate Analytics Web of Science\nVR 1.0\n${found('Web of Science').map(wos).join('\n\n')}\nEF\n`,
  ],
  ['scholar-demo.ris', `${found('Google Scholar').map(scholar).join('\n\n')}\n`],
];
for (const [name, text] of files) {
  writeFileSync(path.join(OUT, name), text);
  console.log(`${name} written`);
}
