/**
 * Synthesis charts as files: the SVG ECharts draws (core/render/echarts.ts), PNG through resvg
 * and vector PDF through pdfkit with svg-to-pdfkit, all in the DejaVu Sans files the layout was
 * measured with.
 */
import {
  evidenceMap,
  evidenceMapChart,
  frequencies,
  frequencyChart,
  requireField,
  timeline,
  timelineChart,
} from '#core/synthesise/index';
import type { ChartSpec, SynthesisInput } from '#core/synthesise/index';
import { DEFAULT_FONT_FILES, drawPdf, drawSvg, rasterise } from '#engine/report/render';

export const CHART_FORMATS = ['svg', 'png', 'pdf'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

export const CHART_CONTENT_TYPES: Record<ChartFormat, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** An SVG document as a one-page vector PDF of its size. */
export function svgToPdf(
  svg: string,
  size: { width: number; height: number; title: string },
): Promise<Uint8Array> {
  return drawPdf(size, DEFAULT_FONT_FILES, (doc) =>
    drawSvg(doc, svg, { x: 0, y: 0, width: size.width, height: size.height }),
  );
}

/** A chart in a format: SVG text, or PNG/PDF bytes. */
export async function renderChart(
  chart: ChartSpec,
  format: ChartFormat,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const svg = await chartSvg(chart);
  const bytes =
    format === 'svg'
      ? new TextEncoder().encode(svg)
      : format === 'png'
        ? rasterise(svg)
        : await svgToPdf(svg, chart);
  return { bytes, contentType: CHART_CONTENT_TYPES[format] };
}

export type ChartRequest =
  | { kind: 'frequencies'; field: string }
  | { kind: 'timeline' }
  | {
      kind: 'map';
      x: string;
      y: string;
      colour?: string;
      panel?: string;
      /** Panels wrap onto further rows past this width. */
      maxWidth?: number;
    };

/** The spec of a synthesis chart over the settled charting (an unknown field is refused). */
export function chartSpec(input: SynthesisInput, request: ChartRequest): ChartSpec {
  const label = (id: string) => requireField(input.form, id).label;
  if (request.kind === 'frequencies')
    return frequencyChart(frequencies(input, request.field), { title: label(request.field) });
  if (request.kind === 'timeline')
    return timelineChart(timeline(input), { title: 'Publications per year' });
  const map = evidenceMap(input, request);
  return evidenceMapChart(map, {
    ...(request.maxWidth ? { maxWidth: request.maxWidth } : {}),
    title: `${label(request.x)} by ${label(request.y)}`,
    labels: {
      x: label(request.x),
      y: label(request.y),
      ...(request.colour ? { colour: label(request.colour) } : {}),
      ...(request.panel ? { panel: label(request.panel) } : {}),
    },
  });
}

/**
 * A chart's SVG, ECharts loaded on first use (about half a second of a command's start on this
 * machine): commands that draw no chart do not pay for it.
 */
export async function chartSvg(chart: ChartSpec): Promise<string> {
  const { renderChartSvg } = await import('#core/render/echarts');
  return renderChartSvg(chart);
}
