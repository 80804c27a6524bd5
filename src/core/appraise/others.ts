import type {
  AppraisalDomain,
  AppraisalTool,
  Answers,
  DomainProposal,
  SignallingQuestion,
} from './types';
import { worst } from './types';

// Tools whose domain judgements are the assessor's (ROBINS-I, ROBINS-I V2, ROBINS-E: their
// signalling-question algorithms are not encoded here), QUADAS-2 (a "No" flags possible bias and
// the assessor judges), and the JBI checklists (a question per item, an overall decision).

/**
 * A domain judged directly: its one question is the judgement itself (id = the domain's id), so
 * `appraise judge` takes `{"D1": "Moderate", ...}` and applies the tool's overall rule.
 */
function judgedDomain(
  id: string,
  name: string,
  levels: readonly string[],
  note: string,
): AppraisalDomain {
  return {
    id,
    column: id,
    name,
    questions: [{ id, text: `Judgement: ${name}`, options: levels }],
    propose: (answers) =>
      answers[id] ? { judgement: answers[id], missing: [], note } : { missing: [id], note },
    note,
  };
}

const NOT_ENCODED =
  'The signalling questions and their algorithm are not encoded here: the assessor judges the domain (answer it with the judgement).';

/** ROBINS-I (2016) overall: Critical > Serious > (No information) > Moderate > Low. */
export function robinsIOverall(
  domains: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const values = Object.values(domains);
  if (values.some((v) => v === undefined)) return undefined;
  if (values.includes('Critical')) return 'Critical';
  if (values.includes('Serious')) return 'Serious';
  if (values.includes('No information')) return 'No information';
  if (values.includes('Moderate')) return 'Moderate';
  return 'Low';
}

const ROBINS_I_LEVELS = ['Low', 'Moderate', 'Serious', 'Critical', 'No information'] as const;

export const ROBINS_I: AppraisalTool = {
  id: 'robins-i',
  name: 'ROBINS-I: risk of bias in non-randomised studies of interventions',
  version: '2016 (Sterne et al., BMJ 2016;355:i4919)',
  source:
    'Sterne JAC et al. ROBINS-I. BMJ 2016;355:i4919; domain names and levels as robvis uses them (METHODS.md 3.3).',
  unit: 'outcome',
  judgements: ROBINS_I_LEVELS,
  domains: (
    [
      ['D1', 'Bias due to confounding'],
      ['D2', 'Bias due to selection of participants'],
      ['D3', 'Bias in classification of interventions'],
      ['D4', 'Bias due to deviations from intended interventions'],
      ['D5', 'Bias due to missing data'],
      ['D6', 'Bias in measurement of outcomes'],
      ['D7', 'Bias in selection of the reported result'],
    ] as const
  ).map(([id, name]) => judgedDomain(id, name, ROBINS_I_LEVELS, NOT_ENCODED)),
  overall: robinsIOverall,
  overallNote:
    'Low: Low in every domain; Moderate: Low or Moderate in every domain; Serious: Serious in at least one, none Critical; Critical: Critical in at least one; No information: information lacking in a domain with no sign of Serious or Critical.',
  robvis: 'ROBINS-I',
  unverified: [
    'The overall rules are from Sterne 2016 as remembered in METHODS.md 3.3, not re-read.',
    "Signalling questions are not encoded: domain judgements are the assessor's.",
  ],
};

const ROBINS_I_V2_LEVELS = [
  'Low',
  'Low (except for concerns about uncontrolled confounding)',
  'Moderate',
  'Serious',
  'Critical',
  'No information',
] as const;

export const ROBINS_I_V2: AppraisalTool = {
  id: 'robins-i-v2',
  name: 'ROBINS-I V2: risk of bias in non-randomised studies of interventions, version 2',
  version: '2024/2025',
  source:
    'ROBINS-I V2 (2024/2025): the effect of interest picks domain 1A (assignment) or 1B (adhering); judgement levels as METHODS.md 9. robvis has no template for it (robvis issue 156): ReviewBench plots it with its own levels.',
  unit: 'outcome',
  judgements: ROBINS_I_V2_LEVELS,
  domains: (
    [
      ['D1', 'Bias due to confounding (1A effect of assignment, or 1B effect of adhering)'],
      ['D2', 'Bias in classification of interventions'],
      ['D3', 'Bias in selection of participants into the study (or into the analysis)'],
      ['D4', 'Bias due to missing data'],
      ['D5', 'Bias in measurement of the outcome'],
      ['D6', 'Bias in selection of the reported result'],
    ] as const
  ).map(([id, name]) => judgedDomain(id, name, ROBINS_I_V2_LEVELS, NOT_ENCODED)),
  overall: (domains) =>
    worst(Object.values(domains), ROBINS_I_V2_LEVELS.slice(0, 5)) ?? noInfo(domains),
  overallNote: 'The worst domain judgement (METHODS.md 9).',
  robvis: 'Generic',
  unverified: [
    'METHODS.md lists six domains for V2; whether V2 keeps a separate domain for deviations from intended interventions is not verified.',
    "Domain algorithms are not encoded: domain judgements are the assessor's.",
  ],
};

/** "No information" when every domain is judged and one says so (and nothing worse is known). */
function noInfo(domains: Readonly<Record<string, string | undefined>>): string | undefined {
  const values = Object.values(domains);
  return values.every((v) => v !== undefined) && values.includes('No information')
    ? 'No information'
    : undefined;
}

const ROBINS_E_LEVELS = ['Low', 'Some concerns', 'High', 'Very high', 'No information'] as const;

export const ROBINS_E: AppraisalTool = {
  id: 'robins-e',
  name: 'ROBINS-E: risk of bias in non-randomised studies of exposures',
  version: '2023 (ROBINS-E Development Group)',
  source: 'ROBINS-E tool (2023); domain names and levels as robvis uses them (METHODS.md 3.4).',
  unit: 'outcome',
  judgements: ROBINS_E_LEVELS,
  domains: (
    [
      ['D1', 'Bias due to confounding'],
      ['D2', 'Bias arising from measurement of the exposure'],
      ['D3', 'Bias in selection of participants into the study (or into the analysis)'],
      ['D4', 'Bias due to post-exposure interventions'],
      ['D5', 'Bias due to missing data'],
      ['D6', 'Bias arising from measurement of the outcome'],
      ['D7', 'Bias in selection of the reported result'],
    ] as const
  ).map(([id, name]) => judgedDomain(id, name, ROBINS_E_LEVELS, NOT_ENCODED)),
  overall: (domains) =>
    worst(Object.values(domains), ROBINS_E_LEVELS.slice(0, 4)) ?? noInfo(domains),
  overallNote:
    'The worst domain judgement; the assessor may raise it (METHODS.md 3.4, unverified).',
  robvis: 'ROBINS-E',
  unverified: ['The overall rule (worst domain) is not verified against the ROBINS-E publication.'],
};

// QUADAS-2 (Whiting et al., Ann Intern Med 2011;155:529): four domains, signalling questions
// answered Yes / No / Unclear, risk of bias per domain and applicability for the first three.

const YNU = ['Y', 'N', 'U'] as const;
const QUADAS_LEVELS = ['Low', 'Unclear', 'High', 'No information'] as const;

/**
 * A QUADAS-2 domain's proposal: Low when every signalling question is Yes, Unclear when some are
 * Unclear and none No; a No flags possible bias and the assessor judges (nothing proposed).
 */
export function quadasDomain(answers: Answers, ids: readonly string[]): DomainProposal {
  const given = ids.map((id) => answers[id]);
  if (given.includes('N'))
    return {
      missing: [],
      note: 'A No flags possible bias: QUADAS-2 leaves the judgement to the assessor.',
    };
  const missing = ids.filter((_, i) => !given[i]);
  if (missing.length) return { missing };
  return { judgement: given.includes('U') ? 'Unclear' : 'Low', missing: [] };
}

function quadas(
  id: string,
  name: string,
  questions: string[],
  applicability: boolean,
): AppraisalDomain {
  const ids = questions.map((_, i) => `${id.slice(1)}.${i + 1}`);
  return {
    id,
    column: id,
    name,
    questions: questions.map((text, i): SignallingQuestion => ({
      id: ids[i]!,
      text,
      options: YNU,
    })),
    propose: (answers) => quadasDomain(answers, ids),
    applicability,
  };
}

export const QUADAS_2: AppraisalTool = {
  id: 'quadas-2',
  name: 'QUADAS-2: quality assessment of diagnostic accuracy studies',
  version: '2011 (Whiting et al., Ann Intern Med 2011;155:529-36)',
  source: 'Whiting PF et al. QUADAS-2. Ann Intern Med 2011;155:529-36 (METHODS.md 3.5, 9).',
  unit: 'study',
  judgements: QUADAS_LEVELS,
  domains: [
    quadas(
      'D1',
      'Patient selection',
      [
        'Was a consecutive or random sample of patients enrolled?',
        'Was a case-control design avoided?',
        'Did the study avoid inappropriate exclusions?',
      ],
      true,
    ),
    quadas(
      'D2',
      'Index test',
      [
        'Were the index test results interpreted without knowledge of the reference standard?',
        'If a threshold was used, was it pre-specified?',
      ],
      true,
    ),
    quadas(
      'D3',
      'Reference standard',
      [
        'Is the reference standard likely to classify the target condition correctly?',
        'Were the reference standard results interpreted without knowledge of the index test?',
      ],
      true,
    ),
    quadas(
      'D4',
      'Flow and timing',
      [
        'Was there an appropriate interval between the index test and the reference standard?',
        'Did all patients receive a reference standard?',
        'Did patients receive the same reference standard?',
        'Were all patients included in the analysis?',
      ],
      false,
    ),
  ],
  overall: (domains) =>
    worst(Object.values(domains), ['Low', 'Unclear', 'High']) ?? noInfo(domains),
  overallNote:
    'QUADAS-2 defines no overall judgement; shown here: High when any domain is High, Unclear when any is Unclear, else Low (a common convention).',
  robvis: 'QUADAS-2',
  unverified: [
    'The signalling-question count (11 here: 3/2/2/4; one source counts 10) is not verified against Whiting 2011.',
    'Applicability wording is from memory (METHODS.md 3.5).',
  ],
};

// The JBI critical-appraisal checklists: a question per item answered Yes / No / Unclear / Not
// applicable, and an overall decision (include, exclude, seek further information). No score.

const JBI_ANSWERS = ['Yes', 'No', 'Unclear', 'Not applicable'] as const;

function jbi(id: string, name: string, version: string, items: string[]): AppraisalTool {
  return {
    id: `jbi-${id}`,
    name: `JBI checklist for ${name}`,
    version,
    source: `JBI critical appraisal checklist for ${name} (jbi.global); item count verified (METHODS.md 9), wording paraphrased.`,
    unit: 'study',
    judgements: JBI_ANSWERS,
    domains: items.map((text, i) => {
      const qid = `Q${i + 1}`;
      return {
        id: qid,
        column: qid,
        name: text,
        questions: [{ id: qid, text, options: JBI_ANSWERS }],
        propose: (answers: Answers): DomainProposal =>
          answers[qid] ? { judgement: answers[qid], missing: [] } : { missing: [qid] },
      };
    }),
    overallOptions: ['Include', 'Exclude', 'Seek further information'],
    overallNote:
      "JBI gives no score: the overall decision (include, exclude, seek further information) is the appraiser's, by the rule the protocol set.",
    robvis: 'Generic',
    unverified: [
      'Item wording paraphrased from the checklist; check it against the current JBI version.',
    ],
  };
}

export const JBI_TOOLS: readonly AppraisalTool[] = [
  jbi('rct', 'randomized controlled trials', '2023 revision (13 items)', [
    'Was true randomization used to assign participants to groups?',
    'Was allocation to groups concealed?',
    'Were treatment groups similar at baseline?',
    'Were participants blind to treatment assignment?',
    'Were those delivering the treatment blind to assignment?',
    'Were treatment groups treated identically apart from the intervention?',
    'Were outcome assessors blind to treatment assignment?',
    'Were outcomes measured in the same way for each group?',
    'Were outcomes measured reliably?',
    'Was follow-up complete, and if not, were differences described and analysed?',
    'Were participants analysed in the groups to which they were randomized?',
    'Was the statistical analysis appropriate?',
    'Was the trial design appropriate, with any deviations from the standard design accounted for?',
  ]),
  jbi('quasi-experimental', 'quasi-experimental studies', '2017 (9 items)', [
    'Is it clear what is the cause and what is the effect (no confusion about which variable comes first)?',
    'Were participants in any comparisons similar?',
    'Were participants in any comparisons receiving similar treatment or care, other than the exposure or intervention of interest?',
    'Was there a control group?',
    'Were there multiple measurements of the outcome, before and after the intervention or exposure?',
    'Was follow-up complete, and if not, were differences described and analysed?',
    'Were outcomes of participants in any comparisons measured in the same way?',
    'Were outcomes measured reliably?',
    'Was the statistical analysis appropriate?',
  ]),
  jbi('cohort', 'cohort studies', '2017 (11 items)', [
    'Were the groups similar and recruited from the same population?',
    'Were the exposures measured similarly to assign people to exposed and unexposed groups?',
    'Was the exposure measured in a valid and reliable way?',
    'Were confounding factors identified?',
    'Were strategies to deal with confounding factors stated?',
    'Were participants free of the outcome at the start of the study (or at the moment of exposure)?',
    'Were the outcomes measured in a valid and reliable way?',
    'Was the follow-up time reported and long enough for outcomes to occur?',
    'Was follow-up complete, and if not, were the reasons described and explored?',
    'Were strategies to address incomplete follow-up used?',
    'Was the statistical analysis appropriate?',
  ]),
  jbi('case-control', 'case-control studies', '2017 (10 items)', [
    'Were the groups comparable other than the presence of disease in cases and its absence in controls?',
    'Were cases and controls matched appropriately?',
    'Were the same criteria used to identify cases and controls?',
    'Was exposure measured in a standard, valid and reliable way?',
    'Was exposure measured in the same way for cases and controls?',
    'Were confounding factors identified?',
    'Were strategies to deal with confounding factors stated?',
    'Were outcomes assessed in a standard, valid and reliable way for cases and controls?',
    'Was the exposure period of interest long enough to be meaningful?',
    'Was the statistical analysis appropriate?',
  ]),
  jbi('cross-sectional', 'analytical cross-sectional studies', '2017 (8 items)', [
    'Were the criteria for inclusion in the sample clearly defined?',
    'Were the study subjects and the setting described in detail?',
    'Was the exposure measured in a valid and reliable way?',
    'Were objective, standard criteria used to measure the condition?',
    'Were confounding factors identified?',
    'Were strategies to deal with confounding factors stated?',
    'Were the outcomes measured in a valid and reliable way?',
    'Was the statistical analysis appropriate?',
  ]),
  jbi('case-series', 'case series', '2020 (10 items)', [
    'Were there clear criteria for inclusion in the case series?',
    'Was the condition measured in a standard, reliable way for all participants?',
    'Were valid methods used to identify the condition for all participants?',
    'Did the case series include consecutive participants?',
    'Did the case series include all eligible participants (complete inclusion)?',
    'Were the demographics of the participants clearly reported?',
    'Was the clinical information of the participants clearly reported?',
    'Were the outcomes or follow-up results of cases clearly reported?',
    'Was the presenting site or clinic demographic information clearly reported?',
    'Was the statistical analysis appropriate?',
  ]),
  jbi('qualitative', 'qualitative research', '2017 (10 items)', [
    'Is the stated philosophical perspective congruent with the research methodology?',
    'Is the research methodology congruent with the research question or objectives?',
    'Is the research methodology congruent with the methods used to collect data?',
    'Is the research methodology congruent with the representation and analysis of data?',
    'Is the research methodology congruent with the interpretation of results?',
    'Is there a statement locating the researcher culturally or theoretically?',
    'Is the influence of the researcher on the research, and vice versa, addressed?',
    'Are participants, and their voices, adequately represented?',
    'Is the research ethical by current criteria, with evidence of approval by an appropriate body?',
    'Do the conclusions flow from the analysis or interpretation of the data?',
  ]),
];

const QUIPS_LEVELS = ['Low', 'Moderate', 'High', 'No information'] as const;

export const QUIPS: AppraisalTool = {
  id: 'quips',
  name: 'QUIPS: quality in prognosis studies',
  version: '2013 (Hayden et al., Ann Intern Med 2013;158:280-6)',
  source:
    'Hayden JA et al. Assessing bias in studies of prognostic factors. Ann Intern Med 2013;158:280-6; robvis QUIPS template.',
  unit: 'study',
  judgements: QUIPS_LEVELS,
  domains: (
    [
      ['D1', 'Study participation'],
      ['D2', 'Study attrition'],
      ['D3', 'Prognostic factor measurement'],
      ['D4', 'Outcome measurement'],
      ['D5', 'Study confounding'],
      ['D6', 'Statistical analysis and reporting'],
    ] as const
  ).map(([id, name]) => judgedDomain(id, name, QUIPS_LEVELS, NOT_ENCODED)),
  overall: (domains) => worst(Object.values(domains), QUIPS_LEVELS.slice(0, 3)) ?? noInfo(domains),
  overallNote:
    "The worst domain judgement (QUIPS leaves the overall rating to the review's protocol).",
  robvis: 'QUIPS',
  unverified: [
    "The prompting items of each domain are not encoded: domain judgements are the assessor's.",
  ],
};
