// Regenerates the demo-strategy tables in docs/search-translation.md from the translators,
// so the document cannot drift from the code. Run: npx tsx scripts/translation-table.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { DEMO_STRATEGY_OVID } from '#core/identify/demo-strategy';
import { getTranslator, listTranslators, translateStrategy } from '#core/identify/index';

const START = '<!-- translation-table:start -->';
const END = '<!-- translation-table:end -->';
const docPath = new URL('../docs/search-translation.md', import.meta.url);

const cell = (text: string): string => `\`${text.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;

function renderTables(): string {
  const out: string[] = [
    'Source: `DEMO_STRATEGY_OVID` in `src/core/identify/demo-strategy.ts` (Ovid MEDLINE syntax).',
    '',
  ];
  for (const dialect of listTranslators()) {
    const result = translateStrategy(DEMO_STRATEGY_OVID, { from: 'ovid', to: dialect.id });
    const counts = new Map<string, number>();
    for (const warning of result.warnings)
      counts.set(warning.code, (counts.get(warning.code) ?? 0) + 1);
    out.push(`### ${getTranslator(dialect.id).label} (\`${dialect.id}\`)`, '');
    out.push('| # | Source | Translation |', '|---|---|---|');
    for (const line of result.lines) {
      out.push(`| ${line.number} | ${cell(line.source)} | ${cell(line.query)} |`);
    }
    const summary = [...counts].map(([code, count]) => `\`${code}\` ×${count}`).join(', ');
    out.push(
      '',
      `Warnings: ${summary === '' ? 'none' : summary}. Combined query: ${result.combined.length} characters.`,
      '',
    );
  }
  return out.join('\n');
}

/** The README's compact view: the lines where databases differ most, one row per database. */
function renderReadmeTable(): string {
  const shown = [1, 10, 14];
  const out = [
    `| Database | ${shown.map((n) => cell(DEMO_STRATEGY_OVID[n - 1]!.replace(/^\d+\.\s*/, ''))).join(' | ')} | Warnings |`,
    `|---|${shown.map(() => '---').join('|')}|---|`,
  ];
  for (const dialect of listTranslators()) {
    const result = translateStrategy(DEMO_STRATEGY_OVID, { from: 'ovid', to: dialect.id });
    const byNumber = new Map(result.lines.map((line) => [line.number, line.query]));
    out.push(
      `| ${getTranslator(dialect.id).label} | ${shown.map((n) => cell(byNumber.get(n) ?? '')).join(' | ')} | ${result.warnings.length} |`,
    );
  }
  return out.join('\n');
}

async function replaceBetween(url: URL, start: string, end: string, body: string): Promise<void> {
  const text = readFileSync(url, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${fileURLToPath(url)} lacks the ${start} / ${end} markers`);
  const next = `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
  const filepath = fileURLToPath(url);
  const options = (await resolveConfig(filepath)) ?? {};
  writeFileSync(url, await format(next, { ...options, filepath }));
}

await replaceBetween(
  new URL('../README.md', import.meta.url),
  '<!-- readme-translation:start -->',
  '<!-- readme-translation:end -->',
  renderReadmeTable(),
);

const doc = readFileSync(docPath, 'utf8');
const start = doc.indexOf(START);
const end = doc.indexOf(END);
if (start < 0 || end < start)
  throw new Error(`docs/search-translation.md lacks the ${START} / ${END} markers`);
const next = `${doc.slice(0, start + START.length)}\n${renderTables()}\n${doc.slice(end)}`;
// Formatted like `npm run format` would, so `format:check` passes right after regenerating.
const filepath = fileURLToPath(docPath);
const options = (await resolveConfig(filepath)) ?? {};
writeFileSync(docPath, await format(next, { ...options, filepath }));
console.log(`Wrote ${listTranslators().length} tables to docs/search-translation.md`);
