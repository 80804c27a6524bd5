import { z } from 'zod';
import { DomainError } from '#core/errors';
import { JBI_TOOLS, QUADAS_2, QUIPS, ROBINS_E, ROBINS_I, ROBINS_I_V2 } from './others';
import { ROB2, ROB2_CLUSTER } from './rob2';
import { SYRCLE } from './syrcle';
import type { AppraisalDomain, AppraisalTool, Answers } from './types';
import { worst } from './types';

/** Every shipped tool, looked up by id. */
export const APPRAISAL_TOOLS: readonly AppraisalTool[] = [
  SYRCLE,
  ROB2,
  ROB2_CLUSTER,
  ROBINS_I,
  ROBINS_I_V2,
  ROBINS_E,
  QUADAS_2,
  QUIPS,
  ...JBI_TOOLS,
];

/** A tool a review defines for what no shipped tool covers: its domains and judgement scale. */
export const genericToolSchema = z.object({
  id: z
    .string()
    .regex(/^generic(-[a-z0-9]+)*$/, 'a generic tool id starts with "generic" (generic-quality)')
    .default('generic'),
  name: z.string().min(1).max(200),
  /** Best first; "No information" and "Not applicable" are always offered too. */
  judgements: z.array(z.string().min(1).max(60)).min(2).max(8),
  domains: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9_.-]{1,20}$/),
        name: z.string().min(1).max(200),
      }),
    )
    .min(1)
    .max(30),
});
export type GenericToolDefinition = z.input<typeof genericToolSchema>;

/** The tool a review defined (`generic`), checked; the overall is the worst domain. */
export function genericTool(definition: unknown): AppraisalTool {
  const parsed = genericToolSchema.safeParse(definition);
  if (!parsed.success)
    throw new DomainError(
      'appraise/bad-tool',
      `The tool definition has problems: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'tool'}: ${i.message}`).join('; ')}`,
    );
  const def = parsed.data;
  const levels = [...def.judgements, 'No information', 'Not applicable'];
  return {
    id: def.id,
    name: def.name,
    version: 'defined by the review',
    source: "The review's own tool (domains and judgement scale set by its lead).",
    unit: 'study',
    judgements: levels,
    domains: def.domains.map((d): AppraisalDomain => ({
      id: d.id,
      column: d.id,
      name: d.name,
      questions: [{ id: d.id, text: `Judgement: ${d.name}`, options: levels }],
      propose: (answers) =>
        answers[d.id] ? { judgement: answers[d.id], missing: [] } : { missing: [d.id] },
    })),
    overall: (domains) => {
      const values = Object.values(domains).filter((v) => v !== 'Not applicable');
      return (
        worst(values, def.judgements) ??
        (values.every((v) => v !== undefined) && values.includes('No information')
          ? 'No information'
          : undefined)
      );
    },
    overallNote: "The worst domain judgement on the review's scale.",
    robvis: 'Generic',
    unverified: [],
  };
}

/** The tool `id` names (a review's own generic tool when given), or a sentence listing the ids. */
export function findTool(id: string, own?: readonly AppraisalTool[]): AppraisalTool {
  const tool = [...APPRAISAL_TOOLS, ...(own ?? [])].find((t) => t.id === id);
  if (!tool)
    throw new DomainError(
      'appraise/unknown-tool',
      `Unknown appraisal tool "${id}". Available: ${[...APPRAISAL_TOOLS, ...(own ?? [])].map((t) => t.id).join(', ')}`,
    );
  return tool;
}

/** A tool as `appraise tools --json` lists it (the contract). */
export function toolSummary(tool: AppraisalTool) {
  return {
    id: tool.id,
    name: tool.name,
    version: tool.version,
    unit: tool.unit,
    source: tool.source,
    judgements: tool.judgements,
    domains: tool.domains.map((d) => ({
      id: d.id,
      name: d.name,
      algorithm: Boolean(d.propose) && !d.questions.every((q) => q.id === d.id),
      ...(d.note ? { note: d.note } : {}),
      ...(d.applicability ? { applicability: true } : {}),
      questions: d.questions.map((q) => ({
        id: q.id,
        text: q.text,
        options: q.options,
        ...(q.askedWhen ? { askedWhen: q.askedWhen } : {}),
        ...(q.unverified ? { unverified: q.unverified } : {}),
      })),
    })),
    overall: tool.overallNote ?? null,
    ...(tool.overallOptions ? { overallOptions: tool.overallOptions } : {}),
    unverified: tool.unverified,
  };
}

export interface Judged {
  tool: string;
  /** Each domain's proposed judgement (null: not proposed). */
  domains: Record<string, string | null>;
  /** The overall judgement from the proposals, null while a domain is missing or no rule. */
  overall: string | null;
  /** Per domain, the answers its algorithm needs but lacks. */
  missing: Record<string, string[]>;
  /** Per domain, why nothing is proposed or what to know. */
  notes: Record<string, string>;
}

const EFFECTS = ['assignment', 'adhering'];

/**
 * `appraise judge`: the proposed judgement of every domain from signalling answers, and the
 * overall by the tool's rule; answers outside a question's options, or to questions the tool
 * does not have, are refused naming them.
 */
export function judge(tool: AppraisalTool, answers: Answers): Judged {
  const questions = new Map(
    tool.domains.flatMap((d) => d.questions.map((q) => [q.id, q] as const)),
  );
  const problems: string[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    if (answer === undefined) continue;
    if (id === 'effect' && tool.id.startsWith('rob2')) {
      if (!EFFECTS.includes(answer))
        problems.push(`effect takes ${EFFECTS.join(' or ')}, not "${answer}"`);
      continue;
    }
    const q = questions.get(id);
    if (!q) problems.push(`${tool.id} has no question "${id}"`);
    else if (!q.options.includes(answer))
      problems.push(`question ${id} takes ${q.options.join(', ')}, not "${answer}"`);
  }
  if (problems.length)
    throw new DomainError('appraise/bad-answer', `${problems.join('; ')}.`, { problems });
  const judged: Judged = { tool: tool.id, domains: {}, overall: null, missing: {}, notes: {} };
  for (const domain of tool.domains) {
    const proposal = domain.propose
      ? domain.propose(answers)
      : { missing: [], note: domain.note ?? 'The tool leaves this judgement to the assessor.' };
    judged.domains[domain.id] = proposal.judgement ?? null;
    if (proposal.missing.length) judged.missing[domain.id] = proposal.missing;
    const note =
      proposal.note ?? (!proposal.judgement && !proposal.missing.length ? domain.note : undefined);
    if (note && !proposal.judgement) judged.notes[domain.id] = note;
  }
  judged.overall = overallOf(tool, judged.domains);
  return judged;
}

/** The tool's overall rule over domain judgements (null while one is missing or no rule). */
export function overallOf(
  tool: AppraisalTool,
  domains: Readonly<Record<string, string | null | undefined>>,
): string | null {
  if (!tool.overall) return null;
  const values = Object.fromEntries(tool.domains.map((d) => [d.id, domains[d.id] ?? undefined]));
  return tool.overall(values) ?? null;
}
