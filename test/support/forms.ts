/** A short charting form of the model review: species, severity band, role, methods. */
export const SHORT_M1_FORM = {
  id: 'm1',
  title: 'Contralesional M1 (short)',
  version: 1,
  sections: [
    {
      id: 'study',
      title: 'The study',
      fields: [
        { id: 'species', label: 'Species', type: 'single-choice', options: ['Human', 'Animal'] },
        {
          id: 'severity_band',
          label: 'Severity',
          type: 'single-choice',
          options: ['Mild', 'Moderate', 'Severe'],
        },
        {
          id: 'role',
          label: 'Role of contralesional M1',
          type: 'single-choice',
          options: ['Compensatory', 'Inhibitory (maladaptive)', 'Task-dependent'],
        },
        {
          id: 'methods',
          label: 'Methods',
          type: 'multiple-choice',
          options: ['TMS / MEP', 'fMRI', 'rTMS'],
        },
      ],
    },
  ],
};
