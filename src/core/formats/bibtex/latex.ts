const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
};

const LETTERS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

/**
 * Turns BibTeX's LaTeX into plain Unicode: accent commands (`{\"u}`, `\'e`, `\c{c}`),
 * letter macros (`{\ss}`), escaped specials (`\&`), dashes and ties, then drops
 * remaining formatting commands and the braces that protect capitals.
 */
export function decodeLatex(value: string): string {
  if (!/[\\{}~-]/.test(value)) return value;
  let text = value
    .replace(/\\([a-zA-Z]+)\{\s*\}/g, '\\$1 ')
    .replace(
      /\\(["'`^~=.])\s*\{\s*\\?([a-zA-Z])\s*\}/g,
      (_m, accent: string, letter: string) => letter + (ACCENTS[accent] ?? ''),
    )
    .replace(
      /\\(["'`^~=.])\s*\\?([a-zA-Z])/g,
      (_m, accent: string, letter: string) => letter + (ACCENTS[accent] ?? ''),
    )
    .replace(
      /\\([uvHckr])\s*\{\s*\\?([a-zA-Z])\s*\}/g,
      (_m, accent: string, letter: string) => letter + (ACCENTS[accent] ?? ''),
    )
    .replace(
      /\\([uvHckr]) +([a-zA-Z])/g,
      (_m, accent: string, letter: string) => letter + (ACCENTS[accent] ?? ''),
    )
    .replace(
      /\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L|i|j)(?![a-zA-Z])\s?/g,
      (_m, name: string) => LETTERS[name] ?? name,
    )
    .replace(/\\textbackslash(?![a-zA-Z])\s?/g, '\ue100')
    .replace(/\\textasciitilde(?![a-zA-Z])\s?/g, '\ue102')
    .replace(/\\([&%$#_{}])/g, (_m, ch: string) => String.fromCharCode(0xe000 + ch.charCodeAt(0)))
    .replace(/---/g, '\u2014')
    .replace(/--/g, '\u2013')
    .replace(/(?<!\\)~/g, ' ')
    .replace(/\\[a-zA-Z]+\*?\s*/g, '')
    .replace(/\\\\/g, ' ')
    .replace(/[{}]/g, '');
  // Escaped specials were parked in the private-use area so brace stripping spares them.
  text = text
    .replace(/[\ue000-\ue07f]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xe000))
    .replace(/\ue100/g, '\\')
    .replace(/\ue102/g, '~');
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Escapes text for a BibTeX value in braces: specials get a backslash. */
export function encodeLatex(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/[\\&%$#_{}~]/g, (ch) => {
    if (ch === '\\') return '\\textbackslash{}';
    if (ch === '~') return '\\textasciitilde{}';
    return `\\${ch}`;
  });
}
