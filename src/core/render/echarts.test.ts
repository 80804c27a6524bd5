import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './echarts';
import { frequencyChart } from '#core/synthesise/index';

describe('charts as SVG', () => {
  it('escapes what users typed (field values, titles) as text, never markup', () => {
    const svg = renderChartSvg(
      frequencyChart([{ value: '<script>alert(1)</script> & "q"', count: 2, recordIds: [] }], {
        title: '<b>T</b>',
      }),
    );
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;');
    expect(svg).toContain('&lt;b&gt;T&lt;/b&gt;');
  });

  it('draws the same bytes for the same chart, whatever was drawn before', () => {
    const chart = frequencyChart(
      [
        { value: 'Mild', count: 3, recordIds: [] },
        { value: 'Severe', count: 1, recordIds: [] },
      ],
      { title: 'Severity' },
    );
    const first = renderChartSvg(chart);
    renderChartSvg(frequencyChart([], { title: 'Other' }));
    expect(renderChartSvg(chart)).toBe(first);
    expect(first).toMatch(/^<svg width="720" height="150"/);
    expect(first).toContain('font-family:DejaVu Sans');
  });
});
