import type { Count, EvidenceMap } from './tables';

/**
 * Chart specifications for synthesis: a bar chart of a field's frequencies, publications per
 * year and the evidence map, as ECharts options (plain data, no library here). The browser and
 * the server hand the same spec to `renderChartSvg` (core/render/echarts.ts), so the SVG a user
 * sees on screen is the one the report embeds.
 */

export type ChartKind = 'frequencies' | 'timeline' | 'map';

export interface ChartSpec {
  kind: ChartKind;
  title: string;
  width: number;
  height: number;
  /** An ECharts option object (no functions: it is JSON, so it travels and snapshots). */
  option: Record<string, unknown>;
}

/** Okabe-Ito: eight colours told apart with every common colour-vision deficiency. */
export const CHART_PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#999999',
] as const;

export const CHART_FONT = 'DejaVu Sans';

const base = (title: string) => ({
  animation: false,
  backgroundColor: '#FFFFFF',
  color: [...CHART_PALETTE],
  textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#222222' },
  title: { text: title, left: 'center', top: 8, textStyle: { fontSize: 14, fontWeight: 'bold' } },
});

const longest = (labels: readonly string[]): number =>
  labels.reduce((max, l) => Math.max(max, l.length), 0);

/** A horizontal bar per value of a field (values in the form's order), studies on the axis. */
export function frequencyChart(counts: readonly Count[], options: { title: string }): ChartSpec {
  const labels = counts.map((c) => c.value);
  const left = Math.min(260, 24 + longest(labels) * 7);
  const height = 90 + 30 * Math.max(1, counts.length);
  return {
    kind: 'frequencies',
    title: options.title,
    width: 720,
    height,
    option: {
      ...base(options.title),
      grid: { left, right: 48, top: 44, bottom: 40 },
      xAxis: {
        type: 'value',
        minInterval: 1,
        name: 'Studies',
        nameLocation: 'middle',
        nameGap: 26,
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: labels,
        axisLabel: { width: left - 16, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: counts.map((c) => c.count),
          barMaxWidth: 22,
          label: { show: true, position: 'right' },
        },
      ],
    },
  };
}

/** Publications per year as vertical bars. */
export function timelineChart(
  years: readonly { year: string; count: number }[],
  options: { title: string },
): ChartSpec {
  const width = Math.max(480, Math.min(1100, 120 + 34 * years.length));
  return {
    kind: 'timeline',
    title: options.title,
    width,
    height: 340,
    option: {
      ...base(options.title),
      grid: { left: 60, right: 24, top: 44, bottom: 56 },
      xAxis: {
        type: 'category',
        data: years.map((y) => y.year),
        name: 'Year of publication',
        nameLocation: 'middle',
        nameGap: 34,
        axisLabel: { interval: 0, rotate: years.length > 14 ? 45 : 0 },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        name: 'Studies',
        nameLocation: 'middle',
        nameGap: 36,
      },
      series: [
        {
          type: 'bar',
          data: years.map((y) => y.count),
          barMaxWidth: 28,
          label: { show: true, position: 'top' },
        },
      ],
    },
  };
}

/** Radius in pixels of a bubble of `count` studies when the biggest holds `max` (area ~ count). */
export function bubbleRadius(count: number, max: number, largest: number): number {
  return Math.max(5, Math.sqrt(count / Math.max(1, max)) * largest);
}

/**
 * The evidence map: one panel per value of the panel field, each a grid of the x field's
 * values across and the y field's down; in a cell, one bubble per colour value, side by side,
 * its area proportional to the studies and the count written in it.
 */
export function evidenceMapChart(
  map: EvidenceMap,
  options: {
    title: string;
    labels: { x: string; y: string; colour?: string; panel?: string };
    /** Panels wrap onto further rows past this width (a report's page); default: one row. */
    maxWidth?: number;
  },
): ChartSpec {
  const panels = map.panels.length ? map.panels : [{ panel: 'All studies', bubbles: [] }];
  const xs = map.xValues.length ? map.xValues : [''];
  const ys = map.yValues.length ? map.yValues : [''];
  const left = Math.min(220, 40 + longest(ys) * 7);
  const cellWidth = Math.max(70, Math.min(130, 12 * longest(xs)), 26 * map.colours.length);
  const cellHeight = Math.max(56, 22 * map.colours.length);
  const panelWidth = cellWidth * xs.length;
  const gap = 36;
  const top = 92;
  const bottom = 70;
  const perRow = Math.max(
    1,
    Math.min(
      panels.length,
      Math.floor(((options.maxWidth ?? Infinity) - left - 30 + gap) / (panelWidth + gap)),
    ),
  );
  const rows = Math.ceil(panels.length / perRow);
  const rowHeight = cellHeight * ys.length + bottom + 30;
  const width = left + perRow * panelWidth + (perRow - 1) * gap + 30;
  const height = top + rows * rowHeight - 30;
  const max = Math.max(1, ...panels.flatMap((p) => p.bubbles.map((b) => b.count)));
  const largest = Math.min(cellWidth / (2 * Math.max(1, map.colours.length)), cellHeight / 2) - 2;
  const coloured = map.colour !== undefined;
  const series: Record<string, unknown>[] = [];
  panels.forEach((panel, index) => {
    map.colours.forEach((colour, colourIndex) => {
      const data = panel.bubbles
        .filter((b) => b.colour === colour)
        .map((b) => {
          const inCell = map.colours.filter((c) =>
            panel.bubbles.some((o) => o.x === b.x && o.y === b.y && o.colour === c),
          );
          const slot = inCell.indexOf(colour);
          const step = Math.min(2 * largest + 4, cellWidth / inCell.length);
          const radius = bubbleRadius(b.count, max, largest);
          return {
            value: [xs.indexOf(b.x), ys.indexOf(b.y), b.count],
            symbolSize: 2 * radius,
            symbolOffset: [(slot - (inCell.length - 1) / 2) * step, 0],
            recordIds: b.recordIds,
          };
        });
      series.push({
        type: 'scatter',
        name: colour,
        xAxisIndex: index,
        yAxisIndex: index,
        itemStyle: {
          color: CHART_PALETTE[colourIndex % CHART_PALETTE.length],
          opacity: 0.85,
          borderColor: '#FFFFFF',
          borderWidth: 1,
        },
        label: { show: true, formatter: '{@[2]}', color: '#000000', fontSize: 11 },
        data,
      });
    });
  });
  const grid = panels.map((_, index) => ({
    left: left + (index % perRow) * (panelWidth + gap),
    width: panelWidth,
    top: top + Math.floor(index / perRow) * rowHeight,
    height: cellHeight * ys.length,
  }));
  const axis = (index: number) => ({
    gridIndex: index,
    type: 'category',
    splitLine: { show: true },
  });
  return {
    kind: 'map',
    title: options.title,
    width,
    height,
    option: {
      ...base(options.title),
      legend: coloured
        ? { top: 34, left: 'center', itemGap: 18, data: map.colours }
        : { show: false },
      grid,
      title: [
        base(options.title).title,
        ...(map.panel === undefined ? [] : panels).map((p, index) => ({
          text: p.panel,
          left: grid[index]!.left + panelWidth / 2,
          top: grid[index]!.top - 24,
          textAlign: 'center',
          textStyle: { fontSize: 13, fontWeight: 'bold' },
        })),
      ],
      xAxis: panels.map((_, index) => ({
        ...axis(index),
        data: xs,
        name: options.labels.x,
        nameLocation: 'middle',
        nameGap: 30,
        axisLabel: { interval: 0, width: cellWidth - 6, overflow: 'truncate' },
      })),
      yAxis: panels.map((_, index) => ({
        ...axis(index),
        data: ys,
        inverse: true,
        name: index % perRow === 0 ? options.labels.y : '',
        nameLocation: 'middle',
        nameGap: left - 22,
        axisLabel: { show: index % perRow === 0, interval: 0 },
      })),
      series,
    },
  };
}
