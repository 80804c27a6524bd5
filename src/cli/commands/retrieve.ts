import { readFileSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '#core/errors';
import { OPEN_ACCESS_SERVICES } from '#sources/index';
import type { OpenAccessService } from '#sources/index';
import { withReview } from '../context';
import { EXIT, formatTable, printJson, usageError } from '../output';

function recordIdOf(value: string, name = '<record>'): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0)
    throw usageError(`${name} must be a record id (a whole number), got "${value}"`);
  return id;
}

/** Reads one file the user named, or says in a sentence why it cannot be read. */
function readNamedFile(path: string): Uint8Array {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new DomainError('usage', `There is no file at ${path}; nothing was attached.`);
  }
  if (stats.isDirectory())
    throw new DomainError(
      'usage',
      `${path} is a directory; attach a folder of PDFs with \`retrieve attach-dir ${path}\`.`,
    );
  return new Uint8Array(readFileSync(path));
}

/** The PDF files of a folder (by name, `.pdf` in any case), in name order. */
function pdfFilesIn(dir: string): string[] {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    throw new DomainError('usage', `There is no folder at ${dir}; nothing was attached.`);
  }
  if (!stats.isDirectory())
    throw new DomainError(
      'usage',
      `${dir} is a file; attach one PDF with \`retrieve attach ID ${dir}\`.`,
    );
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.pdf$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** `reviewbench retrieve ...`: reports sought, their full texts, and reports grouped into studies. */
export function registerRetrieveCommands(program: Command): void {
  const retrieve = program
    .command('retrieve')
    .description(
      'retrieve: full texts of the reports sought, not-retrieved reasons, studies and reports',
    );

  retrieve
    .command('status')
    .description('every report sought with its retrieval state, study and full text')
    .action(async (_options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const status = await review.retrieve.status();
        if (global.json) {
          printJson(status);
          return;
        }
        if (status.length === 0) {
          process.stdout.write(
            'No reports sought yet: records kept at title/abstract screening are retrieved.\n',
          );
          return;
        }
        process.stdout.write(
          `${formatTable(
            ['record', 'state', 'study', 'full text', 'pages', 'title'],
            status.map((s) => [
              s.recordId,
              s.reason ? `${s.state} (${s.reason})` : s.state,
              s.studyId === s.recordId ? '' : `${s.studyId}${s.primary ? ' *' : ''}`,
              s.fullText ? `${s.fullText.fileName}${s.fullText.scanned ? ' (scan)' : ''}` : '',
              s.fullText?.pages,
              (s.title ?? '').slice(0, 60),
            ]),
          )}\n`,
        );
      });
    });

  retrieve
    .command('attach')
    .description('attach a PDF to one report sought')
    .argument('<record>', 'record id')
    .argument('<file>', 'the PDF')
    .action(async (record: string, file: string, _options: unknown, command: Command) => {
      const recordId = recordIdOf(record);
      const bytes = readNamedFile(file);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.retrieve.attach(recordId, { fileName: basename(file), bytes });
        if (global.json) printJson(result);
        else
          process.stdout.write(
            result.unchanged
              ? `${basename(file)} was already attached to record ${recordId}.\n`
              : `Attached ${basename(file)} to record ${recordId}: ${result.pages} pages${result.scanned ? ', no text layer (a scan: run OCR to search it)' : ''}.\n`,
          );
      });
    });

  retrieve
    .command('attach-dir')
    .description(
      'attach a folder of PDFs: each is matched to a report sought by the DOI or PMID on its first page, else by title; confident matches are attached, the rest listed (exit 1 when a file is not a readable PDF)',
    )
    .argument('<dir>', 'folder holding the PDFs')
    .action(async (dir: string, _options: unknown, command: Command) => {
      const names = pdfFilesIn(dir);
      // Read when needed, one file at a time: a folder of 1,000 PDFs is not held whole.
      const files = names.map((name) => ({
        fileName: name,
        read: async () => new Uint8Array(await readFile(join(dir, name))),
      }));
      await withReview(command, async (review, _summary, _workbench, global) => {
        const result = await review.retrieve.attachMany(files);
        if (result.errors.length > 0) process.exitCode = EXIT.failed;
        if (global.json) {
          printJson(result);
          return;
        }
        const lines = [
          `${names.length} PDFs read: ${result.attached.length} attached, ${result.unmatched.length} left to attach by hand, ${result.errors.length} refused.`,
          ...result.attached.map(
            (a) =>
              `  ${a.file} -> record ${a.recordId} (${a.matchedBy}${a.unchanged ? ', already attached' : ''}): ${a.evidence}`,
          ),
          ...result.suggestions.map(
            (s) =>
              `  ${s.file}: not attached, ${s.why}${s.recordId ? `; best candidate record ${s.recordId}` : ''}`,
          ),
          ...result.errors.map((e) => `  ${e.file}: ${e.message}`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });

  retrieve
    .command('lookup')
    .description(
      'ask Europe PMC, Unpaywall and OpenAlex for an open-access PDF of every report still to find, download and attach it (needs your contact email; every answer is kept)',
    )
    .option('--email <address>', 'your contact email (env REVIEWBENCH_CONTACT_EMAIL)')
    .option('--api-key <key>', 'an OpenAlex API key, if you have one')
    .option(
      '--services <list>',
      `comma-separated, in order (default: ${OPEN_ACCESS_SERVICES.join(',')})`,
    )
    .option('--record <ids>', 'only these records (comma-separated ids)')
    .action(
      async (
        options: { email?: string; apiKey?: string; services?: string; record?: string },
        command: Command,
      ) => {
        const email = options.email ?? process.env.REVIEWBENCH_CONTACT_EMAIL;
        if (!email)
          throw usageError(
            'Open-access look-up needs your contact email: --email you@example.org (or REVIEWBENCH_CONTACT_EMAIL).',
          );
        const services = options.services?.split(',').map((s) => s.trim());
        const unknown = services?.filter(
          (s) => !(OPEN_ACCESS_SERVICES as readonly string[]).includes(s),
        );
        if (unknown?.length)
          throw usageError(
            `Unknown service ${unknown.join(', ')}. Available: ${OPEN_ACCESS_SERVICES.join(', ')}`,
          );
        const recordIds = options.record?.split(',').map((id) => recordIdOf(id.trim(), '--record'));
        await withReview(command, async (review, _summary, _workbench, global) => {
          const result = await review.retrieve.lookup({
            email,
            // Run by the user, on their machine and network: a campus proxy may be private.
            allowPrivateAddresses: true,
            ...(options.apiKey ? { apiKey: options.apiKey } : {}),
            ...(services ? { services: services as OpenAccessService[] } : {}),
            ...(recordIds ? { recordIds } : {}),
          });
          if (global.json) {
            printJson(result);
            return;
          }
          const lines = [
            `Asked about ${result.asked} reports: ${result.retrieved.length} retrieved, ${result.failed.length} copies could not be used, ${result.notFound.length} not found (to find by hand).`,
            ...result.retrieved.map(
              (r) =>
                `  record ${r.recordId}: ${r.service}${r.licence ? ` (${r.licence})` : ''} ${r.pdfUrl}`,
            ),
            ...result.failed.map((f) => `  record ${f.recordId}: ${f.pdfUrl}: ${f.reason}`),
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        });
      },
    );

  retrieve
    .command('detach')
    .description("remove a report's full text (the wrong file)")
    .argument('<record>', 'record id')
    .action(async (record: string, _options: unknown, command: Command) => {
      const recordId = recordIdOf(record);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const status = await review.retrieve.detach(recordId);
        if (global.json) printJson({ recordId, ...status });
        else
          process.stdout.write(
            `Removed the full text of record ${recordId}; it is sought by hand again.\n`,
          );
      });
    });

  retrieve
    .command('not-retrieved')
    .description(
      "mark a report sought as not retrieved, with one of the review's reasons (see `retrieve reasons`)",
    )
    .argument('<record>', 'record id')
    .requiredOption('--reason <reason>', 'why, e.g. "No access" or "Author did not reply"')
    .action(async (record: string, options: { reason: string }, command: Command) => {
      const recordId = recordIdOf(record);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const status = await review.retrieve.notRetrieved(recordId, options.reason);
        if (global.json) printJson({ recordId, ...status });
        else process.stdout.write(`Record ${recordId}: not retrieved (${status.reason}).\n`);
      });
    });

  retrieve
    .command('reopen')
    .description('seek a report marked not retrieved again')
    .argument('<record>', 'record id')
    .action(async (record: string, _options: unknown, command: Command) => {
      const recordId = recordIdOf(record);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const status = await review.retrieve.reopen(recordId);
        if (global.json) printJson({ recordId, ...status });
        else process.stdout.write(`Record ${recordId} is sought again.\n`);
      });
    });

  retrieve
    .command('reasons')
    .description('the reasons this review offers for "not retrieved" (--set to change them)')
    .option('--set <list>', "the review's reasons, separated by semicolons")
    .action(async (options: { set?: string }, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const reasons = options.set
          ? await review.retrieve.setReasons(options.set.split(';'))
          : await review.retrieve.reasons();
        if (global.json) printJson(reasons);
        else process.stdout.write(`${reasons.join('\n')}\n`);
      });
    });

  retrieve
    .command('link-reports')
    .description(
      'link two reports as one study (an article and its conference abstract, protocol, registry entry or erratum)',
    )
    .argument('<a>', 'record id of a report of the study')
    .argument('<b>', 'record id of another report of it')
    .action(async (a: string, b: string, _options: unknown, command: Command) => {
      const [first, second] = [recordIdOf(a, '<a>'), recordIdOf(b, '<b>')];
      await withReview(command, async (review, _summary, _workbench, global) => {
        const study = await review.retrieve.linkReports(first, second);
        if (global.json) printJson(study);
        else
          process.stdout.write(
            `Study ${study.studyId}: reports ${study.reports.join(', ')} (primary ${study.primary}).\n`,
          );
      });
    });

  retrieve
    .command('unlink')
    .description('take a report out of its study: it stands alone again')
    .argument('<record>', 'record id')
    .action(async (record: string, _options: unknown, command: Command) => {
      const recordId = recordIdOf(record);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const study = await review.retrieve.unlink(recordId);
        if (global.json) printJson(study);
        else process.stdout.write(`Record ${recordId} is a study of its own again.\n`);
      });
    });

  retrieve
    .command('primary')
    .description('choose the report that stands for its study')
    .argument('<record>', 'record id')
    .action(async (record: string, _options: unknown, command: Command) => {
      const recordId = recordIdOf(record);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const study = await review.retrieve.primary(recordId);
        if (global.json) printJson(study);
        else process.stdout.write(`Record ${recordId} stands for study ${study.studyId}.\n`);
      });
    });

  retrieve
    .command('text')
    .description("print a report's full text, page by page")
    .argument('<record>', 'record id')
    .option('--page <n>', 'only this page', (v) => Number.parseInt(v, 10))
    .action(async (record: string, options: { page?: number }, command: Command) => {
      const recordId = recordIdOf(record);
      await withReview(command, async (review, _summary, _workbench, global) => {
        const pages = (await review.retrieve.pages(recordId)).filter(
          (p) => options.page === undefined || p.page === options.page,
        );
        if (options.page !== undefined && pages.length === 0)
          throw usageError(`Record ${recordId}'s full text has no page ${options.page}.`);
        if (global.json) printJson(pages);
        else
          process.stdout.write(pages.map((p) => `--- page ${p.page} ---\n${p.text}\n`).join('\n'));
      });
    });

  retrieve
    .command('search')
    .description('find words in the full texts: record, page and a snippet')
    .argument('<words>', 'what to look for')
    .action(async (words: string, _options: unknown, command: Command) => {
      await withReview(command, async (review, _summary, _workbench, global) => {
        const hits = await review.retrieve.search(words);
        if (global.json) printJson(hits);
        else if (hits.length === 0) process.stdout.write(`No full text mentions "${words}".\n`);
        else
          process.stdout.write(
            `${formatTable(
              ['record', 'page', 'snippet'],
              hits.map((h) => [h.recordId, h.page, h.snippet]),
            )}\n`,
          );
      });
    });
}
