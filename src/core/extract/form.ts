import { z } from 'zod';

/**
 * A charting (data extraction) form as data: sections of fields, a section optionally repeated
 * per entity (arms, groups, outcomes, timepoints, measures), fields shown only when another
 * field has a given answer (`showIf`). Forms are versioned: a published form is never edited in
 * place (a new version maps answers forward).
 */

export const FIELD_TYPES = [
  'text',
  'long-text',
  'integer',
  'decimal',
  'range',
  'date',
  'single-choice',
  'multiple-choice',
  'boolean',
  'table',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The kinds of entity a section may repeat over (SRDR+'s "Type 1" lists). */
export const ENTITY_KINDS = ['arm', 'group', 'outcome', 'timepoint', 'measure'] as const;

const id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'ids are lower case letters, digits and _ , starting with a letter')
  .max(64);

/** Shown only when field `field` (in the same section or the form's first level) has one of `equals`. */
const showIf = z.object({
  field: id,
  equals: z.array(z.union([z.string(), z.boolean(), z.number()])).min(1),
});

const fieldBase = {
  id,
  label: z.string().min(1).max(300),
  help: z.string().max(2000).optional(),
  required: z.boolean().optional(),
  showIf: showIf.optional(),
  /** Ids this field had in earlier versions: their answers carry over (versions.ts). */
  was: z.array(id).optional(),
  /** Options renamed since an earlier version, old name -> new name. */
  renamedOptions: z.record(z.string(), z.string()).optional(),
};

export const fieldSchema = z.discriminatedUnion('type', [
  z.object({
    ...fieldBase,
    type: z.literal('text'),
    maxLength: z.number().int().positive().optional(),
  }),
  z.object({ ...fieldBase, type: z.literal('long-text') }),
  z.object({
    ...fieldBase,
    type: z.literal('integer'),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    unit: z.string().max(40).optional(),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('decimal'),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().max(40).optional(),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('range'),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().max(40).optional(),
  }),
  z.object({ ...fieldBase, type: z.literal('date') }),
  z.object({
    ...fieldBase,
    type: z.literal('single-choice'),
    options: z.array(z.string().min(1).max(200)).min(2),
    /** An "Other, specify" choice whose text the extractor writes. */
    other: z.boolean().optional(),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('multiple-choice'),
    options: z.array(z.string().min(1).max(200)).min(2),
    other: z.boolean().optional(),
  }),
  z.object({ ...fieldBase, type: z.literal('boolean') }),
  z.object({
    ...fieldBase,
    type: z.literal('table'),
    rows: z.array(z.string().min(1).max(200)).min(1),
    columns: z.array(z.string().min(1).max(200)).min(1),
  }),
]);
export type FormField = z.infer<typeof fieldSchema>;

export const sectionSchema = z.object({
  id,
  title: z.string().min(1).max(200),
  help: z.string().max(2000).optional(),
  /** The section is answered once per entity of this kind (e.g. once per outcome). */
  repeats: z.enum(ENTITY_KINDS).optional(),
  fields: z.array(fieldSchema).min(1),
});
export type FormSection = z.infer<typeof sectionSchema>;

export const formSchema = z
  .object({
    id,
    title: z.string().min(1).max(200),
    version: z.number().int().positive(),
    description: z.string().max(4000).optional(),
    sections: z.array(sectionSchema).min(1),
  })
  .superRefine((form, context) => {
    const seen = new Map<string, FormField>();
    for (const [s, section] of form.sections.entries())
      for (const [f, field] of section.fields.entries()) {
        if (seen.has(field.id))
          context.addIssue({
            code: 'custom',
            path: ['sections', s, 'fields', f, 'id'],
            message: `field id "${field.id}" is used twice; field ids are unique in a form`,
          });
        seen.set(field.id, field);
      }
    for (const [s, section] of form.sections.entries())
      for (const [f, field] of section.fields.entries()) {
        if (!field.showIf) continue;
        const on = seen.get(field.showIf.field);
        if (!on || on.id === field.id)
          context.addIssue({
            code: 'custom',
            path: ['sections', s, 'fields', f, 'showIf', 'field'],
            message: `"${field.id}" is shown depending on "${field.showIf.field}", which is not another field of the form`,
          });
        else if (
          (on.type === 'single-choice' || on.type === 'multiple-choice') &&
          !field.showIf.equals.every((v) => typeof v === 'string' && on.options.includes(v))
        )
          context.addIssue({
            code: 'custom',
            path: ['sections', s, 'fields', f, 'showIf', 'equals'],
            message: `"${field.id}" depends on answers "${on.id}" does not offer (${on.options.join(', ')})`,
          });
      }
  });
export type ChartingForm = z.infer<typeof formSchema>;

/** Reads a form (from JSON, an import, a template), or the problems as sentences with their path. */
export function parseForm(
  value: unknown,
): { ok: true; form: ChartingForm } | { ok: false; problems: string[] } {
  const result = formSchema.safeParse(value);
  if (result.success) return { ok: true, form: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(
      (issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
    ),
  };
}
