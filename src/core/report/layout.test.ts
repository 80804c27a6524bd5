import { describe, expect, it } from 'vitest';
import { PRISMA_SMALL_EXAMPLE, PRISMA_UPDATED_EXAMPLE, PRISMA_WORKED_EXAMPLE } from './examples';
import { FONT_ASCENT, FONT_DESCENT, FONT_UNITS_PER_EM, measureText } from '#core/render/index';
import { formatCount, layoutPrismaDiagram, wrapText } from './layout';
import type { LayoutBox, PrismaDiagramOptions, PrismaLayout } from './layout';
import type { PrismaCounts } from './counts';

const manyReasons = Object.fromEntries(
  Array.from({ length: 25 }, (_, i) => [
    `Excluded for reason number ${i + 1} which is rather long-winded`,
    1000 + i,
  ]),
);
const stress: PrismaCounts = {
  ...PRISMA_UPDATED_EXAMPLE,
  database_results: 987_654_321_000,
  dbr_excluded: manyReasons,
  other_excluded: { Supercalifragilisticexpialidociousandthensomemorelettersinarow: 1 },
};

const cases: [string, PrismaCounts, PrismaDiagramOptions][] = [
  ['small scoping', PRISMA_SMALL_EXAMPLE, { reviewType: 'scoping' }],
  ['worked example', PRISMA_WORKED_EXAMPLE, {}],
  ['updated with other methods', PRISMA_UPDATED_EXAMPLE, {}],
  ['stress: huge numbers, 25 long reasons, an unbreakable word', stress, {}],
  ['narrow boxes, large font', PRISMA_UPDATED_EXAMPLE, { boxWidth: 170, fontSize: 14 }],
  [
    'translated side labels longer than their rows',
    PRISMA_SMALL_EXAMPLE,
    { boxText: { identification: 'Identificación de los estudios en bases de datos' } },
  ],
];

const overlaps = (a: LayoutBox, b: LayoutBox): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** True when the axis-aligned segment p-q passes through the inside of `box`. */
function crossesInside(box: LayoutBox, p: [number, number], q: [number, number]): boolean {
  const e = 0.5;
  const [x1, x2] = [Math.min(p[0], q[0]), Math.max(p[0], q[0])];
  const [y1, y2] = [Math.min(p[1], q[1]), Math.max(p[1], q[1])];
  return (
    x2 > box.x + e && x1 < box.x + box.width - e && y2 > box.y + e && y1 < box.y + box.height - e
  );
}

function textProblems(layout: PrismaLayout): string[] {
  const ascent = (FONT_ASCENT / FONT_UNITS_PER_EM) * layout.fontSize;
  const descent = (-FONT_DESCENT / FONT_UNITS_PER_EM) * layout.fontSize;
  const problems: string[] = [];
  for (const box of layout.boxes) {
    for (const line of box.lines) {
      const w = measureText(line.text, layout.fontSize, line.bold);
      if (box.rotated) {
        if (w > box.height - 2) problems.push(`${box.id}: "${line.text}" longer than its label`);
        continue;
      }
      const fitsX = line.x >= box.x + 1 && line.x + w <= box.x + box.width - 1;
      const fitsY = line.y - ascent >= box.y && line.y + descent <= box.y + box.height;
      if (!fitsX || !fitsY) problems.push(`${box.id}: "${line.text}" outside its box`);
    }
    const ys = box.lines.map((l) => l.y);
    if (new Set(ys).size !== ys.length) problems.push(`${box.id}: two lines on one baseline`);
  }
  return problems;
}

describe('layoutPrismaDiagram', () => {
  it.each(cases)(
    '%s: no boxes overlap, text stays inside, arrows avoid boxes',
    (_, counts, options) => {
      const layout = layoutPrismaDiagram(counts, options);
      for (const [i, a] of layout.boxes.entries()) {
        for (const b of layout.boxes.slice(i + 1)) {
          expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
        }
        expect(
          a.x >= 0 && a.y >= 0 && a.x + a.width <= layout.width && a.y + a.height <= layout.height,
        ).toBe(true);
      }
      expect(textProblems(layout)).toEqual([]);
      for (const arrow of layout.arrows) {
        for (let k = 1; k < arrow.points.length; k++) {
          const p = arrow.points[k - 1];
          const q = arrow.points[k];
          if (!p || !q) continue;
          for (const box of layout.boxes) {
            expect(crossesInside(box, p, q), `${arrow.from}->${arrow.to} crosses ${box.id}`).toBe(
              false,
            );
          }
        }
        // The head's tip touches the target box's edge.
        const target = layout.boxes.find((b) => b.id === arrow.to);
        const [tx, ty] = arrow.head[0];
        expect(target).toBeDefined();
        if (target) {
          const onEdge =
            tx === target.x ||
            tx === target.x + target.width ||
            ty === target.y ||
            ty === target.y + target.height;
          expect(onEdge).toBe(true);
        }
      }
    },
  );

  it('draws the columns and arrows each template calls for', () => {
    const small = layoutPrismaDiagram(PRISMA_WORKED_EXAMPLE);
    expect(small.template.name).toBe('new');
    expect(small.boxes.map((b) => b.id)).toEqual([
      'newstud',
      'box2',
      'box3',
      'box4',
      'box5',
      'box6',
      'box7',
      'box8',
      'box9',
      'box10',
      'identification',
      'screening',
      'included',
    ]);
    expect(small.arrows).toHaveLength(8);
    const full = layoutPrismaDiagram(PRISMA_UPDATED_EXAMPLE);
    expect(full.template.name).toBe('updated-other');
    expect(full.arrows.map((a) => `${a.from}>${a.to}`)).toContain('box14>box10');
    expect(full.arrows.map((a) => `${a.from}>${a.to}`)).toContain('box1>box16');
    expect(full.arrows).toHaveLength(15);
    // A template can be forced, e.g. the other-methods column with nothing found there yet.
    expect(
      layoutPrismaDiagram(PRISMA_WORKED_EXAMPLE, { template: 'new-other' }).boxes.map((b) => b.id),
    ).toContain('box15');
    expect(() => layoutPrismaDiagram({}, { template: 'old' as never })).toThrow(
      'Unknown PRISMA template "old". Available: new, new-other, updated, updated-other',
    );
  });

  it('prints each exclusion reason on its own line with formatted numbers', () => {
    const layout = layoutPrismaDiagram(PRISMA_WORKED_EXAMPLE);
    const box9 = layout.boxes.find((b) => b.id === 'box9');
    expect(box9?.lines.map((l) => l.text)).toEqual([
      'Reports excluded (n\u00a0=\u00a0100):',
      'Wrong population (n\u00a0=\u00a060)',
      'Wrong design (n\u00a0=\u00a040)',
    ]);
    const box2 = layout.boxes.find((b) => b.id === 'box2');
    expect(box2?.lines.map((l) => l.text)[1]).toBe('Databases (n\u00a0=\u00a01,200)');
  });

  it('uses PRISMA-ScR wording for scoping reviews and per-review overrides', () => {
    const texts = (o: PrismaDiagramOptions): string[] =>
      layoutPrismaDiagram(PRISMA_WORKED_EXAMPLE, o).boxes.flatMap((b) =>
        b.lines.map((l) => l.text),
      );
    expect(texts({ reviewType: 'scoping' }).join(' ')).toContain('sources of evidence');
    expect(texts({ boxText: { screening: 'Cribado' } })).toContain('Cribado');
    expect(() => texts({ boxText: { screned: 'x' } })).toThrow('Unknown box text key "screned"');
  });

  it('omits lines whose number is absent and keeps the label of an empty box', () => {
    const layout = layoutPrismaDiagram({ database_results: 10 });
    const text = (id: string): string[] =>
      layout.boxes.find((b) => b.id === id)?.lines.map((l) => l.text) ?? [];
    expect(text('box2')).toEqual(['Records identified from:', 'Databases (n\u00a0=\u00a010)']);
    expect(text('box4')).toEqual(['Records screened']);
  });
});

describe('formatCount and wrapText', () => {
  it('groups thousands regardless of locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-1234.5, '\u202f')).toBe('-1\u202f234.5');
  });

  it('wraps on spaces, cuts words wider than a line, and never exceeds the width', () => {
    const width = measureText('Records marked as ineligible', 11) + 1;
    const lines = wrapText('Records marked as ineligible by automation tools', width, 11);
    expect(lines).toEqual(['Records marked as ineligible', 'by automation tools']);
    const cut = wrapText('a'.repeat(60), 100, 11);
    expect(cut.join('')).toBe('a'.repeat(60));
    for (const line of cut) expect(measureText(line, 11)).toBeLessThanOrEqual(100);
    expect(wrapText('', 100, 11)).toEqual(['']);
  });
});
