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
