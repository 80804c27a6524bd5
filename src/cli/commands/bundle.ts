import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { withReview, withWorkbench } from '#cli/context';
import { printJson, writeWhole } from '#cli/output';

/** `reviewbench bundle export|verify|import`: the review whole, as one zip with hashes. */
export function registerBundleCommands(program: Command): void {
  const bundle = program
    .command('bundle')
    .description(
      'report: the reproducibility bundle (data of every stage, full texts, figures, a manifest of hashes)',
    );

  bundle
    .command('export')
    .description('write the review as a bundle')
    .requiredOption('-o, --output <file>', 'the .zip to write')
    .action(async (options: { output: string }, command: Command) => {
      await withReview(command, async (review, summary, _workbench, global) => {
        const { bytes, manifest } = await review.report.bundle();
        await writeWhole(options.output, bytes);
        if (global.json)
          printJson({
            file: options.output,
            bytes: bytes.length,
            tables: manifest.tables,
            files: manifest.files.length,
          });
        else
          process.stdout.write(
            `Wrote "${summary.title}" to ${options.output}: ${manifest.files.length} files, ${Object.values(manifest.tables).reduce((a, b) => a + b, 0)} rows, sha256 of each in manifest.json.\n`,
          );
      });
    });

  bundle
    .command('verify')
    .description('check every file of a bundle against its manifest')
    .argument('<file>', 'the bundle (.zip)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const bytes = new Uint8Array(await readFile(file));
      await withWorkbench(
        command,
        async (workbench, global) => {
          const { manifest } = workbench.verifyBundle(bytes, basename(file));
          if (global.json)
            printJson({
              ok: true,
              review: manifest.review,
              files: manifest.files.length,
              tables: manifest.tables,
            });
          else
            process.stdout.write(
              `${basename(file)}: all ${manifest.files.length} files match the manifest ("${manifest.review.title}", written by ReviewBench ${manifest.reviewbench} on ${manifest.createdAt.slice(0, 10)}).\n`,
            );
        },
        { create: true, memory: true },
      );
    });

  bundle
    .command('import')
    .description("rebuild a bundle's review in this database (a fresh one, or one it was never in)")
    .argument('<file>', 'the bundle (.zip)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const bytes = new Uint8Array(await readFile(file));
      await withWorkbench(
        command,
        async (workbench, global) => {
          const result = await workbench.importBundle(bytes, basename(file));
          if (global.json) printJson(result);
          else
            process.stdout.write(
              `Imported "${result.title}" as review ${result.reviewId} (${result.rows} rows).\n`,
            );
        },
        { create: true },
      );
    });
}
