import type {
  BooleanNode,
  BooleanOperator,
  NearNode,
  QueryError,
  QueryNode,
  QuerySyntax,
  SearchField,
  Span,
  TermNode,
  TranslationWarning,
} from './ast';
import type { TagMeaning } from './field-tags';
import { tokenizeQuery, type Token } from './tokenize';

export interface ParseQueryOptions {
  /** Input syntax: decides how unparenthesised AND/OR mix (see `docs/search-translation.md`). */
  syntax: QuerySyntax;
  /** Read bare integers as line references (set by the strategy parser). */
  bareNumbersAreLines?: boolean;
}

/** The AST, or null when the text could not be read; errors carry offsets. */
export interface ParseQueryResult {
  ast: QueryNode | null;
  errors: QueryError[];
  warnings: TranslationWarning[];
}

/**
 * Parses one PubMed or Ovid query line into an AST. Never throws on user input.
 * PubMed reads boolean operators strictly left to right; for Ovid input the parser binds
 * AND/NOT tighter than OR. Either way a mix without parentheses is reported as a warning.
 */
export function parseQuery(text: string, options: ParseQueryOptions): ParseQueryResult {
  const { tokens, errors } = tokenizeQuery(text, {
    bareNumbersAreLines: options.bareNumbersAreLines,
  });
  const warnings: TranslationWarning[] = [];
  if (errors.length > 0) return { ast: null, errors, warnings };
  if (tokens.length === 0) {
    return {
      ast: null,
      errors: [{ code: 'empty-query', message: 'The query is empty.', offset: 0 }],
      warnings,
    };
  }
  const parser = new QueryParser(text, tokens, options.syntax, errors, warnings);
  const ast = parser.parseAll();
  if (ast === null || errors.length > 0) return { ast: null, errors, warnings };
  liftProximityFields(ast, text, warnings);
  return { ast, errors, warnings };
}

const join = (a: Span, b: Span): Span => ({ start: a.start, end: b.end });

/**
 * Parentheses nested deeper than this are refused: no real strategy comes near it, and a
 * query nested thousands deep would exhaust the stack of every step that walks the tree.
 */
export const MAX_QUERY_DEPTH = 100;

class QueryParser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly syntax: QuerySyntax,
    private readonly errors: QueryError[],
    private readonly warnings: TranslationWarning[],
  ) {}

  parseAll(): QueryNode | null {
    const node = this.parseExpression();
    if (node === null) return null;
    const extra = this.tokens[this.at];
    if (extra) {
      this.fail(
        extra.type === 'rparen' ? 'unbalanced-paren' : 'unexpected-token',
        extra.type === 'rparen'
          ? 'A ")" has no matching "(".'
          : `Unexpected "${this.slice(extra.span)}".`,
        extra.span.start,
      );
      return null;
    }
    return node;
  }

  private parseExpression(): QueryNode | null {
    return this.syntax === 'pubmed' ? this.parseLeftToRight() : this.parseOr();
  }

  /** PubMed: every boolean operator has the same precedence, applied left to right. */
  private parseLeftToRight(): QueryNode | null {
    let left = this.parseProximity();
    const ops = new Set<BooleanOperator>();
    while (left !== null) {
      const op = this.readOperator();
      if (op === undefined) break;
      ops.add(op);
      const right = this.parseProximity();
      if (right === null) return null;
      left = this.combine(op, left, right);
    }
    if (left !== null && ops.has('or') && ops.size > 1) {
      this.warnOrder(left, 'PubMed reads AND, OR and NOT strictly left to right');
    }
    return left;
  }

  /** Ovid input: AND/NOT bind tighter than OR. */
  private parseOr(): QueryNode | null {
    let left = this.parseAnd();
    let mixed = false;
    while (left !== null) {
      const token = this.tokens[this.at];
      if (token?.type !== 'op' || token.op !== 'or') break;
      this.at += 1;
      const right = this.parseAnd();
      if (right === null) return null;
      mixed ||= isUnbracketedAndChain(left, this.text) || isUnbracketedAndChain(right, this.text);
      left = this.combine('or', left, right);
    }
    if (left !== null && mixed) this.warnOrder(left, 'AND and NOT were read before OR');
    return left;
  }

  private parseAnd(): QueryNode | null {
    let left = this.parseProximity();
    while (left !== null) {
      const token = this.tokens[this.at];
      if (token?.type === 'op' && token.op === 'or') break;
      const op = this.readOperator();
      if (op === undefined) break;
      const right = this.parseProximity();
      if (right === null) return null;
      left = this.combine(op, left, right);
    }
    return left;
  }

  /** Reads AND/OR/NOT, or an implicit AND when another operand follows directly. */
  private readOperator(): BooleanOperator | undefined {
    const token = this.tokens[this.at];
    if (token === undefined) return undefined;
    if (token.type === 'op') {
      this.at += 1;
      return token.op;
    }
    if (['word', 'phrase', 'lparen', 'line', 'lines'].includes(token.type)) {
      this.warnings.push({
        code: 'implicit-and',
        message: 'Two terms with no operator between them were combined with AND.',
        fragment: this.slice(token.span),
      });
      return 'and';
    }
    return undefined;
  }

  private combine(op: BooleanOperator, left: QueryNode, right: QueryNode): BooleanNode {
    return { kind: 'bool', op, left, right, span: join(left.span, right.span) };
  }

  private warnOrder(node: QueryNode, how: string): void {
    this.warnings.push({
      code: 'operator-order',
      message: `${how}; add parentheses to make the intended grouping explicit.`,
      fragment: this.slice(node.span),
    });
  }

  private parseProximity(): QueryNode | null {
    let left = this.parsePrimary();
    while (left !== null) {
      const token = this.tokens[this.at];
      if (token?.type !== 'near') break;
      this.at += 1;
      const right = this.parsePrimary();
      if (right === null) return null;
      const near: NearNode = {
        kind: 'near',
        distance: token.distance,
        ordered: token.ordered,
        convention: token.convention,
        left,
        right,
        span: join(left.span, right.span),
      };
      left = near;
    }
    return left;
  }

  private parsePrimary(): QueryNode | null {
    const token = this.tokens[this.at];
    if (token === undefined) {
      const last = this.tokens[this.tokens.length - 1];
      this.fail(
        'missing-operand',
        'The query ends where a term was expected.',
        last?.span.end ?? 0,
      );
      return null;
    }
    let node: QueryNode;
    switch (token.type) {
      case 'lparen': {
        if (this.depth >= MAX_QUERY_DEPTH) {
          this.fail(
            'too-deep',
            `Parentheses are nested more than ${MAX_QUERY_DEPTH} deep here; flatten the query or split it into numbered lines.`,
            token.span.start,
          );
          return null;
        }
        this.at += 1;
        this.depth += 1;
        const inner = this.parseExpression();
        this.depth -= 1;
        if (inner === null) return null;
        const close = this.tokens[this.at];
        if (close?.type !== 'rparen') {
          this.fail('unbalanced-paren', 'A "(" is never closed.', token.span.start);
          return null;
        }
        this.at += 1;
        node = { ...inner, span: join(token.span, close.span) };
        break;
      }
      case 'phrase':
        this.at += 1;
        node = { kind: 'term', text: token.text.trim(), quoted: true, span: token.span };
        break;
      case 'word':
        node = this.parseWordRun();
        break;
      case 'near':
        // An operator word where a term belongs (`N2`, `W5`) is a term.
        this.at += 1;
        node = { kind: 'term', text: this.slice(token.span), quoted: false, span: token.span };
        break;
      case 'line':
        this.at += 1;
        node = { kind: 'line', line: token.line, span: token.span };
        break;
      case 'lines':
        this.at += 1;
        node = { kind: 'lines', op: token.op, lines: token.lines, span: token.span };
        break;
      case 'op':
        this.fail(
          'missing-operand',
          `"${this.slice(token.span)}" has no term before it.`,
          token.span.start,
        );
        return null;
      case 'rparen':
        this.fail(
          'unbalanced-paren',
          'A ")" has no matching "(" or encloses nothing.',
          token.span.start,
        );
        return null;
      case 'tag':
        this.fail(
          'dangling-field',
          `Field "${this.slice(token.span)}" follows no term.`,
          token.span.start,
        );
        return null;
    }
    return this.parseTags(node);
  }

  /** Consecutive words form one term (a phrase); a run ending in `/` is an Ovid heading. */
  private parseWordRun(): QueryNode {
    const words: Extract<Token, { type: 'word' }>[] = [];
    for (let token = this.tokens[this.at]; token?.type === 'word'; token = this.tokens[this.at]) {
      words.push(token);
      this.at += 1;
      if (token.headingEnd !== null) break;
    }
    const first = words[0] as (typeof words)[number];
    const last = words[words.length - 1] as (typeof words)[number];
    const span = join(first.span, last.span);
    const texts = words.map((word) => word.text);
    if (last.headingEnd === null)
      return { kind: 'term', text: texts.join(' '), quoted: false, span };
    const explode = texts.length > 1 && texts[0]?.toLowerCase() === 'exp';
    if (explode) texts.shift();
    const major = texts[0]?.startsWith('*') ?? false;
    if (major) texts[0] = (texts[0] as string).slice(1);
    return {
      kind: 'heading',
      text: texts.join(' ').trim(),
      explode,
      major,
      subheading: false,
      qualifiers: last.headingEnd,
      span,
    };
  }

  private parseTags(node: QueryNode): QueryNode {
    let current = node;
    for (let token = this.tokens[this.at]; token?.type === 'tag'; token = this.tokens[this.at]) {
      this.at += 1;
      const span = join(current.span, token.span);
      if (token.proximity !== null && current.kind === 'term') {
        current = this.phraseToProximity(current, token.proximity, span);
      }
      current = applyTag({ ...current, span } as QueryNode, token.meaning, (message) =>
        this.fail('misplaced-field', message, token.span.start),
      );
    }
    return current;
  }

  /** PubMed `"a b"[tiab:~n]`: the words within n words of each other. */
  private phraseToProximity(term: TermNode, distance: number, span: Span): QueryNode {
    const words = term.text.split(/\s+/).filter((word) => word !== '');
    let node: QueryNode | undefined;
    for (const word of words) {
      const next: TermNode = { kind: 'term', text: word, quoted: false, span: term.span };
      node =
        node === undefined
          ? next
          : {
              kind: 'near',
              distance,
              ordered: false,
              convention: 'intervening',
              left: node,
              right: next,
              span,
            };
    }
    return node ?? term;
  }

  private fail(code: string, message: string, offset: number): void {
    this.errors.push({ code, message, offset });
  }

  private slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }
}

function isUnbracketedAndChain(node: QueryNode, text: string): boolean {
  return node.kind === 'bool' && node.op !== 'or' && text[node.span.start] !== '(';
}

/** Applies a field tag to a node; a tag after a group reaches every term inside it. */
function applyTag(
  node: QueryNode,
  meaning: TagMeaning,
  fail: (message: string) => void,
): QueryNode {
  switch (node.kind) {
    case 'term':
      if (meaning.kind === 'field') return node.field ? node : { ...node, field: meaning.field };
      return {
        kind: 'heading',
        text: node.text,
        explode: meaning.explode,
        major: meaning.major,
        subheading: meaning.subheading,
        qualifiers: [],
        span: node.span,
      };
    case 'heading':
      if (meaning.kind === 'heading') {
        return {
          ...node,
          explode: meaning.explode,
          major: meaning.major,
          subheading: meaning.subheading,
        };
      }
      return node;
    case 'bool':
      return {
        ...node,
        left: applyTag(node.left, meaning, fail),
        right: applyTag(node.right, meaning, fail),
      };
    case 'near':
      if (meaning.kind === 'field') return node.field ? node : { ...node, field: meaning.field };
      fail('A subject-heading tag cannot apply to a proximity search.');
      return node;
    case 'line':
    case 'lines':
      fail('A field tag cannot apply to a line reference.');
      return node;
  }
}

/**
 * Ovid writes `motor adj3 cortex.ti,ab.`, where the suffix qualifies the whole proximity
 * search; every target needs the field on the proximity, not on one operand.
 */
function liftProximityFields(node: QueryNode, text: string, warnings: TranslationWarning[]): void {
  if (node.kind === 'bool') {
    liftProximityFields(node.left, text, warnings);
    liftProximityFields(node.right, text, warnings);
    return;
  }
  if (node.kind !== 'near') return;
  const fields = new Set<SearchField>();
  collectTermFields(node, fields);
  if (node.field === undefined && fields.size === 1) node.field = [...fields][0];
  if (
    fields.size > 1 ||
    (node.field !== undefined && fields.size === 1 && !fields.has(node.field))
  ) {
    warnings.push({
      code: 'proximity-fields',
      message: 'Terms inside one proximity search carry different fields; the outer field is used.',
      fragment: text.slice(node.span.start, node.span.end),
    });
  }
  clearTermFields(node);
}

function collectTermFields(node: QueryNode, into: Set<SearchField>): void {
  if (node.kind === 'term' && node.field) into.add(node.field);
  if (node.kind === 'bool' || node.kind === 'near') {
    collectTermFields(node.left, into);
    collectTermFields(node.right, into);
  }
}

function clearTermFields(node: QueryNode): void {
  if (node.kind === 'term') delete node.field;
  if (node.kind === 'bool' || node.kind === 'near') {
    clearTermFields(node.left);
    clearTermFields(node.right);
  }
}
