// Extraction under load: a 40-field charting form over 1,000 included studies, two extractors
// with every study already charted (80,000 answers, imported as their sheets through the API),
// both saving answers through a real server process on 127.0.0.1 while the lead exports the
// long CSV. Issue 16's targets: one answer saved in p95 < 20 ms on SQLite and PostgreSQL; the
// long CSV exported in < 2 s.
// Run: npx tsx bench/extract-save.ts   (STUDIES, SAVES, ROUNDS, EXPORTS, STORES, BENCH_PG,
// RESULTS_FILE to change the defaults)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRandom } from '#core/ports';
import type { Random } from '#core/ports';
import { formatCell } from '#core/extract/index';
import type { ChartingForm, FormField } from '#core/extract/index';
import { openWorkbench } from '#engine/index';
import { dropPostgres, freshPostgres } from './support/postgres';
import { signUpInvited, startServerProcess } from './support/server';

const STUDIES = Number(process.env.STUDIES ?? 1000);
/** Saves per extractor per round. */
const SAVES = Number(process.env.SAVES ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const EXPORTS = Number(process.env.EXPORTS ?? 5);
const PASSWORD = 'bench password 1';
const postgresBase = process.env.BENCH_PG ?? process.env.DATABASE_URL;
// Two extractors and a lead on one address (127.0.0.1) would share the per-address request
// limit that real users, each on their own address, do not: it is off for the server measured.
process.env.REVIEWBENCH_RATE_LIMIT ??= '0';

/** 40 fields of every kind a charting form has, in four sections. */
function buildForm(): ChartingForm {
  const kinds: ((i: number) => FormField)[] = [
    (i) => ({ id: `text_${i}`, label: `Text ${i}`, type: 'text' }),
    (i) => ({ id: `count_${i}`, label: `Count ${i}`, type: 'integer', min: 0, unit: 'people' }),
    (i) => ({
      id: `choice_${i}`,
      label: `Choice ${i}`,
      type: 'single-choice',
      options: ['Mild', 'Moderate', 'Severe', 'Mixed'],
      other: true,
    }),
    (i) => ({
      id: `many_${i}`,
      label: `Several ${i}`,
      type: 'multiple-choice',
      options: ['TMS / MEP', 'fMRI', 'EEG', 'DTI', 'rTMS', 'tDCS'],
    }),
    (i) => ({ id: `yes_${i}`, label: `Yes or no ${i}`, type: 'boolean' }),
    (i) => ({ id: `notes_${i}`, label: `Notes ${i}`, type: 'long-text' }),
    (i) => ({ id: `dose_${i}`, label: `Dose ${i}`, type: 'decimal', unit: 'mg' }),
    (i) => ({ id: `when_${i}`, label: `Date ${i}`, type: 'date' }),
  ];
  const fields = Array.from({ length: 40 }, (_, i) => kinds[i % kinds.length]!(i + 1));
  return {
    id: 'bench',
    title: 'Bench charting form (40 fields)',
    version: 1,
    sections: [0, 1, 2, 3].map((s) => ({
      id: `section_${s + 1}`,
      title: `Section ${s + 1}`,
      fields: fields.slice(s * 10, s * 10 + 10),
    })),
  };
}

/** A valid answer to `field`, drawn at random. */
function answerFor(field: FormField, random: Random): unknown {
  switch (field.type) {
    case 'text':
      return `value ${random.int(50)}`;
    case 'long-text':
      return `A finding about the contralesional cortex, variant ${random.int(1000)}.`;
    case 'integer':
      return random.int(500);
    case 'decimal':
      return random.int(1000) / 10;
    case 'single-choice':
      return { choice: field.options[random.int(field.options.length)] };
    case 'multiple-choice':
      return { choices: field.options.slice(0, 1 + random.int(3)) };
    case 'boolean':
      return random.int(2) === 1;
    case 'date':
      return `20${10 + random.int(15)}-0${1 + random.int(9)}`;
    default:
      return 'x';
  }
}

function buildRis(count: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1)
    parts.push(
      `TY  - JOUR\nTI  - Contralesional motor cortex and recovery, study ${i}\nAU  - Author, A${i % 97}\nPY  - ${2000 + (i % 25)}\nDO  - 10.5555/extract.${i}\nER  - \n\n`,
    );
  return Buffer.from(parts.join(''));
}

/**
 * Both extractors' sheets: a row per study, a column per field, every cell answered; the second
 * agrees with the first on about 85% of cells, as dual extraction does (charting agreement is
 * usually reported between 80% and 95%).
 */
function buildSheets(form: ChartingForm, studyIds: readonly number[]): [Buffer, Buffer] {
  const random = createRandom(7);
  const fields = form.sections.flatMap((s) => s.fields);
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const header = ['record_id', ...fields.map((f) => f.id)].join(',');
  const first = [header];
  const second = [header];
  for (const id of studyIds) {
    const a = fields.map((f) => answerFor(f, random));
    const b = fields.map((f, i) => (random.next() < 0.85 ? a[i] : answerFor(f, random)));
    for (const [lines, values] of [
      [first, a],
      [second, b],
    ] as const)
      lines.push([String(id), ...values.map((v) => quote(formatCell(v as never)))].join(','));
  }
  return [Buffer.from(first.join('\n')), Buffer.from(second.join('\n'))];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

interface StoreResult {
  store: string;
  answers: number;
  saveP50: number[];
  saveP95: number[];
  saveP99: number[];
  failed: number;
  exportSeconds: number[];
  exportRows: number;
  exportMiB: number;
  setupSeconds: number;
}

async function runOn(name: string, url: string): Promise<StoreResult> {
  const setupStarted = Date.now();
  const form = buildForm();
  const workbench = await openWorkbench({ url, actor: 'bench' });
  const review = await workbench.createReview({ title: 'Extraction load', type: 'scoping' });
  const api = workbench.review(review.id);
  await api.identify.import({ fileName: 'bench.ris', bytes: buildRis(STUDIES), source: 'PubMed' });
  await api.screen.addReviewer('screener', 'lead');
  await api.screen.configure({ reviewersPerRecord: 1 });
  const ids = (await api.records({ limit: STUDIES })).map((r) => r.id);
  for (const stage of ['ti-ab', 'full-text'])
    for (const recordId of ids)
      await api.screen.decide({ recordId, stage, reviewer: 'screener', decision: 'include' });
  await api.extract.importForm(form);
  await api.extract.publishForm();
  const people = ['lead', 'ana', 'ben'].map((n) => `${n}@bench.example`);
  const tokens: string[] = [];
  for (const [i, email] of people.entries())
    tokens.push((await api.team.invite({ role: i === 0 ? 'lead' : 'reviewer', email })).token);
  await workbench.close();

  const { origin, child } = await startServerProcess([
    '--import',
    'tsx',
    'src/cli/main.ts',
    '--db',
    url,
    'serve',
    '--port',
    '0',
  ]);
  try {
    const cookies: string[] = [];
    for (const [i, email] of people.entries())
      cookies.push(await signUpInvited(origin, { email, password: PASSWORD }, tokens[i]!));
    const [lead, ana, ben] = cookies as [string, string, string];
    // Both extractors' charting as sheets, imported by the lead (studies left open: they go on
    // editing).
    const sheets = buildSheets(form, ids);
    for (const [i, email] of people.slice(1).entries()) {
      const body = new FormData();
      body.append('reviewId', String(review.id));
      body.append('extractor', email);
      body.append('finish', 'false');
      body.append('file', new Blob([new Uint8Array(sheets[i]!)]), `${email}.csv`);
      const response = await fetch(`${origin}/api/extract.importSheet`, {
        method: 'POST',
        headers: { origin, cookie: lead },
        body,
      });
      if (!response.ok) throw new Error(`import ${response.status} ${await response.text()}`);
    }
    const setupSeconds = (Date.now() - setupStarted) / 1000;
    const fields = form.sections.flatMap((s) => s.fields);
    let failed = 0;
    const saveP50: number[] = [];
    const saveP95: number[] = [];
    const saveP99: number[] = [];
    const loop = async (cookie: string, seed: number, out: number[]): Promise<void> => {
      const random = createRandom(seed);
      for (let n = 0; n < SAVES; n += 1) {
        const field = fields[random.int(fields.length)]!;
        const started = performance.now();
        const response = await fetch(`${origin}/api/extract.answer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, cookie },
          body: JSON.stringify({
            reviewId: review.id,
            recordId: ids[random.int(ids.length)],
            fieldId: field.id,
            value: answerFor(field, random),
          }),
        });
        await response.arrayBuffer();
        out.push(performance.now() - started);
        if (!response.ok) failed += 1;
      }
    };
    // A warm-up save builds the server's per-review caches before the clock starts.
    await loop(ana, 1, []);
    for (let round = 0; round < ROUNDS; round += 1) {
      const latencies: number[] = [];
      await Promise.all([loop(ana, 100 + round, latencies), loop(ben, 200 + round, latencies)]);
      latencies.sort((a, b) => a - b);
      saveP50.push(percentile(latencies, 50));
      saveP95.push(percentile(latencies, 95));
      saveP99.push(percentile(latencies, 99));
    }
    // Charting done: both finish every study, so each closes and its agreed slots join the
    // export as consensus rows (the long CSV as it is at the end of charting).
    const finish = async (cookie: string): Promise<void> => {
      for (const recordId of ids) {
        const response = await fetch(`${origin}/api/extract.finish`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, cookie },
          body: JSON.stringify({ reviewId: review.id, recordId }),
        });
        if (!response.ok) throw new Error(`finish ${response.status} ${await response.text()}`);
      }
    };
    await Promise.all([finish(ana), finish(ben)]);
    const exportSeconds: number[] = [];
    let exportRows = 0;
    let exportBytes = 0;
    for (let n = 0; n < EXPORTS; n += 1) {
      const started = performance.now();
      const response = await fetch(
        `${origin}/api/extract.export?reviewId=${review.id}&shape=long&format=csv`,
        { headers: { origin, cookie: lead } },
      );
      const text = await response.text();
      exportSeconds.push((performance.now() - started) / 1000);
      if (!response.ok) throw new Error(`export ${response.status} ${text.slice(0, 200)}`);
      exportRows = text.split('\n').length - 2;
      exportBytes = Buffer.byteLength(text);
    }
    return {
      store: name,
      answers: STUDIES * fields.length * 2,
      saveP50,
      saveP95,
      saveP99,
      failed,
      exportSeconds,
      exportRows,
      exportMiB: exportBytes / 2 ** 20,
      setupSeconds,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const range = (values: readonly number[], digits: number, unit: string): string =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}) ${unit}`;

async function main(): Promise<void> {
  const stores = (process.env.STORES ?? 'sqlite,postgres').split(',');
  const results: StoreResult[] = [];
  if (stores.includes('sqlite')) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rb-extract-bench-'));
    try {
      results.push(await runOn('SQLite', path.join(dir, 'bench.db')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (stores.includes('postgres') && postgresBase) {
    const url = await freshPostgres(postgresBase, 'rb_extract_bench');
    try {
      results.push(await runOn('PostgreSQL', url));
    } finally {
      await dropPostgres(postgresBase, 'rb_extract_bench');
    }
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '## Extract: saving answers and exporting the charted data',
    '',
    `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
    `Input: a 40-field form (8 field types) over ${STUDIES.toLocaleString('en')} included studies, two extractors with every study charted (imported as their sheets through the API; they agree on about 85% of cells); both save random answers to random studies (${SAVES} each per round, ${ROUNDS} rounds, back to back, through \`extract.answer\` on a \`reviewbench serve\` process on 127.0.0.1) while nothing else runs; then both finish every study (each closes; the slots they agree on become consensus rows) and the lead downloads the long CSV ${EXPORTS} times (\`extract.export\`). Median of the rounds (range).`,
    '',
    '| store | answers stored | save p50 | save p95 | save p99 | failed saves | long CSV export | rows | size | setup |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.store} | ${r.answers.toLocaleString('en')} | ${range(r.saveP50, 1, 'ms')} | ${range(r.saveP95, 1, 'ms')} | ${range(r.saveP99, 1, 'ms')} | ${r.failed} | ${range(r.exportSeconds, 2, 's')} | ${r.exportRows.toLocaleString('en')} | ${r.exportMiB.toFixed(1)} MiB | ${r.setupSeconds.toFixed(0)} s |`,
    ),
    '',
    'Targets (issue 16): save p95 < 20 ms on both stores; long CSV < 2 s. No peer runs here: Covidence and DistillerSR are hosted services, SRDR+ needs its Rails stack and a MySQL database, and none of them exports or saves on a local machine to be timed side by side.',
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(text);
  writeFileSync(process.env.RESULTS_FILE ?? 'bench/RESULTS-extract.md', text);
}

await main();
