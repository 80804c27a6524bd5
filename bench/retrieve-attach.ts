// Attaching a folder of full-text PDFs (issue 15): the seven open-access articles of
// ../shared/data/full-texts, repeated to PDFS files (default 1,000), each copy given its own
// identifier in its document information (an incremental update, so every copy is a distinct
// file with a distinct DOI to match), attached to a review of as many reports sought.
//  - CLI: `reviewbench retrieve attach-dir DIR --json`, whole process, RUNS runs.
//  - Peer: pypdf's text extraction of the same files in one Python process (extraction only:
//    no matching, no storage), when PEER_PYTHONPATH names a folder holding pypdf.
//  - Server: the same files uploaded to `retrieve.attachMany` in batches of 50 while another
//    member lists records every 100 ms; that member's latency while the PDFs are read.
// Run: npm run build && npx tsx bench/retrieve-attach.ts (RESULTS_FILE=... to write elsewhere).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench } from '#engine/index';
import { readPdfText } from '#engine/retrieve/pdf';
import { signUpInvited, startServerProcess } from './support/server';

const COUNT = Number(process.env.PDFS ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);
const SOURCE = path.resolve('../shared/data/full-texts');
const CLI = path.resolve('dist/cli.mjs');
const PASSWORD = 'bench-password-long-enough';

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/**
 * The PDF with an incremental update that gives it a new document information dictionary
 * (`/Subject (doi:10.5555/bench.N)`): a valid PDF, distinct bytes, its own identifier.
 */
function withIdentifier(bytes: Uint8Array, n: number): Uint8Array {
  const text = latin1(bytes);
  const startxref = [...text.matchAll(/startxref\s+(\d+)/g)].at(-1)?.[1];
  const root = [...text.matchAll(/\/Root\s+(\d+\s+\d+)\s+R/g)].at(-1)?.[1];
  const size = Math.max(...[...text.matchAll(/\/Size\s+(\d+)/g)].map((m) => Number(m[1])));
  if (!startxref || !root || !Number.isFinite(size)) throw new Error('no trailer to update');
  const object = size;
  const head = `\n${object} 0 obj\n<< /Subject (doi:10.5555/bench.${n}) /Title (Bench report ${n}) >>\nendobj\n`;
  const objectAt = bytes.length + 1;
  const xrefAt = bytes.length + head.length;
  const tail = `xref\n0 1\n0000000000 65535 f \n${object} 1\n${String(objectAt).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${object + 1} /Root ${root} R /Info ${object} 0 R /Prev ${startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([Buffer.from(bytes), Buffer.from(head + tail, 'latin1')]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'rb-retrieve-bench-'));
const pdfDir = path.join(work, 'pdfs');
mkdirSync(pdfDir);
const bases = readdirSync(SOURCE)
  .filter((f) => f.endsWith('.pdf'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(path.join(SOURCE, f))));
let totalBytes = 0;
for (let i = 0; i < COUNT; i += 1) {
  const bytes = withIdentifier(bases[i % bases.length]!, i);
  totalBytes += bytes.length;
  writeFileSync(path.join(pdfDir, `report-${String(i).padStart(4, '0')}.pdf`), bytes);
}
// Each base, updated, still reads and carries its identifier.
for (let i = 0; i < bases.length; i += 1) {
  const read = await readPdfText(withIdentifier(bases[i]!, i));
  if (!read.ok || !read.metaIdentifiers.some((id) => id.includes(`bench.${i}`)))
    throw new Error(
      `copy ${i} does not carry its identifier: ${JSON.stringify(read).slice(0, 200)}`,
    );
}

// The review: COUNT reports sought, each with the DOI its PDF carries.
const template = path.join(work, 'template.db');
{
  const workbench = await openWorkbench({ url: template, actor: 'lead@bench.example' });
  const review = await workbench.createReview({ title: 'Retrieve bench', type: 'scoping' });
  const api = workbench.review(review.id);
  await api.screen.addReviewer('lead@bench.example', 'lead');
  await api.screen.configure({ reviewersPerRecord: 1 });
  const ris = Array.from(
    { length: COUNT },
    (_, i) => `TY  - JOUR\nTI  - Bench report ${i}\nPY  - 2020\nDO  - 10.5555/bench.${i}\nER  - \n`,
  ).join('\n');
  await api.identify.import({ fileName: 'bench.ris', bytes: new TextEncoder().encode(ris) });
  for (const record of await api.records())
    await api.screen.decide({
      recordId: record.id,
      stage: 'ti-ab',
      reviewer: 'lead@bench.example',
      decision: 'include',
    });
  await workbench.close();
}

// CLI, whole process.
const cliSeconds: number[] = [];
let cliSummary = '';
for (let run = 0; run < RUNS; run += 1) {
  const db = path.join(work, `run-${run}.db`);
  copyFileSync(template, db);
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [CLI, '--db', db, '--json', 'retrieve', 'attach-dir', pdfDir],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  cliSeconds.push((performance.now() - started) / 1000);
  const answer = JSON.parse(result.stdout) as {
    attached: unknown[];
    unmatched: unknown[];
    errors: unknown[];
  };
  cliSummary = `${answer.attached.length} attached, ${answer.unmatched.length} unmatched, ${answer.errors.length} errors`;
  if (answer.attached.length !== COUNT)
    throw new Error(`run ${run}: ${cliSummary} ${result.stderr}`);
  rmSync(db, { force: true });
  rmSync(`${db}.files`, { recursive: true, force: true });
}

// Peer: pypdf's extract_text over the same files, in one process.
const peerPath = process.env.PEER_PYTHONPATH;
const peerSeconds: number[] = [];
let peerNote = 'not run (set PEER_PYTHONPATH to a folder holding pypdf)';
if (peerPath) {
  const script = `import sys, os, pypdf\nd=sys.argv[1]\nn=0\nfor f in sorted(os.listdir(d)):\n  r=pypdf.PdfReader(os.path.join(d,f))\n  n+=sum(len(p.extract_text() or '') for p in r.pages)\nprint(n)`;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const result = spawnSync('python3', ['-c', script, pdfDir], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: peerPath },
    });
    if (result.status !== 0) throw new Error(`pypdf: ${result.stderr.slice(0, 500)}`);
    peerSeconds.push((performance.now() - started) / 1000);
  }
  const version = spawnSync('python3', ['-c', 'import pypdf; print(pypdf.__version__)'], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: peerPath },
  }).stdout.trim();
  peerNote = `pypdf ${version}, Python ${spawnSync('python3', ['--version'], { encoding: 'utf8' }).stdout.trim().replace('Python ', '')}`;
}

// Server: uploads in batches of 50 while another member lists records.
const serverDb = path.join(work, 'server.db');
copyFileSync(template, serverDb);
let invitation: string;
let reviewId: number;
{
  const workbench = await openWorkbench({ url: serverDb, actor: 'lead@bench.example' });
  const [review] = await workbench.listReviews();
  reviewId = review!.id;
  invitation = (
    await workbench
      .review(reviewId)
      .team.invite({ role: 'reviewer', email: 'reader@bench.example' })
  ).token;
  const leadInvitation = (
    await workbench.review(reviewId).team.invite({ role: 'lead', email: 'uploader@bench.example' })
  ).token;
  await workbench.close();
  invitation = `${invitation} ${leadInvitation}`;
}
const { origin, child } = await startServerProcess([CLI, '--db', serverDb, 'serve', '--port', '0']);
const signUp = (email: string, token: string): Promise<string> =>
  signUpInvited(origin, { email, password: PASSWORD }, token);
const [readerToken, uploaderToken] = invitation.split(' ');
const reader = await signUp('reader@bench.example', readerToken!);
const uploader = await signUp('uploader@bench.example', uploaderToken!);
const files = readdirSync(pdfDir).sort();
let uploading = true;
const latencies: number[] = [];
const poll = (async () => {
  while (uploading) {
    const started = performance.now();
    const response = await fetch(`${origin}/api/records.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie: reader },
      body: JSON.stringify({ reviewId, limit: 50 }),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`records.list ${response.status}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();
const uploadStarted = performance.now();
let attachedByServer = 0;
for (let i = 0; i < files.length; i += 50) {
  const form = new FormData();
  form.append('reviewId', String(reviewId));
  for (const name of files.slice(i, i + 50))
    form.append('file', new Blob([readFileSync(path.join(pdfDir, name))]), name);
  const response = await fetch(`${origin}/api/retrieve.attachMany`, {
    method: 'POST',
    headers: { origin, cookie: uploader },
    body: form,
  });
  const body = (await response.json()) as { attached?: unknown[] };
  if (!response.ok) throw new Error(`attachMany ${response.status} ${JSON.stringify(body)}`);
  attachedByServer += body.attached?.length ?? 0;
}
const uploadSeconds = (performance.now() - uploadStarted) / 1000;
uploading = false;
await poll;
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
rmSync(work, { recursive: true, force: true });

const fmt = (values: number[]): string =>
  `${median(values).toFixed(1)} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`;
const lines = [
  `## Retrieve: attaching ${COUNT.toLocaleString('en')} full-text PDFs (bench/retrieve-attach.ts)`,
  '',
  `The seven open-access PDFs of ../shared/data/full-texts repeated to ${COUNT.toLocaleString('en')} files (${(totalBytes / 1048576).toFixed(0)} MB), each given its own DOI by an incremental update, attached to a review of as many reports sought. Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}) shared with other jobs, Node ${process.version}; median (range) of ${RUNS} runs, seconds.`,
  '',
  '| what | seconds | per PDF | result |',
  '| --- | ---: | ---: | --- |',
  `| \`reviewbench retrieve attach-dir\` (check, read text in the job worker, match, store), whole process | ${fmt(cliSeconds)} | ${((median(cliSeconds) / COUNT) * 1000).toFixed(0)} ms | ${cliSummary} |`,
  peerSeconds.length
    ? `| peer: ${peerNote}, text extraction only | ${fmt(peerSeconds)} | ${((median(peerSeconds) / COUNT) * 1000).toFixed(0)} ms | text of every page |`
    : `| peer: ${peerNote} | | | |`,
  '',
  `Server: the same files uploaded to \`retrieve.attachMany\` in batches of 50 took ${uploadSeconds.toFixed(1)} s (${attachedByServer} attached); meanwhile another member listed records every 100 ms: ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (target p95 < 50 ms). Load average at the end ${os.loadavg()[0]!.toFixed(1)}.`,
  '',
];
const out = process.env.RESULTS_FILE ?? 'bench/RESULTS-retrieve.md';
writeFileSync(out, `${lines.join('\n')}`);
process.stdout.write(`${lines.join('\n')}\n`);
