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
  'Other information',
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

/**
 * The PRISMA 2020 checklist (Page et al., BMJ 2021;372:n71) as data: 27 items, the sub-items
 * (10a/10b, 13a-f, 16a/b, 20a-d, 23a-d, 24a-c) folded into their item's guidance, in our own
 * words.
 */
export const PRISMA_2020_CHECKLIST: readonly ChecklistItem[] = [
  ['Title', 1, 'Title', 'Say in the title that the report is a systematic review.'],
  [
    'Abstract',
    2,
    'Abstract',
    'Write the abstract to the PRISMA 2020 for Abstracts checklist (objectives, eligibility, sources and dates, risk of bias, synthesis, results, limitations, funding, registration).',
  ],
  [
    'Introduction',
    3,
    'Rationale',
    'Describe why the review is needed, given what is already known.',
  ],
  [
    'Introduction',
    4,
    'Objectives',
    'State each objective or question the review addresses explicitly.',
  ],
  [
    'Methods',
    5,
    'Eligibility criteria',
    'Give the inclusion and exclusion criteria and how studies were grouped for the syntheses.',
  ],
  [
    'Methods',
    6,
    'Information sources',
    'Name every database, register, website, organisation, reference list and other source searched or consulted, with the date each was last searched or consulted.',
  ],
  [
    'Methods',
    7,
    'Search strategy',
    'Give the full search strategies for all databases, registers and websites, with any filters and limits used.',
  ],
  [
    'Methods',
    8,
    'Selection process',
    'Say how it was decided whether a study met the criteria: how many reviewers screened each record and report, whether independently, and any automation tools used.',
  ],
  [
    'Methods',
    9,
    'Data collection process',
    'Say how data were collected from reports: how many reviewers, whether independently, how data were confirmed with investigators, and any automation tools used.',
  ],
  [
    'Methods',
    10,
    'Data items',
    'List the outcomes sought (10a) and the other variables (10b: participants, interventions, funding) and any assumptions about missing or unclear information.',
  ],
  [
    'Methods',
    11,
    'Study risk of bias assessment',
    'Give the tools used to assess risk of bias, how many reviewers assessed each study, whether independently, and any automation tools used.',
  ],
  [
    'Methods',
    12,
    'Effect measures',
    'For each outcome, name the effect measure used in synthesis or presentation (for example risk ratio, mean difference).',
  ],
  [
    'Methods',
    13,
    'Synthesis methods',
    'Describe how studies were chosen for each synthesis (13a), data prepared (13b), results tabulated or displayed (13c), synthesised (13d), heterogeneity explored (13e) and robustness checked (13f).',
  ],
  [
    'Methods',
    14,
    'Reporting bias assessment',
    'Describe how the risk of bias from missing results (reporting biases) was assessed.',
  ],
  [
    'Methods',
    15,
    'Certainty assessment',
    'Describe how certainty (confidence) in the body of evidence for an outcome was assessed.',
  ],
  [
    'Results',
    16,
    'Study selection',
    'Give the results of the search and selection, from records identified to studies included, ideally in a flow diagram (16a), and cite studies that seemed eligible but were excluded, with reasons (16b).',
  ],
  [
    'Results',
    17,
    'Study characteristics',
    'Cite each included study and present its characteristics.',
  ],
  [
    'Results',
    18,
    'Risk of bias in studies',
    'Present the risk-of-bias assessment of each included study.',
  ],
  [
    'Results',
    19,
    'Results of individual studies',
    'For every outcome, present for each study its summary statistics per group and an effect estimate with its precision, ideally in tables or plots.',
  ],
  [
    'Results',
    20,
    'Results of syntheses',
    'Summarise each synthesis: the contributing studies and their risk of bias (20a), the results with precision and heterogeneity (20b, 20c), and sensitivity analyses (20d).',
  ],
  [
    'Results',
    21,
    'Reporting biases',
    'Present the assessments of risk of bias from missing results for each synthesis.',
  ],
  [
    'Results',
    22,
    'Certainty of evidence',
    'Present the certainty (confidence) in the body of evidence for each outcome assessed.',
  ],
  [
    'Discussion',
    23,
    'Discussion',
    'Interpret the results against other evidence (23a), discuss the limits of the evidence (23b) and of the review process (23c), and the implications for practice, policy and research (23d).',
  ],
  [
    'Other information',
    24,
    'Registration and protocol',
    'Give the registration name and number or say it was not registered (24a), where the protocol can be found or that none was prepared (24b), and any amendments to it (24c).',
  ],
  [
    'Other information',
    25,
    'Support',
    'Describe the sources of financial or other support and the role of the funders or sponsors.',
  ],
  [
    'Other information',
    26,
    'Competing interests',
    'Declare the competing interests of the authors.',
  ],
  [
    'Other information',
    27,
    'Availability of data, code and other materials',
    'Say which of these are public and where: data collection forms, data extracted from studies, data used for analyses, analytic code and other materials.',
  ],
].map(([section, number, title, guidance]) => ({
  section: section as ChecklistSection,
  number: number as number,
  title: title as string,
  guidance: guidance as string,
}));

/** The checklists the report fills, by the name the CLI and API use. */
export const CHECKLISTS = {
  'prisma-scr': PRISMA_SCR_CHECKLIST,
  'prisma-2020': PRISMA_2020_CHECKLIST,
} as const;
export type ChecklistType = keyof typeof CHECKLISTS;
