import type { SearchField } from './ast';

/** What a field tag means: a text field, or a kind of subject-heading search. */
export type TagMeaning =
  | { kind: 'field'; field: SearchField }
  | { kind: 'heading'; explode: boolean; major: boolean; subheading: boolean };

const field = (f: SearchField): TagMeaning => ({ kind: 'field', field: f });
const heading = (explode: boolean, major: boolean, subheading = false): TagMeaning => ({
  kind: 'heading',
  explode,
  major,
  subheading,
});

// PubMed tags, lower-cased with inner spaces collapsed. `[tiab]` means title, abstract and
// author keywords since NLM added author keywords to it, hence `tiabkw`.
const PUBMED_TAGS: Record<string, TagMeaning> = {
  ti: field('ti'),
  title: field('ti'),
  ab: field('ab'),
  abstract: field('ab'),
  tiab: field('tiabkw'),
  'title/abstract': field('tiabkw'),
  tw: field('tw'),
  'text word': field('tw'),
  textword: field('tw'),
  all: field('all'),
  'all fields': field('all'),
  au: field('au'),
  author: field('au'),
  la: field('la'),
  language: field('la'),
  pt: field('pt'),
  'publication type': field('pt'),
  nm: field('nm'),
  'supplementary concept': field('nm'),
  'substance name': field('nm'),
  ot: field('kw'),
  'other term': field('kw'),
  ta: field('ta'),
  journal: field('ta'),
  jour: field('ta'),
  lid: field('doi'),
  aid: field('doi'),
  doi: field('doi'),
  ad: field('ad'),
  affiliation: field('ad'),
  dp: field('dp'),
  'publication date': field('dp'),
  pdat: field('dp'),
  mh: heading(true, false),
  mesh: heading(true, false),
  'mesh terms': heading(true, false),
  'mh:noexp': heading(false, false),
  'mesh:noexp': heading(false, false),
  'mesh terms:noexp': heading(false, false),
  'mesh terms:no exp': heading(false, false),
  majr: heading(true, true),
  'mesh major topic': heading(true, true),
  'majr:noexp': heading(false, true),
  'mesh major topic:noexp': heading(false, true),
  'mesh major topic:no exp': heading(false, true),
  sh: heading(false, false, true),
  subheading: heading(false, false, true),
  'mesh subheading': heading(false, false, true),
};

/** Looks up a PubMed `[tag]` (without brackets); undefined when unknown. */
export function lookUpPubmedTag(tag: string): TagMeaning | undefined {
  return PUBMED_TAGS[tag.trim().toLowerCase().replace(/\s+/g, ' ')];
}

// Ovid suffix codes, keyed by the comma-separated codes sorted alphabetically so that
// `.ti,ab.` and `.ab,ti.` are one key. `.tw.` is Ovid MEDLINE's "text word" = title + abstract.
const OVID_CODES: Record<string, TagMeaning> = {
  ti: field('ti'),
  ab: field('ab'),
  'ab,ti': field('tiab'),
  tw: field('tiab'),
  'kf,tw': field('tiabkw'),
  'kw,tw': field('tiabkw'),
  'ab,kf,ti': field('tiabkw'),
  'ab,kw,ti': field('tiabkw'),
  'ab,kf,kw,ti': field('tiabkw'),
  mp: field('tw'),
  af: field('all'),
  kw: field('kw'),
  kf: field('kw'),
  'kf,kw': field('kw'),
  au: field('au'),
  lg: field('la'),
  pt: field('pt'),
  nm: field('nm'),
  jn: field('ta'),
  jw: field('ta'),
  'ib,jn,jw,nj': field('ta'),
  do: field('doi'),
  in: field('ad'),
  yr: field('dp'),
  sh: heading(false, false),
  xm: heading(true, false),
  fs: heading(false, false, true),
};

/** Every Ovid code the parser accepts inside a suffix (used to tell `.ti.` from `e.g.`). */
const KNOWN_OVID_CODES = new Set(Object.keys(OVID_CODES).flatMap((key) => key.split(',')));

/** True when every code in `codes` (e.g. `ti,ab`) is a known Ovid field code. */
export function isOvidCodeList(codes: string): boolean {
  return codes.split(',').every((code) => KNOWN_OVID_CODES.has(code.toLowerCase()));
}

/** Looks up an Ovid suffix such as `ti,ab` (without dots); undefined when unknown. */
export function lookUpOvidCodes(codes: string): TagMeaning | undefined {
  const key = codes
    .toLowerCase()
    .split(',')
    .map((code) => code.trim())
    .sort()
    .join(',');
  return OVID_CODES[key];
}
