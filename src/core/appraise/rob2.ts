import type { AppraisalDomain, AppraisalTool, Answers, DomainProposal } from './types';
import { isNo, isYes, walk, worst } from './types';

// RoB 2 (Sterne et al., BMJ 2019;366:l4898): five domains per result, signalling questions
// answered Y / PY / PN / N / NI (NA where a question's condition is not met), each domain
// judged Low / Some concerns / High by the published algorithms (METHODS.md 3.1-3.2).

export const STANDARD = ['Y', 'PY', 'PN', 'N', 'NI'] as const;
export const WITH_NA = ['NA', 'Y', 'PY', 'PN', 'N', 'NI'] as const;
export const ROB2_LEVELS = ['Low', 'Some concerns', 'High', 'No information'] as const;

const LOW = 'Low';
const SOME = 'Some concerns';
const HIGH = 'High';
const ORDER = [LOW, SOME, HIGH];

/** N, PN or NA: "no" on a path where NA also leads on. */
const noOrNa = (a: string): boolean => isNo(a) || a === 'NA';
const yesOrNi = (a: string): boolean => isYes(a) || a === 'NI';

export function proposeD1(answers: Answers): DomainProposal {
  return walk(answers, (get) => {
    const q12 = get('1.2');
    if (isNo(q12)) return HIGH;
    if (isYes(q12)) {
      const q11 = get('1.1');
      if (isNo(q11)) return SOME;
      return isYes(get('1.3')) ? SOME : LOW;
    }
    // 1.2 NI
    return isYes(get('1.3')) ? HIGH : SOME;
  });
}

/** Domain 2 for the effect of assignment: the worse of its two parts. */
export function proposeD2Assignment(answers: Answers): DomainProposal {
  const part1 = walk(answers, (get) => {
    if (isNo(get('2.1')) && isNo(get('2.2'))) return LOW;
    const q23 = get('2.3');
    if (noOrNa(q23)) return LOW;
    if (q23 === 'NI') return SOME;
    const q24 = get('2.4');
    if (noOrNa(q24)) return SOME;
    const q25 = get('2.5');
    return isYes(q25) || q25 === 'NA' ? SOME : HIGH;
  });
  const part2 = walk(answers, (get) => {
    if (isYes(get('2.6'))) return LOW;
    const q27 = get('2.7');
    return noOrNa(q27) ? SOME : HIGH;
  });
  const missing = [...part1.missing, ...part2.missing];
  if (missing.length) return { missing };
  return { judgement: worst([part1.judgement, part2.judgement], ORDER), missing: [] };
}

/** Domain 2 for the effect of adhering to the intervention. */
export function proposeD2Adhering(answers: Answers): DomainProposal {
  return walk(answers, (get) => {
    const at26 = (): string => {
      const q26 = get('2.6');
      return isYes(q26) || q26 === 'NA' ? SOME : HIGH;
    };
    const at2425 = (): string => {
      const q24 = get('2.4');
      if (yesOrNi(q24)) return at26();
      const q25 = get('2.5');
      if (yesOrNi(q25)) return at26();
      return LOW;
    };
    if (isNo(get('2.1')) && isNo(get('2.2'))) return at2425();
    const q23 = get('2.3');
    if (isYes(q23) || q23 === 'NA') return at2425();
    return at26();
  });
}

export function proposeD3(answers: Answers): DomainProposal {
  return walk(answers, (get) => {
    if (isYes(get('3.1'))) return LOW;
    if (isYes(get('3.2'))) return LOW;
    const q33 = get('3.3');
    if (noOrNa(q33)) return LOW;
    const q34 = get('3.4');
    return noOrNa(q34) ? SOME : HIGH;
  });
}

export function proposeD4(answers: Answers): DomainProposal {
  return walk(answers, (get) => {
    if (isYes(get('4.1'))) return HIGH;
    const q42 = get('4.2');
    if (isYes(q42)) return HIGH;
    // 4.2 NI: every Low on the path becomes Some concerns.
    const low = q42 === 'NI' ? SOME : LOW;
    const q43 = get('4.3');
    if (noOrNa(q43)) return low;
    const q44 = get('4.4');
    if (noOrNa(q44)) return low;
    const q45 = get('4.5');
    return noOrNa(q45) ? SOME : HIGH;
  });
}

export function proposeD5(answers: Answers): DomainProposal {
  return walk(answers, (get) => {
    const q52 = get('5.2');
    const q53 = get('5.3');
    if (isYes(q52) || isYes(q53)) return HIGH;
    if (q52 === 'NI' || q53 === 'NI') return SOME;
    return isYes(get('5.1')) ? LOW : SOME;
  });
}

const q = (id: string, text: string, options: readonly string[], askedWhen?: string) => ({
  id,
  text,
  options,
  ...(askedWhen ? { askedWhen } : {}),
});

export const ROB2_D1: AppraisalDomain = {
  id: 'D1',
  column: 'D1',
  name: 'Bias arising from the randomization process',
  questions: [
    q('1.1', 'Was the allocation sequence random?', STANDARD),
    q('1.2', 'Was the sequence concealed until participants were enrolled and assigned?', STANDARD),
    q(
      '1.3',
      'Do baseline differences between groups suggest a problem with randomization?',
      STANDARD,
    ),
  ],
  propose: proposeD1,
};

const ROB2_REST: AppraisalDomain[] = [
  {
    id: 'D2',
    column: 'D2',
    name: 'Bias due to deviations from intended interventions',
    note: 'The effect of interest picks the variant: assignment (intention to treat, the default) or adhering (per protocol); answer `effect` with one of them.',
    questions: [
      q(
        '2.1',
        'Were participants aware of their assigned intervention during the trial?',
        STANDARD,
      ),
      q(
        '2.2',
        'Were carers and people delivering the interventions aware of the assignment?',
        STANDARD,
      ),
      q(
        '2.3',
        'Assignment: were there deviations from the intended intervention that arose because of the trial context? Adhering: were important non-protocol interventions balanced across groups?',
        WITH_NA,
        'assignment: 2.1 or 2.2 is Y, PY or NI',
      ),
      q(
        '2.4',
        'Assignment: were these deviations likely to have affected the outcome? Adhering: were there failures in implementing the intervention that could have affected the outcome?',
        WITH_NA,
        'assignment: 2.3 is Y or PY',
      ),
      q(
        '2.5',
        'Assignment: were these deviations balanced between groups? Adhering: was there non-adherence that could have affected outcomes?',
        WITH_NA,
        'assignment: 2.4 is Y, PY or NI',
      ),
      q(
        '2.6',
        'Was an appropriate analysis used to estimate the effect (of assignment, or of adhering)?',
        WITH_NA,
      ),
      q(
        '2.7',
        'Assignment: was there potential for a substantial impact on the result of failing to analyse participants in the group they were randomized to?',
        WITH_NA,
        'assignment: 2.6 is N, PN or NI',
      ),
    ],
    propose: (answers) =>
      answers.effect === 'adhering' ? proposeD2Adhering(answers) : proposeD2Assignment(answers),
  },
  {
    id: 'D3',
    column: 'D3',
    name: 'Bias due to missing outcome data',
    questions: [
      q(
        '3.1',
        'Were outcome data available for all, or nearly all, participants randomized?',
        STANDARD,
      ),
      {
        ...q(
          '3.2',
          'Is there evidence that the result was not biased by missing outcome data?',
          WITH_NA,
          '3.1 is N, PN or NI',
        ),
        unverified: 'Whether the official form offers NI for 3.2 is not verified (METHODS.md 3.1).',
      },
      q(
        '3.3',
        'Could missingness in the outcome depend on its true value?',
        WITH_NA,
        '3.2 is N or PN',
      ),
      q(
        '3.4',
        'Is it likely that missingness in the outcome depended on its true value?',
        WITH_NA,
        '3.3 is Y, PY or NI',
      ),
    ],
    propose: proposeD3,
  },
  {
    id: 'D4',
    column: 'D4',
    name: 'Bias in measurement of the outcome',
    questions: [
      q('4.1', 'Was the method of measuring the outcome inappropriate?', STANDARD),
      q(
        '4.2',
        'Could measurement or ascertainment of the outcome have differed between groups?',
        STANDARD,
      ),
      q(
        '4.3',
        'Were outcome assessors aware of the intervention received by participants?',
        WITH_NA,
        '4.1 and 4.2 are N, PN or NI',
      ),
      q(
        '4.4',
        'Could assessment of the outcome have been influenced by knowledge of the intervention received?',
        WITH_NA,
        '4.3 is Y, PY or NI',
      ),
      q(
        '4.5',
        'Is it likely that assessment of the outcome was influenced by knowledge of the intervention received?',
        WITH_NA,
        '4.4 is Y, PY or NI',
      ),
    ],
    propose: proposeD4,
  },
  {
    id: 'D5',
    column: 'D5',
    name: 'Bias in selection of the reported result',
    questions: [
      q(
        '5.1',
        'Were the data analysed in accordance with a pre-specified plan finalised before unblinded outcome data were available?',
        STANDARD,
      ),
      q(
        '5.2',
        'Is the result likely to have been selected from multiple eligible outcome measurements (scales, definitions, time points)?',
        STANDARD,
      ),
      q(
        '5.3',
        'Is the result likely to have been selected from multiple eligible analyses of the data?',
        STANDARD,
      ),
    ],
    propose: proposeD5,
  },
];

/**
 * RoB 2's overall rule, the algorithmic part: Low when every domain is Low, High when any is
 * High, Some concerns otherwise. Judging several Some concerns as High is the assessor's call.
 */
export function rob2Overall(
  domains: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const values = Object.values(domains);
  if (values.some((v) => v === undefined)) return undefined;
  if (values.includes(HIGH)) return HIGH;
  if (values.every((v) => v === LOW || v === 'Not applicable')) return LOW;
  return SOME;
}

const OVERALL_NOTE =
  "Low when every domain is Low; High when any domain is High; otherwise Some concerns. RoB 2 also allows High for Some concerns in several domains that together lower confidence in the result: that is the assessor's override, with a justification.";

export const ROB2: AppraisalTool = {
  id: 'rob2',
  name: 'RoB 2: risk of bias in randomised trials (individually randomised, parallel group)',
  version: '2019 (Sterne et al., BMJ 2019;366:l4898)',
  source:
    'Sterne JAC et al. RoB 2: a revised tool for assessing risk of bias in randomised trials. BMJ 2019;366:l4898; decision algorithms as published with the tool (METHODS.md 3.1-3.2).',
  unit: 'result',
  judgements: ROB2_LEVELS,
  domains: [ROB2_D1, ...ROB2_REST],
  overall: rob2Overall,
  overallNote: OVERALL_NOTE,
  robvis: 'ROB2',
  unverified: [
    'Whether 3.2 offers No information on the official form.',
    'The D2 "adhering" algorithm is encoded from its diagram and not yet checked against riskofbias.info.',
  ],
};

export const ROB2_CLUSTER: AppraisalTool = {
  ...ROB2,
  id: 'rob2-cluster',
  name: 'RoB 2 for cluster-randomised trials',
  version: '2021 (RoB 2 CRT guidance)',
  source: `${ROB2.source} Domain 1b (timing of identification or recruitment of participants) from the RoB 2 guidance for cluster-randomised trials (METHODS.md 9).`,
  judgements: [...ROB2_LEVELS, 'Not applicable'],
  domains: [
    ROB2_D1,
    {
      id: 'D1b',
      column: 'D1b',
      name: 'Bias arising from the timing of identification and recruitment of participants',
      questions: [
        q(
          '1b.1',
          'Were all individual participants identified and recruited (if appropriate) before randomization of clusters?',
          STANDARD,
        ),
        q(
          '1b.2',
          'If not, could the selection of participants have been affected by knowledge of the intervention assigned to the cluster?',
          WITH_NA,
          '1b.1 is N, PN or NI',
        ),
        q(
          '1b.3',
          'Were there baseline imbalances suggesting differential identification or recruitment of individual participants between arms?',
          STANDARD,
        ),
      ],
      note: 'The domain 1b algorithm is not verified here: the assessor judges the domain from the answers.',
    },
    ...ROB2_REST,
  ],
  robvis: 'ROB2-Cluster',
  unverified: [...ROB2.unverified, 'The domain 1b algorithm (the assessor judges 1b).'],
};
