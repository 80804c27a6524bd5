import * as echarts from 'echarts/core';
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { measureText } from './font-metrics';

/**
 * The one place charts become SVG: ECharts' server-side string renderer, which needs no DOM,
 * so the browser and the server run this same function on the same spec and get the same
 * markup. Text is measured with the pinned DejaVu Sans metrics, the font resvg and pdfkit draw
 * with, so labels sit where they are drawn.
 */

echarts.use([BarChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** "bold 12px DejaVu Sans" -> width of text in that font. */
function measure(text: string, font?: string): { width: number } {
  const size = /(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1];
  const bold = /\bbold\b|\b[6-9]00\b/.test(font ?? '');
  return { width: measureText(text, size ? Number(size) : 12, bold) };
}
echarts.setPlatformAPI({ measureText: measure });

export interface RenderableChart {
  width: number;
  height: number;
  option: Record<string, unknown>;
}

/** The chart as a standalone SVG document. */
export function renderChartSvg(chart: RenderableChart): string {
  const instance = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: chart.width,
    height: chart.height,
  });
  try {
    instance.setOption(chart.option);
    // zrender numbers its class names with counters global to the process; numbered again in
    // order of appearance, the same chart is the same bytes whatever was drawn before it.
    const names = new Map<string, string>();
    return instance
      .renderToSVGString()
      .replace(
        /\bzr\d+-cls-\d+\b/g,
        (name) => names.get(name) ?? names.set(name, `rb-${names.size}`).get(name)!,
      );
  } finally {
    instance.dispose();
  }
}
