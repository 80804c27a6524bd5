import { DomainError } from '#core/errors';
import { FORM_TEMPLATES, parseForm } from '#core/extract/index';
import type { ChartingForm } from '#core/extract/index';
import type { EngineContext } from '#engine/context';
import { logEvent } from '#engine/events';
import { nowIso } from '#engine/context';
import { carryForward } from './carry';

/** A review's charting form as it stands: the latest version and whether it is published. */
export interface ReviewForm {
  form: ChartingForm;
  version: number;
  status: 'pilot' | 'published';
  publishedAt: string | null;
}

/** The review's current form, or undefined before one is chosen. */
export async function currentForm(
  context: EngineContext,
  reviewId: number,
): Promise<ReviewForm | undefined> {
  const row = await context.store.db
    .selectFrom('extract_forms')
    .selectAll()
    .where('review_id', '=', reviewId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    form: { ...(JSON.parse(row.definition) as ChartingForm), version: row.version },
    version: row.version,
    status: row.status as ReviewForm['status'],
    publishedAt: row.published_at,
  };
}

/** The review's form, or a sentence saying how to choose one. */
export async function requireForm(context: EngineContext, reviewId: number): Promise<ReviewForm> {
  const current = await currentForm(context, reviewId);
  if (!current)
    throw new DomainError(
      'extract/no-form',
      'This review has no charting form yet: start from a template (`extract form use contralesional_m1`) or import one.',
    );
  return current;
}

/**
 * Stores a form as the review's next version: it replaces a pilot (the team is still trying it
 * on a few sources); after a published version it becomes a new pilot version, so a published
 * form never changes. All or nothing: a form with problems is refused, naming each.
 */
export async function saveForm(
  context: EngineContext,
  reviewId: number,
  definition: unknown,
  origin: string,
): Promise<ReviewForm> {
  const parsed = parseForm(definition);
  if (!parsed.ok)
    throw new DomainError(
      'extract/bad-form',
      `The form has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}: ${parsed.problems.join('; ')}`,
      { problems: parsed.problems },
    );
  const at = nowIso(context);
  let moved = { carried: 0, retired: 0 };
  await context.store.db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('extract_forms')
      .select(['version', 'status', 'definition'])
      .where('review_id', '=', reviewId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const version = !latest ? 1 : latest.status === 'pilot' ? latest.version : latest.version + 1;
    if (latest?.status === 'pilot')
      await trx
        .deleteFrom('extract_forms')
        .where('review_id', '=', reviewId)
        .where('version', '=', version)
        .execute();
    await trx
      .insertInto('extract_forms')
      .values({
        review_id: reviewId,
        version,
        status: 'pilot',
        definition: JSON.stringify({ ...parsed.form, version }),
        created_at: at,
        created_by: context.actor,
        published_at: null,
      })
      .execute();
    // Answers given under the previous definition move to this one, none lost.
    moved = latest
      ? await carryForward(
          trx,
          reviewId,
          JSON.parse(latest.definition) as ChartingForm,
          { ...parsed.form, version },
          version,
          at,
        )
      : { carried: 0, retired: 0 };
    await logEvent(trx, {
      reviewId,
      type: 'extract.form-saved',
      subject: `form:${parsed.form.id}`,
      actor: context.actor,
      payload: {
        version,
        origin,
        replacedPilot: latest?.status === 'pilot',
        ...moved,
      },
      at: at,
    });
  });
  return requireForm(context, reviewId);
}

/** `extract form use TEMPLATE`: the review starts from a shipped template (a pilot version). */
export async function useTemplate(
  context: EngineContext,
  reviewId: number,
  templateId: string,
): Promise<ReviewForm> {
  const template = FORM_TEMPLATES.find((t) => t.id === templateId);
  if (!template)
    throw new DomainError(
      'extract/unknown-template',
      `Unknown form template "${templateId}". Available: ${FORM_TEMPLATES.map((t) => t.id).join(', ')}`,
    );
  const current = await currentForm(context, reviewId);
  if (current?.status === 'published')
    throw new DomainError(
      'extract/form-exists',
      `The review's form "${current.form.title}" is published (version ${current.version}); edit it with \`extract form import\` rather than starting again from a template.`,
    );
  return saveForm(context, reviewId, template, `template:${template.id}`);
}

/** `extract form publish`: the pilot becomes the version extractors chart with; it never changes. */
export async function publishForm(context: EngineContext, reviewId: number): Promise<ReviewForm> {
  const current = await requireForm(context, reviewId);
  if (current.status === 'published')
    throw new DomainError(
      'extract/nothing-to-publish',
      `Version ${current.version} is already published; import an edited form to make the next version.`,
    );
  const at = nowIso(context);
  await context.store.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('extract_forms')
      .set({ status: 'published', published_at: at })
      .where('review_id', '=', reviewId)
      .where('version', '=', current.version)
      .execute();
    await logEvent(trx, {
      reviewId,
      type: 'extract.form-published',
      subject: `form:${current.form.id}`,
      actor: context.actor,
      payload: { version: current.version },
      at: at,
    });
  });
  return requireForm(context, reviewId);
}
