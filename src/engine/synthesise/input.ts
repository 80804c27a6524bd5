import { STUDY_LEVEL } from '#core/extract/index';
import type { AnswerValue, Quote } from '#core/extract/index';
import type { SynthesisInput, SynthesisStudy } from '#core/synthesise/index';
import type { EngineContext } from '#engine/context';
import { extractionData } from '#engine/extract/extractions';
import { appraisalTables } from '#engine/appraise/assessments';

/**
 * What synthesis reads: every included study's settled charting (the consensus of its
 * extractors, with the quote behind each value) and its settled overall risk of bias. Studies
 * still being charted are left out, so the tables count only what the team agreed.
 */
export async function synthesisInput(
  context: EngineContext,
  reviewId: number,
): Promise<SynthesisInput> {
  const data = await extractionData(context, reviewId);
  const risk = await overallRisks(context, reviewId);
  const studies: SynthesisStudy[] = data.studies
    .filter((s) => s.status === 'consensus')
    .map((s) => {
      const values: Record<string, AnswerValue> = {};
      const quotes: Record<string, Quote> = {};
      for (const slot of s.outcomes) {
        if (slot.entity !== STUDY_LEVEL || slot.value === undefined) continue;
        values[slot.fieldId] = slot.value;
        const quoted = slot.answers.find((a) => a.quote && a.value !== null)?.quote;
        if (quoted) quotes[slot.fieldId] = quoted;
      }
      const r = risk.get(s.study.recordId);
      return {
        recordId: s.study.recordId,
        label: `${s.study.authors || `Record ${s.study.recordId}`}${s.study.year ? ` (${s.study.year})` : ''}`,
        year: s.study.year,
        values,
        quotes,
        ...(r ? { risk: r } : {}),
      };
    });
  return { form: data.form.form, studies };
}

/** Each study's settled overall risk of bias (its main result), by record id. */
async function overallRisks(
  context: EngineContext,
  reviewId: number,
): Promise<Map<number, { toolId: string; overall: string }>> {
  const out = new Map<number, { toolId: string; overall: string }>();
  for (const table of await appraisalTables(context, reviewId))
    for (const row of table.rows)
      if (row.recordId !== undefined && row.unit === '')
        // SYRCLE defines no overall judgement: its studies are counted as such, not as unappraised.
        out.set(row.recordId, {
          toolId: table.tool.id,
          overall: row.overall ?? `No overall (${table.tool.name.split(/[:']/)[0]!.trim()})`,
        });
  return out;
}
