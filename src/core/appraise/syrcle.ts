import type { AppraisalDomain, AppraisalTool, Answers, DomainProposal } from './types';

// SYRCLE's risk of bias tool for animal intervention studies (Hooijmans et al., BMC Med Res
// Methodol 2014;14:43): ten items, each judged from its signalling questions answered Yes / No /
// Unclear: Yes = low risk, No = high risk, Unclear = unclear risk; any relevant No makes the item
// high risk. SYRCLE has no overall score (its authors advise against summing the items).

export const SYRCLE_ANSWERS = ['Y', 'N', 'U'] as const;
export const SYRCLE_LEVELS = ['Low', 'Unclear', 'High', 'No information'] as const;

/**
 * An item's judgement from its signalling questions: High when any is No, else Unclear when any
 * is Unclear, else Low; the questions not yet answered are named.
 */
export function syrcleItem(answers: Answers, questionIds: readonly string[]): DomainProposal {
  const given = questionIds.map((id) => answers[id]);
  const missing = questionIds.filter((_, i) => !given[i]);
  // A No decides the item whatever the other answers are.
  if (given.includes('N')) return { judgement: 'High', missing: [] };
  if (missing.length) return { missing };
  if (given.includes('U')) return { judgement: 'Unclear', missing: [] };
  return { judgement: 'Low', missing: [] };
}

const UNVERIFIED =
  'Signalling-question wording paraphrased from Hooijmans 2014, Table 3; not checked against the table for items 3-10.';

function item(
  n: number,
  bias: string,
  name: string,
  questions: string[],
  verified: boolean,
): AppraisalDomain {
  const ids = questions.map((_, i) => `${n}.${i + 1}`);
  return {
    id: `D${n}`,
    column: `D${n}`,
    name: `${name} (${bias} bias)`,
    questions: questions.map((text, i) => ({
      id: ids[i]!,
      text,
      options: SYRCLE_ANSWERS,
      ...(verified ? {} : { unverified: UNVERIFIED }),
    })),
    propose: (answers) => syrcleItem(answers, ids),
  };
}

export const SYRCLE: AppraisalTool = {
  id: 'syrcle',
  name: "SYRCLE's risk of bias tool for animal studies",
  version: '2014 (Hooijmans et al., BMC Med Res Methodol 2014;14:43)',
  source:
    "Hooijmans CR et al. SYRCLE's risk of bias tool for animal studies. BMC Med Res Methodol 2014;14:43 (Table 2 items, Table 3 signalling questions; METHODS.md 2).",
  unit: 'study',
  judgements: SYRCLE_LEVELS,
  domains: [
    item(
      1,
      'selection',
      'Sequence generation',
      [
        'Was the allocation sequence generated with a random component (random-number table, computer generator)?',
      ],
      true,
    ),
    item(
      2,
      'selection',
      'Baseline characteristics',
      [
        'Were the groups similar at baseline in the characteristics that matter, or were imbalances adjusted for in the analysis?',
        'Was the timing of disease induction adequate?',
      ],
      true,
    ),
    item(
      3,
      'selection',
      'Allocation concealment',
      [
        'Was the allocation concealed, so that the person allocating the animals could not foresee the assignment (third-party coding, sealed envelopes)?',
      ],
      false,
    ),
    item(
      4,
      'performance',
      'Random housing',
      [
        'Were the animals (cages) placed at random in the room or facility?',
        'Is it unlikely that the way the animals were housed influenced the outcome?',
      ],
      false,
    ),
    item(
      5,
      'performance',
      'Blinding of caregivers and investigators',
      [
        'Were caregivers and investigators kept unaware of the intervention each animal received, with blinding unlikely to have been broken?',
      ],
      false,
    ),
    item(
      6,
      'detection',
      'Random outcome assessment',
      [
        'Were the animals selected at random for outcome assessment (or the order of assessment randomised)?',
      ],
      false,
    ),
    item(
      7,
      'detection',
      'Blinding of outcome assessment',
      [
        'Was the outcome assessor blinded, or is the outcome unlikely to be influenced by a lack of blinding?',
      ],
      false,
    ),
    item(
      8,
      'attrition',
      'Incomplete outcome data',
      [
        'Were all animals included in the analysis, or were missing data unrelated to the outcome, balanced across groups, or imputed appropriately?',
      ],
      false,
    ),
    item(
      9,
      'reporting',
      'Selective outcome reporting',
      ['Were all pre-specified (or all expected) outcomes reported?'],
      false,
    ),
    item(
      10,
      'other',
      'Other sources of bias',
      [
        'Was the study free of other problems that could put it at high risk of bias (contamination, funder influence, unit-of-analysis errors)?',
        'Were animals that dropped out left unreplaced (no new animals added)?',
      ],
      false,
    ),
  ],
  overallNote:
    'SYRCLE defines no overall judgement: its authors advise against summing the items. Plots show the ten items.',
  robvis: 'Generic',
  unverified: [
    'The signalling-question wording of items 3-10 (Hooijmans 2014, Table 3) is paraphrased and not checked against the table.',
  ],
};
