/**
 * The four PRISMA 2020 flow-diagram templates ({new, updated} x {databases and registers only,
 * plus other methods}) and the text printed in each box, with PRISMA-ScR wording for scoping
 * reviews. Box text is keyed like the `boxtext` rows of the PRISMA2020 CSV template so a review
 * can override (or translate) any line.
 */
import { unknownName } from '#core/errors';
import type { ReviewType } from '#core/domain/index';
import type { PrismaCounts } from './counts';

/** Which optional columns a template draws. */
export interface PrismaTemplate {
  name: PrismaTemplateName;
  /** Previous-studies column and totals row (updated reviews). */
  previous: boolean;
  /** Identification via other methods (websites, organisations, citation searching). */
  other: boolean;
  description: string;
}

export const PRISMA_TEMPLATE_NAMES = ['new', 'new-other', 'updated', 'updated-other'] as const;
export type PrismaTemplateName = (typeof PRISMA_TEMPLATE_NAMES)[number];

/** The templates PRISMA 2020 ships, keyed by name. */
export const PRISMA_TEMPLATES: Readonly<Record<PrismaTemplateName, PrismaTemplate>> = {
  new: {
    name: 'new',
    previous: false,
    other: false,
    description: 'New review, databases and registers only',
  },
  'new-other': {
    name: 'new-other',
    previous: false,
    other: true,
    description: 'New review, databases, registers and other sources',
  },
  updated: {
    name: 'updated',
    previous: true,
    other: false,
    description: 'Updated review, databases and registers only',
  },
  'updated-other': {
    name: 'updated-other',
    previous: true,
    other: true,
    description: 'Updated review, databases, registers and other sources',
  },
};

/** Looks a template up by name; unknown names list the valid ones. */
export function getPrismaTemplate(name: string): PrismaTemplate {
  const template = (PRISMA_TEMPLATES as Record<string, PrismaTemplate | undefined>)[name];
  if (!template) throw unknownName('PRISMA template', name, PRISMA_TEMPLATE_NAMES);
  return template;
}

/**
 * Picks the template the counts call for, as the R package does: the previous column when
 * either previous number is present, the other-methods column when any of its sources is.
 */
export function inferPrismaTemplate(counts: PrismaCounts): PrismaTemplate {
  const previous = counts.previous_studies !== undefined || counts.previous_reports !== undefined;
  const other =
    counts.website_results !== undefined ||
    counts.organisation_results !== undefined ||
    counts.citations_results !== undefined;
  const name = `${previous ? 'updated' : 'new'}${other ? '-other' : ''}` as PrismaTemplateName;
  return PRISMA_TEMPLATES[name];
}

/**
 * Default PRISMA 2020 box text. Keys are the CSV's `data` keys for number rows and its `box`
 * ids for title and side boxes; the last group are workbench extensions (lines the R package
 * hard-codes) so that they can be translated too. `{n}` in `count_format` is the number.
 */
export const DEFAULT_BOX_TEXT = {
  prevstud: 'Previous studies',
  newstud: 'Identification of new studies via databases and registers',
  othstud: 'Identification of new studies via other methods',
  identification: 'Identification',
  screening: 'Screening',
  included: 'Included',
  previous_studies: 'Studies included in previous version of review',
  previous_reports: 'Reports of studies included in previous version of review',
  database_results: 'Databases',
  register_results: 'Registers',
  website_results: 'Websites',
  organisation_results: 'Organisations',
  citations_results: 'Citation searching',
  duplicates: 'Duplicate records',
  excluded_automatic: 'Records marked as ineligible by automation tools',
  excluded_other: 'Records removed for other reasons',
  records_screened: 'Records screened',
  records_excluded: 'Records excluded',
  dbr_sought_reports: 'Reports sought for retrieval',
  dbr_notretrieved_reports: 'Reports not retrieved',
  other_sought_reports: 'Reports sought for retrieval',
  other_notretrieved_reports: 'Reports not retrieved',
  dbr_assessed: 'Reports assessed for eligibility',
  dbr_excluded: 'Reports excluded',
  other_assessed: 'Reports assessed for eligibility',
  other_excluded: 'Reports excluded',
  new_studies: 'New studies included in review',
  new_reports: 'Reports of new included studies',
  total_studies: 'Total studies included in review',
  total_reports: 'Reports of total included studies',
  records_identified_from: 'Records identified from:',
  records_removed_before_screening: 'Records removed before screening:',
  records_excluded_human: 'by a human',
  records_excluded_automation: 'by automation tools',
  count_format: '(n = {n})',
} as const;

/** A key of the box-text map. */
export type BoxTextKey = keyof typeof DEFAULT_BOX_TEXT;
/** Resolved text for every box line. */
export type BoxText = Record<BoxTextKey, string>;

/** PRISMA-ScR calls what a scoping review includes "sources of evidence", not "studies". */
export const SCOPING_BOX_TEXT: Partial<BoxText> = {
  prevstud: 'Previous sources of evidence',
  newstud: 'Identification of new sources of evidence via databases and registers',
  othstud: 'Identification of new sources of evidence via other methods',
  previous_studies: 'Sources of evidence included in previous version of review',
  previous_reports: 'Reports of sources of evidence included in previous version of review',
  new_studies: 'New sources of evidence included in review',
  new_reports: 'Reports of new included sources of evidence',
  total_studies: 'Total sources of evidence included in review',
  total_reports: 'Reports of total included sources of evidence',
};

/** True when `key` names a box-text line. */
export function isBoxTextKey(key: string): key is BoxTextKey {
  return Object.hasOwn(DEFAULT_BOX_TEXT, key);
}

/**
 * Box text for a review: PRISMA 2020 defaults, then the scoping wording, then the review's own
 * overrides. Unknown override keys throw so a typo does not silently keep the default.
 */
export function resolveBoxText(
  reviewType: ReviewType,
  overrides: Readonly<Record<string, string>> = {},
): BoxText {
  for (const key of Object.keys(overrides)) {
    if (!isBoxTextKey(key)) throw unknownName('box text key', key, Object.keys(DEFAULT_BOX_TEXT));
  }
  return {
    ...DEFAULT_BOX_TEXT,
    ...(reviewType === 'scoping' ? SCOPING_BOX_TEXT : {}),
    ...(overrides as Partial<BoxText>),
  };
}
