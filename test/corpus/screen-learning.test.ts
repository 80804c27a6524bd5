// Active-learning simulation on a real labelled set from the shared corpus.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '#core/screen/learning/index';
import { corpusPath } from './corpus';

/** A minimal RFC 4180 reader: enough for the ASReview labelled CSVs. */
function readLabelledCsv(text: string): { texts: string[]; labels: (0 | 1)[] } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      rows.push([...row, field.replace(/\r$/, '')]);
      row = [];
      field = '';
    } else field += ch;
  }
  const [header = [], ...body] = rows.filter((r) => r.length > 1);
  const at = (name: string) => header.indexOf(name);
  return {
    texts: body.map((r) => `${r[at('title')] ?? ''} ${r[at('abstract')] ?? ''}`),
    labels: body.map((r) => (r[at('label_included')] === '1' ? 1 : 0)),
  };
}

const kitchenham = corpusPath('asreview-systematic-review-datasets/Kitchenham_2010.csv');

describe.skipIf(!existsSync(kitchenham))(
  'simulate on Kitchenham_2010 (skipped: ../shared/data absent)',
  () => {
    it('elas_u4, seed 2, priors 3/232: stays close to the ASReview run', () => {
      const { texts, labels: y } = readLabelledCsv(readFileSync(kitchenham, 'utf8'));
      expect(texts).toHaveLength(1704);
      const result = simulate({
        texts,
        labels: y,
        priorIncluded: [3],
        priorExcluded: [232],
        preset: 'elas_u4',
        seed: 2,
      });
      // ASReview's own run (docs ASREVIEW_BASELINE.md): WSS@95 0.722, WSS@100 0.297, RRF@10
      // 0.705, loss 0.073, ATD 143.4. The solvers differ (tolerance, visiting order), so the
      // order differs in a few places; the values below are this implementation's, pinned.
      expect(result.metrics.wss95).toBeCloseTo(0.6874, 4);
      expect(result.metrics.wss100).toBeCloseTo(0.2973, 4);
      expect(result.metrics.rrf10).toBeCloseTo(0.6818, 4);
      expect(result.metrics.loss).toBeCloseTo(0.0743, 4);
      expect(result.metrics.atd).toBeCloseTo(145.73, 2);
      expect(Math.abs(result.metrics.loss - 0.073)).toBeLessThan(0.002);
      expect(result.order.slice(0, 2)).toEqual([3, 232]);
    });
  },
);
