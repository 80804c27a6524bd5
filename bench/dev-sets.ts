import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLabelledCsv } from './csv-local';

/** The DEV sets and the priors ASREVIEW_BASELINE.md lists per seed (Python random.Random(s)). */
export const DEV_SETS = [
  {
    name: 'Cohen_2006_ACEInhibitors',
    priors: [
      [857, 2369],
      [139, 382],
      [1372, 2468],
      [1372, 1256],
      [2448, 1056],
    ],
    baseline: { wss95: 0.741, loss: 0.067, rrf10: 0.825, seconds: 48.8 },
  },
  {
    name: 'Nagtegaal_2019',
    priors: [
      [287, 1232],
      [81, 200],
      [575, 1280],
      [575, 656],
      [1532, 553],
    ],
    baseline: { wss95: 0.733, loss: 0.065, rrf10: 0.672, seconds: 21.7 },
  },
  {
    name: 'Kitchenham_2010',
    priors: [
      [8, 1210],
      [3, 232],
      [15, 1258],
      [15, 666],
      [39, 568],
    ],
    baseline: { wss95: 0.703, loss: 0.1, rrf10: 0.5, seconds: 14.2 },
  },
] as const;

/** Loads one DEV set from ../shared/data. */
export function loadDevSet(name: string): { texts: string[]; labels: (0 | 1)[] } {
  const file = resolve(
    process.cwd(),
    '../shared/data/asreview-systematic-review-datasets',
    `${name}.csv`,
  );
  return readLabelledCsv(readFileSync(file, 'utf8'));
}
