/**
 * The reproducibility bundle: one zip holding a review whole, so another team can check it and
 * rebuild it. `manifest.json` names every file with its sha256 and size, the ReviewBench and
 * Node versions and the schema it was written from; `data/<table>.jsonl` holds the review's
 * rows of every table (protocol and amendments, search log, records, decisions with who and
 * when, model rankings, forms, charting, appraisals, events); `fulltexts/` the PDFs; `raw/`
 * each import's records as read; and readable derivatives (protocol, search log, checklist,
 * the figures). Data files are written the same from SQLite and PostgreSQL, so a bundle
 * imported into either and exported again has identical data files.
 */
import { createRequire } from 'node:module';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { DomainError } from '#core/errors';
import { renderSceneSvg } from '#core/appraise/index';
import { blobStoreFor, sha256Of } from '#store/index';
import type { EngineContext } from '#engine/context';
import { readProtocol } from '#engine/protocol';
import { searchLog } from '#engine/identify/search-log';
import { appraisalPlot, appraisalTables } from '#engine/appraise/assessments';
import { reviewChecklist } from '#engine/report/checklist';
import { computeReviewPrismaCounts } from '#engine/report/prisma';
import { renderPrismaSvg } from '#core/report/index';
import { currentForm } from '#engine/extract/forms';
import { synthesisInput } from '#engine/synthesise/input';
import { chartSpec, chartSvg } from '#engine/synthesise/charts';
import { resolveReportOptions } from '#engine/report/manuscript';

const require = createRequire(import.meta.url);

export const BUNDLE_FORMAT = 'reviewbench-bundle';
export const BUNDLE_VERSION = 1;

/**
 * The review's tables in the order rows can be inserted (every reference to an earlier one).
 * Invitations stay out: their tokens are secrets of the team that made them.
 */
export const BUNDLE_TABLES = [
  'reviews',
  'reviewers',
  'protocol_versions',
  'batches',
  'records',
  'events',
  'dedup_runs',
  'dedup_pairs',
  'dedup_decisions',
  'screen_rankings',
  'screen_decisions',
  'record_notes',
  'retrieval',
  'retrieval_lookups',
  'report_links',
  'full_texts',
  'extract_forms',
  'extract_answers',
  'extract_progress',
  'extract_retired',
  'appraise_assignments',
  'appraise_judgements',
  'appraise_progress',
] as const;

type Row = Record<string, unknown>;
type AnyDb = Kysely<Record<string, Row>>;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: number;
  createdAt: string;
  reviewbench: string;
  node: string;
  schema: string;
  review: { id: number; title: string; type: string };
  tables: Record<string, number>;
  files: { path: string; sha256: string; bytes: number }[];
}

/**
 * A value as the bundle writes it, the same whichever store it came from: numbers that are
 * not whole to 6 significant digits (PostgreSQL keeps `real` in 4 bytes, SQLite in 8), dates
 * as ISO text.
 */
function portable(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isInteger(value)) return Number(value.toPrecision(6));
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

const sortedRow = (row: Row): Row =>
  Object.fromEntries(
    Object.keys(row)
      .sort()
      .map((key) => [key, portable(row[key])]),
  );

const encode = (text: string) => strToU8(text);

function packageVersion(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The rows of one table that belong to the review, by id. */
async function tableRows(db: AnyDb, table: string, reviewId: number): Promise<Row[]> {
  const rows = await db
    .selectFrom(table)
    .selectAll()
    .where(table === 'reviews' ? 'id' : 'review_id', '=', reviewId)
    .orderBy('id')
    .execute();
  return rows.map(sortedRow);
}

/** The review as a bundle (zip bytes) and its manifest. */
export async function exportBundle(
  context: EngineContext,
  reviewId: number,
): Promise<{ bytes: Uint8Array; manifest: BundleManifest }> {
  const db = context.store.db as unknown as AnyDb;
  const files: Record<string, Uint8Array> = {};
  const tables: Record<string, number> = {};
  const data: Partial<Record<(typeof BUNDLE_TABLES)[number], Row[]>> = {};
  for (const table of BUNDLE_TABLES) {
    const rows = await tableRows(db, table, reviewId);
    data[table] = rows;
    tables[table] = rows.length;
    files[`data/${table}.jsonl`] = encode(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }
  const review = data.reviews?.[0];
  if (!review) throw new DomainError('review/not-found', `No review with id ${reviewId}.`);

  // Full texts and the text of their pages.
  const shas = [...new Set((data.full_texts ?? []).map((r) => String(r.sha256)))].sort();
  const blobs = blobStoreFor(context.store, context.filesFolder);
  for (const sha of shas) {
    const bytes = await blobs.get(sha);
    if (bytes) files[`fulltexts/${sha}.pdf`] = bytes;
  }
  const pages = shas.length
    ? (
        await db
          .selectFrom('pdf_pages')
          .selectAll()
          .where('sha256', 'in', shas)
          .orderBy('sha256')
          .orderBy('page')
          .execute()
      ).map(sortedRow)
    : [];
  tables.pdf_pages = pages.length;
  files['data/pdf_pages.jsonl'] = encode(pages.map((r) => `${JSON.stringify(r)}\n`).join(''));

  // Each import's records exactly as read, in file order.
  for (const batch of data.batches ?? []) {
    const raw = (data.records ?? [])
      .filter((r) => r.batch_id === batch.id)
      .sort((a, b) => Number(a.ordinal) - Number(b.ordinal))
      .map((r) => String(r.raw ?? ''))
      .join('\n');
    const name = String(batch.file_name).replace(/[^\w.-]+/g, '_');
    files[`raw/${String(batch.id)}-${name}`] = encode(raw);
  }

  // Readable derivatives.
  const json = (value: unknown) => encode(`${JSON.stringify(value, null, 2)}\n`);
  files['protocol.json'] = json(await readProtocol(context, reviewId));
  files['search-log.json'] = json(await searchLog(context, reviewId));
  const prisma = await computeReviewPrismaCounts(context, reviewId);
  const scoping = review.type === 'scoping';
  files['checklist.json'] = json(
    await reviewChecklist(context, reviewId, scoping ? 'prisma-scr' : 'prisma-2020'),
  );
  files['figures/prisma.svg'] = encode(
    renderPrismaSvg(prisma.counts, { reviewType: scoping ? 'scoping' : 'systematic' }),
  );
  if (await currentForm(context, reviewId)) {
    const input = await synthesisInput(context, reviewId);
    const chosen = resolveReportOptions(input.form, {});
    if (input.studies.length) {
      files['figures/timeline.svg'] = encode(
        await chartSvg(chartSpec(input, { kind: 'timeline' })),
      );
      if (chosen.map)
        files['figures/evidence-map.svg'] = encode(
          await chartSvg(chartSpec(input, { kind: 'map', ...chosen.map })),
        );
    }
  }
  for (const { tool, rows } of await appraisalTables(context, reviewId)) {
    if (rows.length === 0) continue;
    for (const type of ['traffic', 'summary'] as const)
      files[`figures/rob-${tool.id}-${type}.svg`] = encode(
        renderSceneSvg(await appraisalPlot(context, reviewId, { toolId: tool.id, type })),
      );
  }

  const migrations = await db
    .selectFrom('kysely_migration')
    .select('name')
    .orderBy('name', 'desc')
    .limit(1)
    .execute();
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: context.clock.now().toISOString(),
    reviewbench: packageVersion(),
    node: process.version,
    schema: String(migrations[0]?.name ?? ''),
    review: { id: reviewId, title: String(review.title), type: String(review.type) },
    tables,
    files: Object.keys(files)
      .sort()
      .map((path) => ({ path, sha256: sha256Of(files[path]!), bytes: files[path]!.length })),
  };
  files['manifest.json'] = json(manifest);
  const fixed = new Date(Date.UTC(2020, 0, 1));
  return {
    bytes: zipSync(
      Object.fromEntries(
        Object.entries(files).map(([path, bytes]) => [path, [bytes, { mtime: fixed }]]),
      ),
      { level: 6 },
    ),
    manifest,
  };
}

/** The bundle's files, checked against its manifest: any difference refuses it, naming the file. */
export function verifyBundle(
  bytes: Uint8Array,
  fileName = 'bundle',
): { manifest: BundleManifest; files: Record<string, Uint8Array> } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new DomainError('bundle/malformed', `${fileName}: not a zip file.`);
  }
  const manifestBytes = files['manifest.json'];
  if (!manifestBytes)
    throw new DomainError(
      'bundle/malformed',
      `${fileName}: no manifest.json: not a ReviewBench bundle.`,
    );
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(strFromU8(manifestBytes)) as BundleManifest;
  } catch {
    throw new DomainError('bundle/malformed', `${fileName}: manifest.json is not JSON.`);
  }
  if (manifest.format !== BUNDLE_FORMAT || manifest.version !== BUNDLE_VERSION)
    throw new DomainError(
      'bundle/malformed',
      `${fileName}: a ${String(manifest.format)} version ${String(manifest.version)} bundle; this ReviewBench reads ${BUNDLE_FORMAT} version ${BUNDLE_VERSION}.`,
    );
  const problems: string[] = [];
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    listed.add(entry.path);
    const file = files[entry.path];
    if (!file) problems.push(`${entry.path} is missing`);
    else {
      const actual = sha256Of(file);
      if (actual !== entry.sha256)
        problems.push(
          `${entry.path}: sha256 ${actual.slice(0, 12)}… does not match the manifest's ${entry.sha256.slice(0, 12)}…`,
        );
    }
  }
  for (const path of Object.keys(files))
    if (path !== 'manifest.json' && !listed.has(path) && !path.endsWith('/'))
      problems.push(`${path} is not in the manifest`);
  if (problems.length)
    throw new DomainError(
      'bundle/tampered',
      `${fileName}: the bundle does not match its manifest: ${problems.join('; ')}.`,
    );
  return { manifest, files };
}

const readJsonl = (bytes: Uint8Array | undefined): Row[] =>
  bytes
    ? strFromU8(bytes)
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Row)
    : [];

/**
 * Rebuilds the bundle's review in this database, rows with their ids, in one transaction:
 * verified first, refused whole when the database already holds any of its ids (import into a
 * fresh database, or one the review was never in).
 */
export async function importBundle(
  context: EngineContext,
  bytes: Uint8Array,
  fileName = 'bundle',
): Promise<{ reviewId: number; title: string; rows: number }> {
  const { manifest, files } = verifyBundle(bytes, fileName);
  const db = context.store.db as unknown as AnyDb;
  const data = BUNDLE_TABLES.map((table) => ({
    table,
    rows: readJsonl(files[`data/${table}.jsonl`]),
  }));
  for (const { table, rows } of data) {
    const ids = rows.map((r) => Number(r.id));
    for (let i = 0; i < ids.length; i += 500) {
      const clash = await db
        .selectFrom(table)
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .limit(1)
        .execute();
      if (clash.length)
        throw new DomainError(
          'bundle/not-empty',
          `${fileName}: this database already has ${table} row ${String(clash[0]!.id)}: import the bundle into a fresh database (or one it was never imported into).`,
        );
    }
  }
  const blobs = blobStoreFor(context.store, context.filesFolder);
  for (const [path, file] of Object.entries(files))
    if (path.startsWith('fulltexts/')) await blobs.put(file);
  const pages = readJsonl(files['data/pdf_pages.jsonl']);
  let count = 0;
  await db.transaction().execute(async (trx) => {
    for (const { table, rows } of data)
      for (let i = 0; i < rows.length; i += 200) {
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + 200))
          .execute();
        count += Math.min(200, rows.length - i);
      }
    for (const page of pages) {
      const have = await trx
        .selectFrom('pdf_pages')
        .select('page')
        .where('sha256', '=', String(page.sha256))
        .where('page', '=', Number(page.page))
        .execute();
      if (have.length === 0) await trx.insertInto('pdf_pages').values(page).execute();
    }
    if (context.store.dialect === 'postgres')
      for (const { table, rows } of data)
        if (rows.length)
          await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select max(id) from ${sql.table(table)}))`.execute(
            trx,
          );
  });
  return { reviewId: manifest.review.id, title: manifest.review.title, rows: count };
}
