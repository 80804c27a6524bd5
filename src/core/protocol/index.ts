import { z } from 'zod';

/**
 * A review's protocol, its first step and the reference of every later one: the question, the
 * PCC (population, concept, context; scoping reviews) or PICO elements, eligibility criteria,
 * planned databases and dates, registration, planned charting and appraisal. Amendments make
 * new versions, each with a reason and a date (the engine keeps them).
 */
const text = (max: number) => z.string().trim().min(1).max(max);

export const protocolSchema = z
  .object({
    question: text(2000).optional(),
    framework: z.enum(['PCC', 'PICO']).optional(),
    population: text(2000).optional(),
    concept: text(2000).optional(),
    context: text(2000).optional(),
    intervention: text(2000).optional(),
    comparator: text(2000).optional(),
    outcomes: text(2000).optional(),
    inclusionCriteria: z.array(text(1000)).max(100).optional(),
    exclusionCriteria: z.array(text(1000)).max(100).optional(),
    databases: z.array(text(200)).max(50).optional(),
    /** The dates searched, in words ("inception to 2024-03-01"). */
    searchDates: text(200).optional(),
    registration: z
      .object({ registry: text(60), id: text(120), url: z.string().url().max(500).optional() })
      .strict()
      .optional(),
    /** How sources will be charted (the form, piloting, extractors). */
    charting: text(4000).optional(),
    /** How (and whether) sources will be appraised, and with which tools. */
    appraisal: text(4000).optional(),
  })
  .strict();

export type ReviewProtocol = z.infer<typeof protocolSchema>;

/** The protocol's fields, as `protocol edit --set` takes them. */
export const PROTOCOL_FIELDS = Object.keys(protocolSchema.shape) as (keyof ReviewProtocol)[];

/** A protocol checked whole, or every problem with its field. */
export function parseProtocol(
  value: unknown,
): { ok: true; protocol: ReviewProtocol } | { ok: false; problems: string[] } {
  const result = protocolSchema.safeParse(value);
  if (result.success) return { ok: true, protocol: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(
      (i) =>
        `${i.path.join('.') || 'protocol'}: ${i.code === 'unrecognized_keys' ? `unknown field${i.keys.length === 1 ? '' : 's'} ${i.keys.join(', ')} (fields: ${PROTOCOL_FIELDS.join(', ')})` : i.message}`,
    ),
  };
}

/**
 * `--set key=value` changes: lists (criteria, databases) take values separated by `;`,
 * registration takes `registry:id`; an empty value removes the field.
 */
export function applySettings(protocol: ReviewProtocol, settings: readonly string[]): unknown {
  const next: Record<string, unknown> = { ...protocol };
  for (const setting of settings) {
    const at = setting.indexOf('=');
    const key = at > 0 ? setting.slice(0, at).trim() : setting.trim();
    const value = at > 0 ? setting.slice(at + 1).trim() : '';
    if (!value) {
      delete next[key];
      continue;
    }
    if (key === 'inclusionCriteria' || key === 'exclusionCriteria' || key === 'databases')
      next[key] = value
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean);
    else if (key === 'registration') {
      const colon = value.indexOf(':');
      next[key] =
        colon > 0
          ? { registry: value.slice(0, colon).trim(), id: value.slice(colon + 1).trim() }
          : { registry: value, id: '' };
    } else next[key] = value;
  }
  return next;
}
