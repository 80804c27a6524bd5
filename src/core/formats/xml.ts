/** A top-level element found by scanning: its [start, end) offsets in the text. */
export interface ElementSlice {
  start: number;
  end: number;
}

/**
 * Finds each `<name ...>...</name>` in order by string search, so one malformed element
 * does not sink the rest of the file and each record keeps its own raw text and line.
 * Unclosed trailing elements are returned with `end = -1`.
 */
export function findElements(text: string, name: string): ElementSlice[] {
  const open = `<${name}`;
  const close = `</${name}>`;
  const slices: ElementSlice[] = [];
  let at = text.indexOf(open);
  while (at >= 0) {
    const next = text.charCodeAt(at + open.length);
    // `<PubmedArticle` must not match `<PubmedArticleSet`.
    if (next !== 62 && next !== 32 && next !== 9 && next !== 10 && next !== 13 && next !== 47) {
      at = text.indexOf(open, at + open.length);
      continue;
    }
    const end = text.indexOf(close, at);
    if (end < 0) {
      slices.push({ start: at, end: -1 });
      break;
    }
    slices.push({ start: at, end: end + close.length });
    at = text.indexOf(open, end + close.length);
  }
  return slices;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decodes XML character references and the predefined entities. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return safeCodePoint(parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return safeCodePoint(parseInt(body.slice(1), 10), whole);
    return NAMED[body] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : fallback;
}

/** Text content of an XML fragment: inline markup (`<i>`, `<sup>`) dropped, whitespace collapsed. */
export function stripMarkup(fragment: string): string {
  return decodeEntities(
    fragment.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<[^>]*>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/** The value as a list: fast-xml-parser gives one child as an object and many as an array. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A parsed XML node as fast-xml-parser returns it. */
export type XmlNode =
  string | number | boolean | { [key: string]: XmlNode | XmlNode[] } | XmlNode[];

/** All text under a parsed node, in document order as far as the parser kept it. */
export function deepText(node: XmlNode | undefined): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(deepText).join(' ');
  const parts: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    parts.push(deepText(value));
  }
  return parts.join('');
}

/** A child of a parsed node, or undefined. */
export function child(node: XmlNode | undefined, key: string): XmlNode | undefined {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const value = node[key];
  return Array.isArray(value) ? value[0] : value;
}

/** An attribute of a parsed node (attributes are prefixed `@_`). */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = child(node, `@_${name}`);
  return typeof value === 'string' ? value : undefined;
}

/** Children of a node under a key, always as a list. */
export function children(node: XmlNode | undefined, key: string): XmlNode[] {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return [];
  return asArray(node[key]);
}
