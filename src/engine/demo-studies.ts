/**
 * The demo's studies, invented for ReviewBench (no study, author, journal, DOI or PubMed id
 * here exists): the model scoping review's shape, 38 sources included (34 in people after
 * stroke, 4 in animal models), the pattern it reports (contralesional M1 compensatory in severe
 * impairment, inhibitory in mild, task-dependent in between and in demanding tasks), and the
 * records a search also finds that screening removes. `scripts/demo-samples.ts` writes the four
 * database exports in samples/ from this table; the demo build charts and appraises the
 * included sources from it.
 */

export type Severity = 'Mild' | 'Moderate' | 'Severe';
export type Role = 'Compensatory' | 'Inhibitory (maladaptive)' | 'Task-dependent';
export type Database = 'PubMed' | 'Embase' | 'Web of Science' | 'Google Scholar';

export interface DemoStudy {
  /** 1-based; the DOI and PubMed id derive from it. */
  key: number;
  authors: { family: string; given: string }[];
  year: number;
  journal: { full: string; abbrev: string };
  volume: number;
  issue: number;
  firstPage: number;
  lastPage: number;
  title: string;
  abstract: string;
  /** Which exports find it. */
  databases: Database[];
  /** What screening decides: kept to the end, or excluded at a stage with a reason. */
  fate:
    | { stage: 'included' }
    | { stage: 'ti-ab'; reason: string }
    | { stage: 'full-text'; reason: string }
    | { stage: 'not-retrieved'; reason: string };
  /** The charting a careful extractor gives an included source. */
  chart?: {
    species: 'Human' | 'Animal';
    animal_model?: 'Rat' | 'Mouse';
    design: string;
    sample_size: number;
    stroke_phase: string[];
    severity_band: Severity;
    severity_measure: string;
    task: string[];
    methods: string[];
    stimulation_effect?: 'Inhibitory' | 'Facilitatory';
    outcome_measures: string[];
    role: Role;
    direction: string;
    key_findings: string;
    rob_tool: 'SYRCLE' | 'RoB 2' | 'ROBINS-I';
  };
}

const FAMILIES = [
  'Almeida',
  'Brandt',
  'Castellanos',
  'Dvorak',
  'Eriksen',
  'Fontaine',
  'Gallagher',
  'Halvorsen',
  'Ibarra',
  'Jansen',
  'Kowalczyk',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrova',
  'Quintero',
  'Rasmussen',
  'Sandoval',
  'Takahashi',
  'Ulloa',
  'Vasquez',
  'Whitfield',
  'Xu',
  'Yilmaz',
  'Zielinski',
];
const GIVENS = [
  'Ana',
  'Bruno',
  'Chloe',
  'Dario',
  'Elin',
  'Farah',
  'Goran',
  'Hana',
  'Ivo',
  'Jonas',
  'Kira',
  'Luca',
  'Maya',
  'Nils',
  'Olga',
  'Pavel',
  'Rosa',
  'Sami',
  'Tove',
  'Uma',
];
const JOURNALS = [
  { full: 'Journal of Synthetic Neurorehabilitation', abbrev: 'J Synth Neurorehabil' },
  { full: 'Synthetic Stroke Research', abbrev: 'Synth Stroke Res' },
  { full: 'Invented Brain Stimulation', abbrev: 'Invent Brain Stimul' },
  { full: 'Demonstration Neuroimaging', abbrev: 'Demo Neuroimaging' },
  { full: 'Example Journal of Motor Control', abbrev: 'Ex J Mot Control' },
];

type Kind =
  | 'mep'
  | 'fmri'
  | 'rtms-rct'
  | 'tdcs-rct'
  | 'eeg'
  | 'dti'
  | 'cohort-rtms'
  | 'rat-dendrites'
  | 'rat-inactivation'
  | 'mouse-connectivity';

/** The included sources: kind, severity, role, phase, task, sample size. */
const INCLUDED: [Kind, Severity, Role, string, string, number][] = [
  // Severe impairment: contralesional M1 mostly supports the paretic arm.
  ['mep', 'Severe', 'Compensatory', 'Chronic', 'Unimanual', 24],
  ['fmri', 'Severe', 'Compensatory', 'Chronic', 'Complex', 18],
  ['rtms-rct', 'Severe', 'Compensatory', 'Subacute', 'Unimanual', 36],
  ['fmri', 'Severe', 'Compensatory', 'Subacute', 'Unimanual', 21],
  ['dti', 'Severe', 'Compensatory', 'Chronic', 'Rest (no task)', 40],
  ['mep', 'Severe', 'Compensatory', 'Subacute', 'Simple', 30],
  ['tdcs-rct', 'Severe', 'Compensatory', 'Chronic', 'Complex', 28],
  ['eeg', 'Severe', 'Compensatory', 'Chronic', 'Complex', 16],
  ['cohort-rtms', 'Severe', 'Compensatory', 'Subacute', 'Unimanual', 45],
  ['fmri', 'Severe', 'Task-dependent', 'Chronic', 'Bimanual', 19],
  ['mep', 'Severe', 'Task-dependent', 'Chronic', 'Complex', 22],
  ['rtms-rct', 'Severe', 'Inhibitory (maladaptive)', 'Acute', 'Simple', 32],
  // Moderate: the role depends on the task.
  ['fmri', 'Moderate', 'Task-dependent', 'Chronic', 'Complex', 20],
  ['eeg', 'Moderate', 'Task-dependent', 'Subacute', 'Bimanual', 25],
  ['mep', 'Moderate', 'Task-dependent', 'Chronic', 'Unimanual', 27],
  ['dti', 'Moderate', 'Task-dependent', 'Chronic', 'Complex', 34],
  ['rtms-rct', 'Moderate', 'Task-dependent', 'Subacute', 'Complex', 40],
  ['tdcs-rct', 'Moderate', 'Compensatory', 'Chronic', 'Complex', 24],
  ['fmri', 'Moderate', 'Compensatory', 'Subacute', 'Complex', 17],
  ['rtms-rct', 'Moderate', 'Inhibitory (maladaptive)', 'Subacute', 'Simple', 38],
  ['cohort-rtms', 'Moderate', 'Inhibitory (maladaptive)', 'Chronic', 'Simple', 52],
  ['mep', 'Moderate', 'Inhibitory (maladaptive)', 'Chronic', 'Simple', 26],
  // Mild: contralesional M1 mostly inhibits the lesioned hemisphere.
  ['rtms-rct', 'Mild', 'Inhibitory (maladaptive)', 'Chronic', 'Simple', 30],
  ['mep', 'Mild', 'Inhibitory (maladaptive)', 'Chronic', 'Unimanual', 23],
  ['tdcs-rct', 'Mild', 'Inhibitory (maladaptive)', 'Subacute', 'Unimanual', 34],
  ['fmri', 'Mild', 'Inhibitory (maladaptive)', 'Chronic', 'Simple', 20],
  ['rtms-rct', 'Mild', 'Inhibitory (maladaptive)', 'Subacute', 'Unimanual', 44],
  ['eeg', 'Mild', 'Inhibitory (maladaptive)', 'Chronic', 'Simple', 18],
  ['cohort-rtms', 'Mild', 'Inhibitory (maladaptive)', 'Chronic', 'Unimanual', 60],
  ['mep', 'Mild', 'Inhibitory (maladaptive)', 'Acute', 'Simple', 29],
  ['tdcs-rct', 'Mild', 'Inhibitory (maladaptive)', 'Chronic', 'Simple', 26],
  ['fmri', 'Mild', 'Task-dependent', 'Chronic', 'Complex', 22],
  ['eeg', 'Mild', 'Task-dependent', 'Subacute', 'Bimanual', 24],
  ['dti', 'Mild', 'Compensatory', 'Chronic', 'Complex', 31],
  // Animal models: remodelling and connectivity of the intact hemisphere.
  ['rat-dendrites', 'Severe', 'Compensatory', 'Subacute', 'Complex', 24],
  ['rat-inactivation', 'Severe', 'Compensatory', 'Chronic', 'Unimanual', 18],
  ['mouse-connectivity', 'Moderate', 'Task-dependent', 'Subacute', 'Complex', 20],
  ['rat-inactivation', 'Mild', 'Inhibitory (maladaptive)', 'Chronic', 'Unimanual', 16],
];

/** Records screening removes, with the stage and the reason. */
const EXCLUDED: [string, DemoStudy['fate']][] = [
  [
    'Gait speed after contralesional motor cortex stimulation in chronic stroke',
    { stage: 'ti-ab', reason: 'Lower-limb or gait outcomes only' },
  ],
  [
    'Contralesional motor cortex and recovery after stroke: a narrative review',
    { stage: 'ti-ab', reason: 'Reviews, editorials, errata' },
  ],
  [
    'Erratum to: Low-frequency rTMS over contralesional M1 in mild impairment',
    { stage: 'ti-ab', reason: 'Reviews, editorials, errata' },
  ],
  [
    'Motor cortex excitability in healthy older adults during bimanual tasks',
    { stage: 'ti-ab', reason: 'No stroke population' },
  ],
  [
    'Balance training and interhemispheric inhibition in Parkinson disease',
    { stage: 'ti-ab', reason: 'No stroke population' },
  ],
  [
    'Swallowing recovery and the contralesional pharyngeal motor cortex',
    { stage: 'ti-ab', reason: 'No upper-limb outcome' },
  ],
  [
    'Aphasia therapy with contralesional inferior frontal stimulation',
    { stage: 'ti-ab', reason: 'No upper-limb outcome' },
  ],
  [
    'Editorial: Should we inhibit the contralesional hemisphere?',
    { stage: 'ti-ab', reason: 'Reviews, editorials, errata' },
  ],
  [
    'Walking ability and contralesional leg motor area after subcortical stroke',
    { stage: 'ti-ab', reason: 'Lower-limb or gait outcomes only' },
  ],
  [
    'Cortical excitability in spinal cord injury and hand function',
    { stage: 'ti-ab', reason: 'No stroke population' },
  ],
  [
    'Neglect and right parietal stimulation after stroke',
    { stage: 'ti-ab', reason: 'No upper-limb outcome' },
  ],
  [
    'Premotor cortex stimulation in healthy volunteers: a dose study',
    { stage: 'ti-ab', reason: 'No stroke population' },
  ],
  [
    'Contralesional rTMS and depressive symptoms after stroke',
    { stage: 'full-text', reason: 'No upper-limb outcome' },
  ],
  [
    'Interhemispheric balance after stroke: protocol of a trial',
    { stage: 'full-text', reason: 'Wrong study design' },
  ],
  [
    'Contralesional M1 and finger tapping: a conference abstract',
    { stage: 'full-text', reason: 'Wrong study design' },
  ],
  [
    'Bilateral arm training and cortical maps after stroke: a thesis',
    { stage: 'not-retrieved', reason: 'Author did not reply' },
  ],
  [
    'Contralesional motor cortex plasticity in paediatric hemiplegia',
    { stage: 'not-retrieved', reason: 'Not found' },
  ],
];

const SEVERITY_WORDS: Record<Severity, string> = {
  Mild: 'mild',
  Moderate: 'moderate',
  Severe: 'severe',
};

/** Title, design, methods and the sentence of findings for a kind of source. */
const pickTitle = (variant: number, titles: string[]): string => titles[variant % titles.length]!;

function describe(
  kind: Kind,
  variant: number,
  severity: Severity,
  role: Role,
  phase: string,
  task: string,
): {
  title: string;
  design: string;
  methods: string[];
  stimulation?: 'Inhibitory' | 'Facilitatory';
  outcomes: string[];
  species: 'Human' | 'Animal';
  model?: 'Rat' | 'Mouse';
} {
  const s = SEVERITY_WORDS[severity];
  const p = phase.toLowerCase();
  const t = task.toLowerCase().replace(' (no task)', '');
  switch (kind) {
    case 'mep':
      return {
        title: pickTitle(variant, [
          `Contralesional M1 excitability and paretic hand function in ${s} ${p} stroke`,
          `Motor evoked potentials from the unaffected hemisphere track grip recovery (${s} impairment)`,
          `Interhemispheric inhibition measured with paired-pulse TMS over twelve weeks of arm rehabilitation`,
          `Silent periods of the intact motor cortex and dexterity in ${p} survivors`,
          `Corticomotor excitability of both hemispheres from admission to discharge`,
          `Transcallosal inhibition and bimanual skill: a longitudinal TMS cohort`,
          `Recruitment curves of the non-lesioned hemisphere and Fugl-Meyer change`,
        ]),
        design: 'Cohort (longitudinal)',
        methods: ['TMS / MEP'],
        outcomes: ['FMA-UE', 'Grip strength'],
        species: 'Human',
      };
    case 'fmri':
      return {
        title: pickTitle(variant, [
          `Contralesional primary motor cortex activation during ${t} movements of the paretic hand in ${s} stroke`,
          `Laterality of sensorimotor activity and arm outcome: an fMRI study of ${p} patients`,
          `Bilateral recruitment while gripping with the affected hand: functional imaging after ${s} stroke`,
          `Does the healthy hemisphere help? Task fMRI of finger tracking after subcortical infarcts`,
          `Resting and task networks around the unaffected motor cortex in ${s} hemiparesis`,
          `Cortical reorganisation seen by fMRI across six months of upper-limb therapy`,
          `Effective connectivity of the motor network during precision grip in ${s} stroke`,
        ]),
        design: 'Cross-sectional',
        methods: ['fMRI'],
        outcomes: ['FMA-UE', 'ARAT'],
        species: 'Human',
      };
    case 'rtms-rct':
      return {
        title: pickTitle(variant, [
          `Low-frequency rTMS over contralesional M1 for ${s} upper-limb impairment in ${p} stroke: a randomised sham-controlled trial`,
          `One-hertz stimulation of the unaffected hemisphere before occupational therapy: a randomised trial`,
          `Inhibiting the intact motor cortex early after stroke: the INHIBIT-ARM sham-controlled trial`,
          `Ten sessions of 1 Hz rTMS and hand dexterity in ${p} hemiparesis: randomised, double blind`,
          `Contralesional inhibition or not? A two-arm randomised trial stratified by motor evoked potentials`,
          `Repetitive magnetic stimulation with robot-assisted reaching: a multicentre randomised trial`,
        ]),
        design: 'Randomised controlled trial',
        methods: ['rTMS', 'TMS / MEP'],
        stimulation: 'Inhibitory',
        outcomes: ['FMA-UE', 'WMFT'],
        species: 'Human',
      };
    case 'tdcs-rct':
      return {
        title: pickTitle(variant, [
          `Cathodal tDCS of contralesional M1 with arm training in ${s} ${p} stroke: a randomised trial`,
          `Home-based direct current stimulation of the healthy hemisphere and grasp: a pilot randomised trial`,
          `Dual-site versus contralesional cathodal stimulation during mirror therapy: randomised comparison`,
          `Transcranial direct current stimulation and constraint-induced therapy in ${p} stroke`,
        ]),
        design: 'Randomised controlled trial',
        methods: ['tDCS'],
        stimulation: 'Inhibitory',
        outcomes: ['ARAT', 'Dexterity (e.g. Nine-Hole Peg, Box and Block)'],
        species: 'Human',
      };
    case 'eeg':
      return {
        title: pickTitle(variant, [
          `EEG coupling of the contralesional motor cortex during ${t} reaching in ${s} stroke`,
          `Beta desynchronisation over the intact hemisphere predicts hand use at discharge`,
          `High-density EEG of bimanual coordination after stroke: who drives the paretic arm?`,
          `Cortico-muscular coherence from both hemispheres in ${p} survivors`,
        ]),
        design: 'Cross-sectional',
        methods: ['EEG'],
        outcomes: ['FMA-UE'],
        species: 'Human',
      };
    case 'dti':
      return {
        title: pickTitle(variant, [
          `Corticospinal tract integrity and the recruitment of contralesional M1 in ${s} stroke`,
          `Fractional anisotropy of the posterior limb and reliance on the unaffected cortex`,
          `Ipsilateral motor pathways after damage to the crossed tract: a diffusion imaging cohort`,
        ]),
        design: 'Cohort (longitudinal)',
        methods: ['DTI', 'TMS / MEP'],
        outcomes: ['FMA-UE', 'ARAT'],
        species: 'Human',
      };
    case 'cohort-rtms':
      return {
        title: pickTitle(variant, [
          `Response to contralesional inhibitory stimulation by baseline impairment: a ${s}-impairment cohort`,
          `Who benefits from inhibiting the healthy hemisphere? A clinic-based registry of ${p} patients`,
          `Open-label low-frequency stimulation in routine rehabilitation: outcomes by motor evoked potential status`,
        ]),
        design: 'Non-randomised controlled study',
        methods: ['rTMS'],
        stimulation: 'Inhibitory',
        outcomes: ['FMA-UE', 'Grip strength'],
        species: 'Human',
      };
    case 'rat-dendrites':
      return {
        title: `Dendritic remodelling in the contralesional motor cortex after large cortical infarcts in rats`,
        design: 'Animal experiment',
        methods: ['Lesion or inactivation'],
        outcomes: ['Dexterity (e.g. Nine-Hole Peg, Box and Block)'],
        species: 'Animal',
        model: 'Rat',
      };
    case 'rat-inactivation':
      return {
        title: pickTitle(variant, [
          `Inactivating the contralesional motor cortex after ${s} forelimb impairment in rats`,
          `Muscimol silencing of the intact hemisphere reinstates reaching deficits after small infarcts in rats`,
        ]),
        design: 'Animal experiment',
        methods: ['Lesion or inactivation'],
        outcomes: ['Dexterity (e.g. Nine-Hole Peg, Box and Block)'],
        species: 'Animal',
        model: 'Rat',
      };
    case 'mouse-connectivity':
      return {
        title: `Transcallosal connectivity of the contralesional motor cortex during skilled reaching in mice after stroke`,
        design: 'Animal experiment',
        methods: ['Lesion or inactivation'],
        outcomes: ['Dexterity (e.g. Nine-Hole Peg, Box and Block)'],
        species: 'Animal',
        model: 'Mouse',
      };
  }
}

const FINDINGS: Record<Role, string> = {
  Compensatory:
    'Greater contralesional M1 engagement went with better paretic-arm function, and disrupting it worsened movement.',
  'Inhibitory (maladaptive)':
    'Contralesional M1 over-activity went with poorer paretic-hand function, and inhibiting it improved movement.',
  'Task-dependent':
    'Contralesional M1 contributed to demanding and bimanual tasks but not to simple movements.',
};

const DIRECTION: Record<Role, string> = {
  Compensatory: 'Supports recovery',
  'Inhibitory (maladaptive)': 'Hinders recovery',
  'Task-dependent': 'Mixed',
};

function people(key: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    family: FAMILIES[(key * 11 + i * 3) % FAMILIES.length]!,
    given: GIVENS[(key * 7 + i * 13) % GIVENS.length]!,
  }));
}

/** Which exports find a record: most in PubMed and Embase, fewer in WoS, Scholar adds a few. */
function databasesOf(key: number, included: boolean): Database[] {
  const found: Database[] = [];
  if (key % 9 !== 4) found.push('PubMed');
  if (key % 5 !== 2) found.push('Embase');
  if (included ? key % 3 === 0 : key % 4 === 1) found.push('Web of Science');
  if (key % 6 === 4 || key % 6 === 0 || key % 9 === 4 || found.length === 0)
    found.push('Google Scholar');
  return found;
}

function build(): DemoStudy[] {
  const studies: DemoStudy[] = [];
  const seen = new Map<Kind, number>();
  INCLUDED.forEach(([kind, severity, role, phase, task, n], index) => {
    const key = index + 1;
    const variant = seen.get(kind) ?? 0;
    seen.set(kind, variant + 1);
    const d = describe(kind, variant, severity, role, phase, task);
    const first = 100 + ((key * 37) % 800);
    const rct = d.design === 'Randomised controlled trial';
    studies.push({
      key,
      authors: people(key, 3 + (key % 3)),
      year: 2004 + ((key * 5) % 21),
      journal: JOURNALS[key % JOURNALS.length]!,
      volume: 10 + (key % 15),
      issue: 1 + (key % 6),
      firstPage: first,
      lastPage: first + 6 + (key % 9),
      title: d.title,
      abstract: `SYNTHETIC RECORD for the ReviewBench demo; not a real study. ${d.species === 'Animal' ? `${d.model === 'Mouse' ? 'Mice' : 'Rats'} (n = ${n}) with ${SEVERITY_WORDS[severity]} forelimb impairment after experimental stroke` : `${n} adults with ${SEVERITY_WORDS[severity]} upper-limb impairment in the ${phase.toLowerCase()} phase after stroke`} were studied with ${d.methods.join(' and ')} (${d.design.toLowerCase()}). ${FINDINGS[role]} All numbers are invented for software demonstration.`,
      databases: databasesOf(key, true),
      fate: { stage: 'included' },
      chart: {
        species: d.species,
        ...(d.model ? { animal_model: d.model } : {}),
        design: d.design,
        sample_size: n,
        stroke_phase: [phase],
        severity_band: severity,
        severity_measure: d.species === 'Animal' ? 'Grip strength' : 'FMA-UE',
        task: [task],
        methods: d.methods,
        ...(d.stimulation ? { stimulation_effect: d.stimulation } : {}),
        outcome_measures: d.outcomes,
        role,
        direction: DIRECTION[role],
        key_findings: FINDINGS[role],
        rob_tool: d.species === 'Animal' ? 'SYRCLE' : rct ? 'RoB 2' : 'ROBINS-I',
      },
    });
  });
  EXCLUDED.forEach(([title, fate], index) => {
    const key = INCLUDED.length + index + 1;
    const first = 200 + ((key * 29) % 700);
    studies.push({
      key,
      authors: people(key, 2 + (key % 3)),
      year: 2006 + ((key * 3) % 19),
      journal: JOURNALS[key % JOURNALS.length]!,
      volume: 8 + (key % 12),
      issue: 1 + (key % 4),
      firstPage: first,
      lastPage: first + 5 + (key % 7),
      title,
      abstract: `SYNTHETIC RECORD for the ReviewBench demo; not a real study. ${title}. All numbers are invented for software demonstration.`,
      databases: databasesOf(key, false),
      fate,
    });
  });
  return studies;
}

export const DEMO_STUDIES: readonly DemoStudy[] = build();

/** The reasons screening gives, as the demo review offers them. */
export const DEMO_EXCLUSION_REASONS = [
  'No stroke population',
  'No upper-limb outcome',
  'Lower-limb or gait outcomes only',
  'Wrong study design',
  'Reviews, editorials, errata',
];

export const demoDoi = (key: number): string => `10.5555/synth.m1.${1000 + key}`;
export const demoPmid = (key: number): string => String(90_100_000 + key);

/**
 * Studies whose Google Scholar copy has no DOI and a shortened title: an included one (the
 * demo's lead merges the pair) and two excluded at title/abstract (a narrative review, and a
 * spinal cord study whose Scholar copy pairs with its PubMed and its Embase copy), whose three
 * pairs are left in the queue to try.
 */
export const SCHOLAR_WITHOUT_DOI = [6, 40, 48];

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .trim();

/** The demo study a record stands for: by its DOI (any case, any prefix), else its title. */
export function demoStudyOf(record: { doi?: string; title?: string }): DemoStudy | undefined {
  const match = /synth\.m1\.(\d+)/i.exec(record.doi ?? '');
  if (match) return DEMO_STUDIES[Number(match[1]) - 1001];
  const title = words((record.title ?? '').replace(/^synthetic example:/i, ''));
  return title ? DEMO_STUDIES.find((s) => words(s.title).startsWith(title)) : undefined;
}
