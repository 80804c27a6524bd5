import { describe, expect, it } from 'vitest';
import { createRecord } from '#core/domain/index';
import { toCsl } from '#core/report/index';
import { formatReferences } from './references';

const record = (fields: Partial<ReturnType<typeof createRecord>>) => ({
  ...createRecord('', { line: 1, endLine: 1 }),
  ...fields,
});

const SMITH = toCsl(
  'a',
  record({
    title: 'Contralesional motor cortex in severe stroke.',
    authors: [
      { family: 'Smith', given: 'John A.', raw: 'Smith, John A.' },
      { family: 'Lee', given: 'Kim', raw: 'Lee, Kim' },
    ],
    year: 2019,
    journal: 'Brain',
    journalAbbrev: 'Brain',
    volume: '142',
    issue: '3',
    pages: '600-612',
    doi: '10.1093/brain/awz001',
  }),
);
const SEVEN = toCsl(
  'b',
  record({
    title: 'Interhemispheric inhibition',
    authors: [1, 2, 3, 4, 5, 6, 7].map((i) => ({
      family: `Author${i}`,
      given: 'B.',
      raw: `Author${i}, B.`,
    })),
    year: 2015,
    journal: 'Journal of Neuroscience',
    journalAbbrev: 'J Neurosci',
    volume: '35',
    pages: '1-9',
  }),
);

describe('the reference list in a bundled CSL style', () => {
  it('formats APA sorted by author, Vancouver and AMA numbered in citation order', async () => {
    expect(await formatReferences([SMITH, SEVEN], 'apa')).toEqual([
      {
        id: 'b',
        number: 1,
        text: 'Author1, B., Author2, B., Author3, B., Author4, B., Author5, B., Author6, B., & Author7, B. (2015). Interhemispheric inhibition. Journal of Neuroscience, 35, 1–9.',
      },
      {
        id: 'a',
        number: 2,
        text: 'Smith, J. A., & Lee, K. (2019). Contralesional motor cortex in severe stroke. Brain, 142(3), 600–612. https://doi.org/10.1093/brain/awz001',
      },
    ]);
    expect((await formatReferences([SMITH, SEVEN], 'vancouver')).map((r) => r.text)).toEqual([
      '1. Smith JA, Lee K. Contralesional motor cortex in severe stroke. Brain. 2019;142(3):600–12. doi:10.1093/brain/awz001',
      '2. Author1 B, Author2 B, Author3 B, Author4 B, Author5 B, Author6 B, et al. Interhemispheric inhibition. J Neurosci. 2015;35:1–9.',
    ]);
    // AMA: more than six authors -> three and "et al"; the style is ReviewBench's own.
    expect((await formatReferences([SMITH, SEVEN], 'AMA')).map((r) => r.text)).toEqual([
      '1. Smith JA, Lee K. Contralesional motor cortex in severe stroke. Brain. 2019;142(3):600–612. doi:10.1093/brain/awz001',
      '2. Author1 B, Author2 B, Author3 B, et al. Interhemispheric inhibition. J Neurosci. 2015;35:1–9.',
    ]);
  });

  it('refuses a style that is not bundled, naming the ones that are', async () => {
    await expect(formatReferences([SMITH], 'chicago')).rejects.toThrow(
      'No reference style "chicago" is bundled. Available: apa, vancouver, ama.',
    );
  });
});
