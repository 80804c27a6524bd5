/** Identifiers are opaque strings in the domain; the store generates them. */
export type ReviewId = string;
export type RecordId = string;
export type BatchId = string;
export type ReviewerId = string;

/** Kinds of review the workbench runs: they change wording and required PRISMA boxes. */
export const REVIEW_TYPES = ['scoping', 'systematic'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];
