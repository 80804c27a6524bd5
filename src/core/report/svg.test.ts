import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { PRISMA_SMALL_EXAMPLE, PRISMA_UPDATED_EXAMPLE, PRISMA_WORKED_EXAMPLE } from './examples';
import { escapeXml } from '#core/render/index';
import { renderPrismaSvg } from './svg';

describe('renderPrismaSvg', () => {
  it('matches the snapshot of a small scoping review', async () => {
    const svg = renderPrismaSvg(PRISMA_SMALL_EXAMPLE, { reviewType: 'scoping' });
    await expect(svg).toMatchFileSnapshot('./__snapshots__/prisma-small.svg');
  });

  it('matches the snapshot of a typical review (the worked example)', async () => {
    await expect(renderPrismaSvg(PRISMA_WORKED_EXAMPLE)).toMatchFileSnapshot(
      './__snapshots__/prisma-typical.svg',
    );
  });

  it('matches the snapshot of a 5-database update with other methods and long reasons', async () => {
    await expect(renderPrismaSvg(PRISMA_UPDATED_EXAMPLE)).toMatchFileSnapshot(
      './__snapshots__/prisma-updated.svg',
    );
  });

  it('is deterministic and well-formed XML with the pinned font', () => {
    const svg = renderPrismaSvg(PRISMA_UPDATED_EXAMPLE);
    expect(renderPrismaSvg(PRISMA_UPDATED_EXAMPLE)).toBe(svg);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('font-family="DejaVu Sans"');
    expect(svg).toContain('fill="#FFC125"');
    expect(svg).toContain('transform="rotate(-90');
  });

  it('escapes box text and reason names', () => {
    const svg = renderPrismaSvg(
      { ...PRISMA_WORKED_EXAMPLE, dbr_excluded: { 'Dose < 5 mg & "other"': 100 } },
      { boxText: { records_screened: '<script>alert(1)</script>' } },
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Dose &lt; 5 mg &amp; &quot;other&quot;');
    expect(XMLValidator.validate(svg)).toBe(true);
  });
});

describe('escapeXml', () => {
  it('escapes markup characters and drops characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&'"\u0001c`)).toBe('a&lt;b&gt;&amp;&apos;&quot;c');
  });
});
