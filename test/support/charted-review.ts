import type { ReviewApi, Workbench } from '#engine/index';
import { reviewWithIncluded } from './reviews';
import { SHORT_M1_FORM as FORM } from './forms';

const STUDIES = [
  ['Lotze', 2006, 'Human', 'Severe', 'Compensatory', 'TMS / MEP; fMRI'],
  ['Johansen-Berg', 2002, 'Human', 'Severe', 'Compensatory', 'fMRI'],
  ['Murase', 2004, 'Human', 'Mild', 'Inhibitory (maladaptive)', 'TMS / MEP'],
  ['Takeuchi', 2005, 'Human', 'Mild', 'Inhibitory (maladaptive)', 'rTMS'],
  ['Biernaskie', 2005, 'Animal', 'Severe', 'Task-dependent', ''],
] as const;

/** A review charted and appraised to the end: five studies, ROBINS-I for the four human ones. */
export async function chartedReview(
  workbench: Workbench,
): Promise<{ api: ReviewApi; ids: number[] }> {
  const { api, ids } = await reviewWithIncluded(workbench, {
    title: 'Contralesional M1 and upper-limb recovery: a scoping review',
    records: STUDIES.map(([author, year], i) => ({
      title: `Motor cortex study ${i + 1}`,
      author: `${author}, M.`,
      year,
      journal: 'Brain',
      volume: String(120 + i),
      pages: `${100 + i}-${110 + i}`,
      doi: `10.1000/m1.${i + 1}`,
    })),
  });
  await api.protocol.edit({
    question: 'What role does contralesional M1 play in upper-limb recovery after stroke?',
    framework: 'PCC',
    population: 'Adults after stroke and animal models of stroke',
    concept: 'Contralesional primary motor cortex',
    context: 'Upper-limb motor recovery',
    inclusionCriteria: ['Stroke', 'Contralesional M1 measured or modulated'],
    exclusionCriteria: ['Lower limb only'],
  });
  await api.extract.importForm(FORM);
  await api.extract.publishForm();
  await api.extract.configure({ extractorsPerStudy: 1 });
  await api.extract.importSheet({
    fileName: 'chart.csv',
    extractor: 'lead',
    bytes: new TextEncoder().encode(
      [
        'record_id,species,severity_band,role,methods',
        ...STUDIES.map(([, , species, band, role, methods], i) =>
          [ids[i], species, band, role, methods].join(','),
        ),
      ].join('\n'),
    ),
  });
  await api.appraise.configure({ assessorsPerStudy: 1 });
  await api.appraise.importTable({
    text: [
      'Study,D1,D2,D3,D4,D5,D6,D7,Overall',
      'Lotze 2006,Low,Low,Low,Low,Moderate,Low,Low,Moderate',
      'Johansen-Berg 2002,Moderate,Low,Low,Low,Low,Low,Low,Moderate',
      'Murase 2004,Serious,Low,Low,Moderate,Low,Low,Low,Serious',
      'Takeuchi 2005,Low,Low,Low,Low,Low,Low,Low,Low',
    ].join('\n'),
    fileName: 'robins.csv',
    toolId: 'robins-i',
    assessor: 'lead',
  });
  return { api, ids };
}
