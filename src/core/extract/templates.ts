import type { ChartingForm, FormField } from './form';

/** Who, when and where: the first fields of every shipped form. */
function sourceFields(earliestYear: number, countryLabel: string): FormField[] {
  return [
    { id: 'authors', label: 'Authors', type: 'text', required: true },
    {
      id: 'year',
      label: 'Year of publication',
      type: 'integer',
      min: earliestYear,
      max: 2100,
      required: true,
    },
    { id: 'country', label: countryLabel, type: 'text' },
  ];
}

/**
 * The JBI items a scoping review charts for every source (JBI Manual for Evidence Synthesis,
 * chapter 11): authors, year, country, aims, population and sample size, methodology,
 * intervention or concept, outcomes, key findings.
 */
export const GENERIC_SCOPING_FORM: ChartingForm = {
  id: 'jbi_scoping',
  title: 'Scoping review charting form (JBI items)',
  version: 1,
  description: 'The items JBI asks a scoping review to chart for every source of evidence.',
  sections: [
    {
      id: 'source',
      title: 'The source',
      fields: [
        ...sourceFields(1800, 'Country of origin (where the study was done)'),
        { id: 'aims', label: 'Aims or purpose', type: 'long-text', required: true },
      ],
    },
    {
      id: 'study',
      title: 'Population and methods',
      fields: [
        { id: 'population', label: 'Population', type: 'long-text', required: true },
        { id: 'sample_size', label: 'Sample size', type: 'integer', min: 0, unit: 'participants' },
        {
          id: 'methodology',
          label: 'Methodology or design',
          type: 'single-choice',
          options: [
            'Randomised controlled trial',
            'Non-randomised study',
            'Cohort study',
            'Case-control study',
            'Cross-sectional study',
            'Case series or case report',
            'Qualitative study',
            'Mixed methods',
            'Review',
            'Animal or laboratory study',
          ],
          other: true,
          required: true,
        },
        { id: 'concept', label: 'Intervention, exposure or concept', type: 'long-text' },
        { id: 'comparator', label: 'Comparator, if any', type: 'text' },
        { id: 'duration', label: 'Duration of the intervention or follow-up', type: 'text' },
      ],
    },
    {
      id: 'results',
      title: 'Outcomes and findings',
      fields: [
        { id: 'outcomes', label: 'Outcomes, and how they were measured', type: 'long-text' },
        {
          id: 'key_findings',
          label: 'Key findings that relate to the review question',
          type: 'long-text',
          required: true,
        },
      ],
    },
  ],
};

/**
 * The model review's form: the role of the contralesional primary motor cortex (M1) in
 * upper-limb recovery after stroke. Severity is mandatory: the synthesis is stratified by it.
 * The risk-of-bias tool follows the species and design (SYRCLE for animal studies, RoB 2 for
 * randomised and ROBINS-I for non-randomised human studies).
 */
export const CONTRALESIONAL_M1_FORM: ChartingForm = {
  id: 'contralesional_m1',
  title: 'Contralesional M1 and upper-limb recovery after stroke',
  version: 1,
  description:
    'Charts how each source probed the contralesional primary motor cortex and what role it found, by impairment severity, task and stroke phase.',
  sections: [
    {
      id: 'source',
      title: 'The source',
      fields: [
        ...sourceFields(1950, 'Country'),
        {
          id: 'species',
          label: 'Species',
          type: 'single-choice',
          options: ['Human', 'Animal'],
          required: true,
        },
        {
          id: 'animal_model',
          label: 'Animal model',
          help: 'Species and how the stroke was induced (e.g. rat, middle cerebral artery occlusion).',
          type: 'single-choice',
          options: ['Rat', 'Mouse', 'Non-human primate'],
          other: true,
          required: true,
          showIf: { field: 'species', equals: ['Animal'] },
        },
        {
          id: 'design',
          label: 'Design',
          type: 'single-choice',
          options: [
            'Randomised controlled trial',
            'Non-randomised controlled study',
            'Cohort (longitudinal)',
            'Cross-sectional',
            'Case series',
            'Animal experiment',
          ],
          other: true,
          required: true,
        },
        {
          id: 'sample_size',
          label: 'Sample size',
          type: 'integer',
          min: 1,
          unit: 'participants or animals',
        },
      ],
    },
    {
      id: 'stroke',
      title: 'Stroke and impairment',
      fields: [
        {
          id: 'stroke_phase',
          label: 'Stroke phase',
          help: 'Acute: first week; subacute: up to 6 months; chronic: after 6 months.',
          type: 'multiple-choice',
          options: ['Acute', 'Subacute', 'Chronic'],
          required: true,
        },
        {
          id: 'severity_band',
          label: 'Upper-limb impairment severity',
          help: 'Mandatory: the synthesis is stratified by it. Use the band the authors report, or derive it from the measure below.',
          type: 'single-choice',
          options: [
            'Mild',
            'Moderate',
            'Severe',
            'Mixed (reported by band)',
            'Mixed (not separable)',
          ],
          required: true,
        },
        {
          id: 'severity_measure',
          label: 'Severity measure used',
          type: 'single-choice',
          options: ['FMA-UE', 'ARAT', 'NIHSS', 'Presence of MEPs (PREP2)', 'Grip strength'],
          other: true,
        },
        { id: 'severity_values', label: 'Severity scores reported (mean or range)', type: 'text' },
      ],
    },
    {
      id: 'probe',
      title: 'How contralesional M1 was probed',
      fields: [
        {
          id: 'task',
          label: 'Task',
          type: 'multiple-choice',
          options: ['Unimanual', 'Bimanual', 'Simple', 'Complex', 'Rest (no task)'],
        },
        {
          id: 'methods',
          label: 'Methods',
          type: 'multiple-choice',
          options: ['TMS / MEP', 'fMRI', 'EEG', 'DTI', 'Lesion or inactivation', 'rTMS', 'tDCS'],
          other: true,
          required: true,
        },
        {
          id: 'stimulation_effect',
          label: 'Stimulation of contralesional M1',
          type: 'single-choice',
          options: ['Inhibitory', 'Facilitatory', 'Both (compared)'],
          showIf: { field: 'methods', equals: ['rTMS', 'tDCS'] },
          required: true,
        },
        {
          id: 'stimulation_hemisphere',
          label: 'Hemisphere stimulated',
          type: 'single-choice',
          options: ['Contralesional', 'Ipsilesional', 'Both'],
          showIf: { field: 'methods', equals: ['rTMS', 'tDCS'] },
        },
        {
          id: 'outcome_measures',
          label: 'Upper-limb outcome measures',
          type: 'multiple-choice',
          options: [
            'FMA-UE',
            'ARAT',
            'WMFT',
            'Grip strength',
            'Dexterity (e.g. Nine-Hole Peg, Box and Block)',
          ],
          other: true,
        },
      ],
    },
    {
      id: 'results',
      title: 'Results per outcome measure',
      help: 'One entry per upper-limb outcome the source reports: what was measured, when, and what it showed about contralesional M1.',
      repeats: 'outcome',
      fields: [
        {
          id: 'outcome_measure',
          label: 'Outcome measure',
          type: 'single-choice',
          options: [
            'FMA-UE',
            'ARAT',
            'WMFT',
            'Grip strength',
            'Dexterity (e.g. Nine-Hole Peg, Box and Block)',
          ],
          other: true,
          required: true,
        },
        { id: 'timepoint', label: 'Time point after stroke', type: 'text' },
        {
          id: 'outcome_result',
          label: 'Result in relation to contralesional M1',
          type: 'long-text',
          required: true,
        },
      ],
    },
    {
      id: 'findings',
      title: 'Role found for contralesional M1',
      fields: [
        {
          id: 'role',
          label: 'Role of contralesional M1',
          type: 'single-choice',
          options: [
            'Compensatory',
            'Inhibitory (maladaptive)',
            'Task-dependent',
            'None',
            'Unclear',
          ],
          required: true,
        },
        {
          id: 'direction',
          label: 'Direction of the association with upper-limb recovery',
          type: 'single-choice',
          options: ['Supports recovery', 'Hinders recovery', 'No association', 'Mixed'],
        },
        { id: 'key_findings', label: 'Key findings', type: 'long-text', required: true },
        {
          id: 'rob_tool',
          label: 'Risk-of-bias tool this study needs',
          help: 'SYRCLE for animal studies; RoB 2 for randomised and ROBINS-I for non-randomised human studies.',
          type: 'single-choice',
          options: ['SYRCLE', 'RoB 2', 'ROBINS-I', 'None (not a primary study)'],
          required: true,
        },
      ],
    },
  ],
};

/** Every shipped template, by id. */
export const FORM_TEMPLATES: readonly ChartingForm[] = [
  GENERIC_SCOPING_FORM,
  CONTRALESIONAL_M1_FORM,
];
