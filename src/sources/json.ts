/** Small readers for untyped JSON: they return undefined instead of throwing. */
export type Json = unknown;

export const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const asObject = (value: Json): Record<string, Json> | undefined =>
  isObject(value) ? value : undefined;

export const asArray = (value: Json): Json[] => (Array.isArray(value) ? value : []);

export const asString = (value: Json): string | undefined => {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
};

export const asNumber = (value: Json): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
};

/** Removes markup (JATS in Crossref abstracts, HTML in Europe PMC) and squeezes spaces. */
export const stripTags = (text: string | undefined): string | undefined => {
  if (text === undefined) return undefined;
  const plain = text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return plain === '' ? undefined : plain;
};
