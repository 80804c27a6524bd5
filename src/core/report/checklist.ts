/**
 * The PRISMA-ScR checklist (Tricco et al., Ann Intern Med 2018;169:467-473) as data: 22 items
 * with short titles and guidance written in our own words. Items 12 and 16 apply only when the
 * review appraised its sources.
 */

/** Sections of the checklist, in report order. */
export const CHECKLIST_SECTIONS = [
  'Title',
  'Abstract',
  'Introduction',
  'Methods',
  'Results',
  'Discussion',
  'Funding',
] as const;
export type ChecklistSection = (typeof CHECKLIST_SECTIONS)[number];

/** One reporting item. */
export interface ChecklistItem {
  section: ChecklistSection;
  number: number;
  title: string;
  guidance: string;
  /** Only expected when the review did what the item describes (critical appraisal). */
  optional?: boolean;
}

/** The 22 PRISMA-ScR items. */
export const PRISMA_SCR_CHECKLIST: readonly ChecklistItem[] = [
  {
    section: 'Title',
    number: 1,
    title: 'Title',
    guidance: 'Make clear from the title alone that the work is a scoping review.',
  },
  {
    section: 'Abstract',
    number: 2,
    title: 'Structured summary',
    guidance:
      'Give a structured abstract: background, aims, eligibility criteria, evidence sources, how data were charted, findings and conclusions that answer the review questions.',
  },
  {
    section: 'Introduction',
    number: 3,
    title: 'Rationale',
    guidance:
      'Explain what is already known, why this review is needed, and why a scoping approach fits the questions.',
  },
  {
    section: 'Introduction',
    number: 4,
    title: 'Objectives',
    guidance:
      'State the questions and aims precisely, naming their key elements (for example population, concept and context) or whatever framing was used.',
  },
  {
    section: 'Methods',
    number: 5,
    title: 'Protocol and registration',
    guidance:
      'Say whether there is a protocol, where readers can find it, and any registration details.',
  },
  {
    section: 'Methods',
    number: 6,
    title: 'Eligibility criteria',
    guidance:
      'Describe which characteristics of evidence sources decided eligibility (such as years covered, languages, publication status) and why.',
  },
  {
    section: 'Methods',
    number: 7,
    title: 'Information sources',
    guidance:
      'List every source searched (databases with their date ranges, contacts with authors, websites and the like) and when the last search ran.',
  },
  {
    section: 'Methods',
    number: 8,
    title: 'Search',
    guidance:
      'Show the complete electronic search for at least one database, limits included, so that it could be run again.',
  },
  {
    section: 'Methods',
    number: 9,
    title: 'Selection of sources of evidence',
    guidance: 'Explain how sources were screened and judged eligible for inclusion.',
  },
  {
    section: 'Methods',
    number: 10,
    title: 'Data charting process',
    guidance:
      'Describe how data were charted (piloted or calibrated forms, single or independent double charting) and how data were obtained or confirmed with investigators.',
  },
  {
    section: 'Methods',
    number: 11,
    title: 'Data items',
    guidance: 'Name and define each variable charted, with any assumptions or simplifications.',
  },
  {
    section: 'Methods',
    number: 12,
    title: 'Critical appraisal of individual sources of evidence',
    guidance:
      'If sources were appraised, give the reason, the methods used and how the appraisal informed the synthesis.',
    optional: true,
  },
  {
    section: 'Methods',
    number: 13,
    title: 'Synthesis of results',
    guidance: 'Describe how charted data were handled and summarised.',
  },
  {
    section: 'Results',
    number: 14,
    title: 'Selection of sources of evidence',
    guidance:
      'Report how many sources were screened, assessed for eligibility and included, with reasons for exclusion at each step, preferably in a flow diagram.',
  },
  {
    section: 'Results',
    number: 15,
    title: 'Characteristics of sources of evidence',
    guidance: 'Present the charted characteristics of every included source, with its citation.',
  },
  {
    section: 'Results',
    number: 16,
    title: 'Critical appraisal within sources of evidence',
    guidance: 'If an appraisal was done (item 12), present its results for the included sources.',
    optional: true,
  },
  {
    section: 'Results',
    number: 17,
    title: 'Results of individual sources of evidence',
    guidance: 'For each included source, show the charted data that bear on the review questions.',
  },
  {
    section: 'Results',
    number: 18,
    title: 'Synthesis of results',
    guidance: 'Summarise or map the charting results against the review questions and aims.',
  },
  {
    section: 'Discussion',
    number: 19,
    title: 'Summary of evidence',
    guidance:
      'Sum up the main findings (concepts, themes, kinds of evidence available), relate them to the questions, and say why they matter to the relevant audiences.',
  },
  {
    section: 'Discussion',
    number: 20,
    title: 'Limitations',
    guidance: 'Discuss the limitations of how the scoping review was carried out.',
  },
  {
    section: 'Discussion',
    number: 21,
    title: 'Conclusions',
    guidance:
      'Interpret the findings against the questions and aims, and draw out implications or next steps.',
  },
  {
    section: 'Funding',
    number: 22,
    title: 'Funding',
    guidance:
      "Report who funded the included sources and the review itself, and what role the review's funders played.",
  },
];
