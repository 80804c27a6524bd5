/**
 * Risk-of-bias and critical-appraisal tools as data: each tool has domains, each domain
 * signalling questions with their answer options, and (where the tool publishes one) an
 * algorithm that proposes the domain's judgement from the answers; the overall judgement
 * follows from the domains by the tool's rule. An assessor may override any proposal with a
 * justification (the engine keeps both).
 */

/** What a tool is applied to: a whole study, one result (outcome at a time point), one outcome. */
export type AppraisalUnit = 'study' | 'result' | 'outcome';

/** One signalling question. */
export interface SignallingQuestion {
  id: string;
  /** The question, paraphrased from the tool's publication. */
  text: string;
  /** The answers it takes (e.g. Y, PY, PN, N, NI, NA). */
  options: readonly string[];
  /** When the question is asked (its condition, in words); always when absent. */
  askedWhen?: string;
  /** Where the wording could not be checked against the tool's publication. */
  unverified?: string;
}

/** Answers by question id (and, for RoB 2, `effect`: assignment or adhering). */
export type Answers = Readonly<Record<string, string | undefined>>;

/** A domain's proposed judgement, or what the algorithm still needs. */
export interface DomainProposal {
  judgement?: string;
  /** Questions the algorithm needs on the path the answers take but lacks. */
  missing: string[];
  /** Why no judgement is proposed (the tool leaves it to the assessor), or how it was reached. */
  note?: string;
}

export interface AppraisalDomain {
  id: string;
  name: string;
  /** The column robvis uses for the domain (D1, D1b, ...). */
  column: string;
  questions: readonly SignallingQuestion[];
  /**
   * The tool's published algorithm for this domain; absent when the tool leaves the domain
   * judgement to the assessor (then `judge` proposes nothing and says so).
   */
  propose?: (answers: Answers) => DomainProposal;
  /** Why the domain has no algorithm, or what about it is not verified. */
  note?: string;
  /** QUADAS-2: the domain also takes an applicability judgement (Low / High / Unclear). */
  applicability?: boolean;
}

export interface AppraisalTool {
  id: string;
  name: string;
  version: string;
  /** Where the domains, questions and algorithms come from. */
  source: string;
  unit: AppraisalUnit;
  /** Judgement levels from best to worst, then the levels outside that order (No information). */
  judgements: readonly string[];
  domains: readonly AppraisalDomain[];
  /**
   * The overall judgement from the domains' final judgements, or undefined while one is missing
   * (or when the tool has no overall rule: then `overallNote` says so).
   */
  overall?: (domains: Readonly<Record<string, string | undefined>>) => string | undefined;
  overallNote?: string;
  /** For tools whose overall is a decision (JBI): the choices. */
  overallOptions?: readonly string[];
  /** The robvis template the tool's judgements plot and export with. */
  robvis: 'ROB2' | 'ROB2-Cluster' | 'ROBINS-I' | 'ROBINS-E' | 'QUADAS-2' | 'QUIPS' | 'Generic';
  /** Facts about the tool that could not be verified (shown in the UI). */
  unverified: readonly string[];
}

/** Y or PY. */
export const isYes = (a: string | undefined): boolean => a === 'Y' || a === 'PY';
/** N or PN. */
export const isNo = (a: string | undefined): boolean => a === 'N' || a === 'PN';

/** Thrown inside an algorithm when the path needs an answer that is not there. */
export class MissingAnswer {
  constructor(readonly questionId: string) {}
}

/**
 * Runs a decision path: `get(id)` answers a question or stops the path, naming it. The path is
 * written as the tool's diagram reads, so only the questions it reaches are needed.
 */
export function walk(
  answers: Answers,
  path: (get: (id: string) => string) => string,
): DomainProposal {
  const get = (id: string): string => {
    const answer = answers[id];
    if (answer === undefined || answer === '') throw new MissingAnswer(id);
    return answer;
  };
  try {
    return { judgement: path(get), missing: [] };
  } catch (error) {
    if (error instanceof MissingAnswer) return { missing: [error.questionId] };
    throw error;
  }
}

/** The worst of `judgements` by `order` (best first); undefined when any is missing. */
export function worst(
  judgements: readonly (string | undefined)[],
  order: readonly string[],
): string | undefined {
  let at = -1;
  for (const j of judgements) {
    if (j === undefined) return undefined;
    const k = order.indexOf(j);
    if (k > at) at = k;
  }
  return at >= 0 ? order[at] : undefined;
}
