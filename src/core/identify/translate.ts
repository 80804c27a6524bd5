import type { QueryError, QuerySyntax, Span, TranslationWarning } from './ast';
import type { DatabaseId, RenderContext } from './dialect';
import { getTranslator } from './dialects/registry';
import { parseQuery } from './parse';
import { renderQuery } from './render';

export interface TranslateOptions {
  /** Syntax of the input (PubMed tags or Ovid suffixes; mixed input is read either way). */
  from: QuerySyntax;
  to: DatabaseId;
  /**
   * Polyglot's older test expectation for PubMed `[tiab]`: Ovid `.tw.`, Embase `:ti,ab`.
   * Default false: `.ti,ab,kf.` / `.ti,ab,kw` (see docs/search-translation.md).
   */
  legacyTiab?: boolean;
}

/** A translated query; `query` is empty whenever `errors` is not. */
export interface TranslateResult {
  query: string;
  warnings: TranslationWarning[];
  errors: QueryError[];
}

/** Translates one query line. Unknown `to` ids throw `unknown-name`; bad queries return errors. */
export function translateQuery(query: string, options: TranslateOptions): TranslateResult {
  const dialect = getTranslator(options.to);
  const parsed = parseQuery(query, { syntax: options.from });
  if (parsed.ast === null) return { query: '', warnings: parsed.warnings, errors: parsed.errors };
  const { ctx, warnings } = createRenderContext(query, options);
  const text = renderQuery(parsed.ast, dialect, ctx);
  return { query: text, warnings: dedupeWarnings([...parsed.warnings, ...warnings]), errors: [] };
}

/** A render context that collects warnings with their source fragments. */
export function createRenderContext(
  source: string,
  options: Pick<TranslateOptions, 'legacyTiab'>,
  line?: number,
): { ctx: RenderContext; warnings: TranslationWarning[] } {
  const warnings: TranslationWarning[] = [];
  const ctx: RenderContext = {
    source,
    options: { legacyTiab: options.legacyTiab ?? false },
    warn: (code: string, message: string, span: Span) => {
      const warning: TranslationWarning = {
        code,
        message,
        fragment: source.slice(span.start, span.end),
      };
      if (line !== undefined) warning.line = line;
      warnings.push(warning);
    },
  };
  return { ctx, warnings };
}

/** Drops repeated warnings (same code, line, fragment and message). */
export function dedupeWarnings(warnings: TranslationWarning[]): TranslationWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.code}\u0000${warning.line ?? ''}\u0000${warning.fragment}\u0000${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
