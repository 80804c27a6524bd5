import type { HeadingNode, NearNode, QueryNode, SearchField, Span, TermNode } from './ast';
import type { Dialect, RenderContext, WildcardKind } from './dialect';

/** A rendered piece; `compound` pieces need parentheses inside another operator. */
interface Rendered {
  text: string;
  compound: boolean;
}

export interface RenderOptions {
  /** Supplies earlier strategy lines for targets that cannot reference them by number. */
  resolveLine?: (line: number) => QueryNode | undefined;
}

/** Renders an AST in a dialect, reporting every inexact part through `ctx.warn`. */
export function renderQuery(
  ast: QueryNode,
  dialect: Dialect,
  ctx: RenderContext,
  options: RenderOptions = {},
): string {
  const renderer = new Renderer(dialect, ctx, options);
  const text = renderer.render(ast).text;
  return dialect.finish ? dialect.finish(text, ctx) : text;
}

const WILDCARD = /\$(\d+)|\$|\*|\?|#/g;

class Renderer {
  private readonly fields;

  constructor(
    private readonly dialect: Dialect,
    private readonly ctx: RenderContext,
    private readonly options: RenderOptions,
  ) {
    this.fields = dialect.fields(ctx);
  }

  render(node: QueryNode): Rendered {
    switch (node.kind) {
      case 'term':
        return this.renderTerm(node);
      case 'heading':
        return { text: this.renderHeading(node), compound: false };
      case 'bool':
        return this.renderBool(node);
      case 'near':
        return this.renderNear(node);
      case 'line':
        return this.renderLine(node.line, node.span);
      case 'lines':
        return this.renderLines(node.op, node.lines, node.span);
    }
  }

  private renderTerm(node: TermNode): Rendered {
    const text = this.convertWildcards(node.text, node.span);
    const spaced = /\s/.test(node.text);
    const quoted = node.quoted || (spaced && !this.dialect.keepsUnquotedPhrases);
    let rendered: Rendered = { text: quoted ? this.dialect.quote(text) : text, compound: false };
    if (this.dialect.id === 'cochrane' && spaced && text !== node.text.replace(WILDCARD, '')) {
      // Cochrane ignores wildcards inside quotes, so a truncated phrase becomes NEXT-joined words.
      const words = text.split(/\s+/);
      if (words.some((word) => /[*?]/.test(word))) {
        rendered = { text: words.join(' NEXT '), compound: true };
      }
    }
    if (node.field === undefined) return rendered;
    return {
      text: this.applyField(rendered.text, node.field, rendered.compound, node.span),
      compound: false,
    };
  }

  private convertWildcards(text: string, span: Span): string {
    return text.replace(WILDCARD, (match: string, digits: string | undefined) => {
      const kind: WildcardKind =
        match === '*'
          ? 'star'
          : match === '?'
            ? 'question'
            : match === '#'
              ? 'hash'
              : digits === undefined
                ? 'dollar'
                : digits === '1'
                  ? 'dollar1'
                  : 'dollarN';
      const rule = this.dialect.wildcards[kind];
      if (rule.warn) this.ctx.warn('wildcard', `${match}: ${rule.warn}`, span);
      return rule.out.replace('N', digits ?? '');
    });
  }

  private applyField(inner: string, field: SearchField, compound: boolean, span: Span): string {
    const rule = this.fields[field];
    if (rule.warn) this.ctx.warn('inexact-field', rule.warn, span);
    const checked = rule.check?.(inner);
    if (checked) this.ctx.warn('inexact-field', checked, span);
    return rule.render(inner, compound);
  }

  private renderHeading(node: HeadingNode): string {
    const { thesaurus, label } = this.dialect;
    if (thesaurus === 'emtree' || thesaurus === 'cinahl-headings') {
      const vocabulary = thesaurus === 'emtree' ? 'an Emtree' : 'a CINAHL Subject Headings';
      this.ctx.warn(
        'check-heading',
        `MeSH heading "${node.text}" was carried over unchanged as ${vocabulary} heading: check the preferred term and its tree in ${label}.`,
        node.span,
      );
    }
    if (node.qualifiers.length > 0 && !this.dialect.id.startsWith('ovid')) {
      this.ctx.warn(
        'qualifier-dropped',
        `Subheading qualifier /${node.qualifiers.join(',')} was dropped: add it by hand in ${label}.`,
        node.span,
      );
    }
    return this.dialect.heading(node, this.ctx);
  }

  private renderBool(node: Extract<QueryNode, { kind: 'bool' }>): Rendered {
    const operands = flattenChain(node);
    const parts = operands.map((operand, index) => {
      const rendered = this.render(operand);
      const sameChain = operand.kind === 'bool' && operand.op === node.op && index === 0;
      return rendered.compound && !sameChain ? `(${rendered.text})` : rendered.text;
    });
    if (node.op === 'not' && this.dialect.not) {
      let text = parts[0] as string;
      for (let i = 1; i < parts.length; i += 1) {
        text = this.dialect.not(text, parts[i] as string, operands[i] as QueryNode, this.ctx);
      }
      return { text, compound: true };
    }
    const op = this.dialect.operators[node.op];
    return { text: parts.join(op === '' ? ' ' : ` ${op} `), compound: true };
  }

  private renderNear(node: NearNode): Rendered {
    const op = this.dialect.near(node.distance, node.ordered);
    if (op === null) {
      const kind = node.distance === null ? 'adjacency' : `proximity (within ${node.distance})`;
      this.ctx.warn(
        'no-proximity',
        `${this.dialect.label} has no proximity operator: the ${kind} search became AND, which finds more.${this.dialect.proximityHint ? ` ${this.dialect.proximityHint}` : ''}`,
        node.span,
      );
      const left = pushField(node.left, node.field);
      const right = pushField(node.right, node.field);
      return this.renderBool({ kind: 'bool', op: 'and', left, right, span: node.span });
    }
    this.warnProximityOffset(node);
    const side = (child: QueryNode): string => {
      const rendered = this.render(child);
      return rendered.compound ? `(${rendered.text})` : rendered.text;
    };
    const inner = `${side(node.left)} ${op} ${side(node.right)}`;
    if (node.field === undefined) return { text: inner, compound: true };
    return { text: this.applyField(inner, node.field, true, node.span), compound: false };
  }

  private warnProximityOffset(node: NearNode): void {
    const target = this.dialect.proximityConvention;
    if (node.distance === null || target === 'none' || target === node.convention) return;
    const n = node.distance;
    const [from, to, suggested] =
      node.convention === 'ovid-adj'
        ? [
            `Ovid ADJ${n} allows ${n - 1} words between`,
            `here ${n} allows ${n}`,
            Math.max(n - 1, 0),
          ]
        : [`NEAR/${n} allows ${n} words between`, `Ovid ADJ${n} allows only ${n - 1}`, n + 1];
    this.ctx.warn(
      'proximity-offset',
      `${from}, ${to}: the distance was kept as ${n}; use ${suggested} for the same reach.`,
      node.span,
    );
  }

  private renderLine(line: number, span: Span): Rendered {
    const ref = this.dialect.line(line);
    if (ref !== null) return { text: ref, compound: false };
    const resolved = this.options.resolveLine?.(line);
    if (resolved) {
      const rendered = this.render(resolved);
      return rendered;
    }
    this.ctx.warn(
      'no-line-refs',
      `${this.dialect.label} cannot combine earlier searches by number: line ${line} was left as #${line}.`,
      span,
    );
    return { text: `#${line}`, compound: false };
  }

  private renderLines(op: 'and' | 'or', lines: number[], span: Span): Rendered {
    if (this.dialect.lineList) return { text: this.dialect.lineList(op, lines), compound: false };
    const parts = lines.map((line) => {
      const rendered = this.renderLine(line, span);
      return rendered.compound && lines.length > 1 ? `(${rendered.text})` : rendered.text;
    });
    const joiner = this.dialect.operators[op];
    return { text: parts.join(joiner === '' ? ' ' : ` ${joiner} `), compound: lines.length > 1 };
  }
}

/** `a AND b AND c` as one list; NOT chains only on the left (it is not associative). */
function flattenChain(node: Extract<QueryNode, { kind: 'bool' }>): QueryNode[] {
  const left =
    node.left.kind === 'bool' && node.left.op === node.op ? flattenChain(node.left) : [node.left];
  const right =
    node.op !== 'not' && node.right.kind === 'bool' && node.right.op === node.op
      ? flattenChain(node.right)
      : [node.right];
  return [...left, ...right];
}

/** Copies a subtree with `field` given to every term (and proximity) that has none. */
export function pushField(node: QueryNode, field: SearchField | undefined): QueryNode {
  if (field === undefined) return node;
  switch (node.kind) {
    case 'term':
    case 'near':
      return node.field ? node : { ...node, field };
    case 'bool':
      return { ...node, left: pushField(node.left, field), right: pushField(node.right, field) };
    default:
      return node;
  }
}
