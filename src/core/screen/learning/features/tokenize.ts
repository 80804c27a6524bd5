// scikit-learn's default token_pattern `(?u)\b\w\w+\b` keeps maximal runs of two or more
// Unicode word characters; JavaScript's `\w` is ASCII-only even with the `u` flag, so the
// word class is spelled out.
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

/** Lower-cased word tokens of two or more characters, as scikit-learn's default analyzer. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

const WORD_POINT = /^[\p{L}\p{N}_]$/u;

/**
 * Words met so far, each with an id, and a reader that turns a text into the ids of its tokens
 * (exactly `tokenize`'s tokens) without making a string per token: it hashes each token's
 * characters as it scans and makes a string only for a word it has not met. Fitting TF-IDF on
 * 100,000 abstracts spent most of its time, and of its garbage, on per-token strings.
 */
export class WordTable {
  /** Each word, by id. */
  readonly words: string[] = [];
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(1 << 12);
  /** Characters of the Basic Multilingual Plane: 0 not yet classed, 1 a word character, 2 not. */
  private readonly classes = new Uint8Array(65_536);
  private readonly astral = new Map<number, boolean>();
  private ids = new Int32Array(256);

  /** The ids of `text`'s tokens, in order (a view valid until the next call). */
  read(text: string): Int32Array {
    const lower = text.toLowerCase();
    const length = lower.length;
    let count = 0;
    let at = 0;
    while (at < length) {
      const start = at;
      let points = 0;
      let hash = 0x811c9dc5 | 0;
      for (;;) {
        if (at >= length) break;
        const code = lower.charCodeAt(at);
        let width = 1;
        let point = code;
        if (code >= 0xd800 && code < 0xdc00 && at + 1 < length) {
          const low = lower.charCodeAt(at + 1);
          if (low >= 0xdc00 && low < 0xe000) {
            point = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
            width = 2;
          }
        }
        if (!this.isWordPoint(point)) {
          if (points === 0) at += width;
          break;
        }
        hash = Math.imul(hash ^ code, 0x01000193);
        if (width === 2) hash = Math.imul(hash ^ lower.charCodeAt(at + 1), 0x01000193);
        at += width;
        points += 1;
      }
      if (points < 2) continue;
      if (count === this.ids.length) {
        const grown = new Int32Array(count * 2);
        grown.set(this.ids);
        this.ids = grown;
      }
      this.ids[count++] = this.idOf(lower, start, at, hash);
    }
    return this.ids.subarray(0, count);
  }

  private isWordPoint(point: number): boolean {
    if (point < 128)
      return (
        (point >= 97 && point <= 122) ||
        (point >= 48 && point <= 57) ||
        (point >= 65 && point <= 90) ||
        point === 95
      );
    if (point < 65_536) {
      let known = this.classes[point]!;
      if (known === 0) {
        known = WORD_POINT.test(String.fromCharCode(point)) ? 1 : 2;
        this.classes[point] = known;
      }
      return known === 1;
    }
    let word = this.astral.get(point);
    if (word === undefined) {
      word = WORD_POINT.test(String.fromCodePoint(point));
      this.astral.set(point, word);
    }
    return word;
  }

  /** The id of `text[start, end)`, added when new. */
  private idOf(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0) break;
      const id = held - 1;
      if (this.hashes[id] === hash && this.sameWord(this.words[id]!, text, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.words.length;
    this.words.push(text.slice(start, end));
    if (id === this.hashes.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.slots[slot] = id + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return id;
  }

  private sameWord(word: string, text: string, start: number, end: number): boolean {
    if (word.length !== end - start) return false;
    for (let k = 0; k < word.length; k += 1)
      if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let id = 0; id < this.words.length; id += 1) {
      let slot = this.hashes[id]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }
}
