import { formatCell } from '#core/extract/index';
import type { ChartingForm } from '#core/extract/index';
import {
  characteristicsTable,
  evidenceMap,
  evidenceMapChart,
  stratify,
  timeline,
  timelineChart,
} from '#core/synthesise/index';
import type { ChartSpec, SynthesisInput } from '#core/synthesise/index';
import { buildManuscript, renderPrismaSvg, toCsl } from '#core/report/index';
import type { Figure, PrismaDiagramOptions, ReportDocument } from '#core/report/index';
import { layoutPrismaDiagram } from '#core/report/index';
import { renderSceneSvg, summaryScene, trafficLightScene } from '#core/appraise/index';
import { chartSvg } from '#engine/synthesise/charts';
import { DomainError } from '#core/errors';
import { getReview, listRecords } from '#store/index';
import { fromRecordRow } from '#store/index';
import type { EngineContext } from '#engine/context';
import { readSettings } from '#engine/settings';
import { searchLog } from '#engine/identify/search-log';
import { synthesisInput } from '#engine/synthesise/input';
import { extractionStudies } from '#engine/extract/studies';
import { appraisalTables } from '#engine/appraise/assessments';
import { reviewFacts } from './checklist';
import { formatReferences, referenceStyle } from './references';

/** What the report shows: the reference style and which charted fields make its tables and map. */
export interface ReportOptions {
  style?: string;
  /** Columns of the characteristics table. */
  fields?: string[];
  map?: { x: string; y: string; colour?: string; panel?: string };
  stratify?: { by: string; tally: string };
}

/** Sources per traffic-light figure: a page of A4 at a legible row height. */
const TRAFFIC_ROWS_PER_FIGURE = 35;

/** The fields the model review reads by (used when the form has them and nothing is chosen). */
const PREFERRED = {
  fields: ['species', 'design', 'sample_size', 'severity_band', 'methods', 'role'],
  map: { x: 'methods', y: 'severity_band', colour: 'role', panel: 'species' },
  stratify: { by: 'severity_band', tally: 'role' },
};

/** The options a report uses: those given, else the model review's fields the form has, else the form's first choices. */
export function resolveReportOptions(form: ChartingForm | undefined, options: ReportOptions) {
  const style = referenceStyle(options.style ?? 'vancouver');
  if (!form) return { style };
  const studyFields = form.sections.filter((s) => !s.repeats).flatMap((s) => s.fields);
  const has = (id: string) => studyFields.some((f) => f.id === id);
  const choices = studyFields
    .filter(
      (f) => f.type === 'single-choice' || f.type === 'multiple-choice' || f.type === 'boolean',
    )
    .map((f) => f.id);
  const preferred = PREFERRED.fields.filter(has);
  const fields =
    options.fields ??
    (preferred.length >= 2 ? preferred : studyFields.slice(0, 6).map((f) => f.id));
  const pm = PREFERRED.map;
  const map =
    options.map ??
    (has(pm.x) && has(pm.y)
      ? {
          x: pm.x,
          y: pm.y,
          ...(has(pm.colour) ? { colour: pm.colour } : {}),
          ...(has(pm.panel) ? { panel: pm.panel } : {}),
        }
      : choices.length >= 2
        ? { x: choices[0]!, y: choices[1]!, ...(choices[2] ? { colour: choices[2] } : {}) }
        : undefined);
  const ps = PREFERRED.stratify;
  const strata =
    options.stratify ??
    (has(ps.by) && has(ps.tally)
      ? ps
      : choices.length >= 2
        ? { by: choices[0]!, tally: choices[1]! }
        : undefined);
  return { style, fields, map, stratify: strata };
}

const asFigure = (
  caption: string,
  spec: { width: number; height: number },
  svg: string,
): Figure => ({
  caption,
  svg,
  width: spec.width,
  height: spec.height,
});

const chartFigure = async (caption: string, spec: ChartSpec): Promise<Figure> =>
  asFigure(caption, spec, await chartSvg(spec));

/** The report document of a review, from its records. */
export async function reviewManuscript(
  context: EngineContext,
  reviewId: number,
  options: ReportOptions = {},
): Promise<ReportDocument> {
  const review = await getReview(context.store.db, reviewId);
  if (!review) throw new DomainError('review/not-found', `No review with id ${reviewId}.`);
  const [facts, log, settings] = await Promise.all([
    reviewFacts(context, reviewId),
    searchLog(context, reviewId),
    readSettings(context, reviewId),
  ]);
  let input: SynthesisInput | undefined;
  if (facts.charting) input = await synthesisInput(context, reviewId);
  const chosen = resolveReportOptions(input?.form, options);
  const label = (id: string) =>
    input?.form.sections.flatMap((s) => s.fields).find((f) => f.id === id)?.label ?? id;

  const diagramOptions: PrismaDiagramOptions = {
    reviewType: review.type === 'scoping' ? 'scoping' : 'systematic',
    boxText: settings.report?.boxText,
  };
  const layout = layoutPrismaDiagram(facts.counts, diagramOptions);
  const prisma = asFigure(
    `${review.type === 'scoping' ? 'PRISMA-ScR' : 'PRISMA 2020'} flow diagram of the selection of sources.`,
    layout,
    renderPrismaSvg(facts.counts, diagramOptions),
  );

  // References: every included study, those in the characteristics table first in its order.
  const studies = input?.studies ?? [];
  const included = await extractionStudies(context, reviewId);
  const order = [
    ...studies.map((s) => s.recordId),
    ...included.map((s) => s.recordId).filter((id) => !studies.some((s) => s.recordId === id)),
  ];
  const rows = order.length ? await listRecords(context.store.db, { reviewId, ids: order }) : [];
  const byId = new Map(rows.map((r) => [r.id, fromRecordRow(r)]));
  const references = await formatReferences(
    order.filter((id) => byId.has(id)).map((id) => toCsl(String(id), byId.get(id)!)),
    chosen.style,
  );
  const cite = new Map(references.map((r) => [Number(r.id), r.number]));
  const numbered = chosen.style !== 'apa';

  let characteristics: { columns: string[]; rows: string[][] } | undefined;
  if (input && 'fields' in chosen && chosen.fields?.length) {
    const t = characteristicsTable(input, chosen.fields, formatCell);
    characteristics = {
      columns: ['Study', ...t.columns.map((c) => c.label)],
      rows: t.rows.map((r) => [
        numbered && cite.has(r.recordId) ? `${r.study} [${cite.get(r.recordId)}]` : r.study,
        ...r.cells,
      ]),
    };
  }
  const timelineFigure =
    input && studies.length
      ? await chartFigure(
          'Included sources by year of publication.',
          timelineChart(timeline(input), { title: 'Publications per year' }),
        )
      : undefined;
  let mapFigure: Figure | undefined;
  if (input && studies.length && 'map' in chosen && chosen.map) {
    const m = chosen.map;
    const data = evidenceMap(input, m);
    mapFigure = await chartFigure(
      `Evidence map: ${label(m.x).toLowerCase()} by ${label(m.y).toLowerCase()}${m.colour ? `, coloured by ${label(m.colour).toLowerCase()}` : ''}${m.panel ? `, one panel per ${label(m.panel).toLowerCase()}` : ''}; bubble area is the number of sources.`,
      evidenceMapChart(data, {
        title: `${label(m.x)} by ${label(m.y)}`,
        labels: { x: label(m.x), y: label(m.y) },
        maxWidth: 760,
      }),
    );
  }
  let strata;
  if (input && studies.length && 'stratify' in chosen && chosen.stratify) {
    const s = chosen.stratify;
    strata = {
      by: label(s.by),
      tally: label(s.tally),
      strata: stratify(input, s.by, s.tally).map((row) => ({
        stratum: row.stratum,
        studies: row.studies.length,
        tally: row.tally,
        risk: row.risk,
      })),
    };
  }
  // A traffic-light plot of many sources is cut into figures of a page each.
  const riskOfBias: Figure[] = [];
  for (const table of await appraisalTables(context, reviewId)) {
    if (table.rows.length === 0) continue;
    const name = table.tool.name.split(':')[0]!;
    for (let start = 0; start < table.rows.length; start += TRAFFIC_ROWS_PER_FIGURE) {
      const rows = table.rows.slice(start, start + TRAFFIC_ROWS_PER_FIGURE);
      const part =
        table.rows.length > TRAFFIC_ROWS_PER_FIGURE
          ? ` (sources ${start + 1}-${start + rows.length} of ${table.rows.length})`
          : '';
      const scene = trafficLightScene({ ...table, rows });
      riskOfBias.push(
        asFigure(
          `${name}: judgements per domain for each source (traffic-light plot)${part}.`,
          scene,
          renderSceneSvg(scene),
        ),
      );
    }
    const summary = summaryScene(table, { palette: 'cochrane' });
    riskOfBias.push(
      asFigure(
        `${name}: proportion of sources at each level of risk, per domain (summary plot).`,
        summary,
        renderSceneSvg(summary),
      ),
    );
  }
  return buildManuscript({
    facts,
    generatedOn: context.clock.now().toISOString().slice(0, 10),
    searches: log.map((entry) => ({
      database: entry.database ?? entry.fileName,
      platform: entry.platform ?? '',
      searchedOn: entry.searchedOn ?? '',
      hits: entry.hits === null ? '' : String(entry.hits),
      records: entry.recordsImported,
      query: entry.query ?? '',
    })),
    prisma,
    ...(characteristics ? { characteristics } : {}),
    ...(timelineFigure ? { timeline: timelineFigure } : {}),
    ...(mapFigure ? { map: mapFigure } : {}),
    ...(strata ? { strata } : {}),
    riskOfBias,
    references: {
      style: { apa: 'APA', vancouver: 'Vancouver', ama: 'AMA' }[chosen.style],
      entries: references.map((r) => r.text),
    },
  });
}
