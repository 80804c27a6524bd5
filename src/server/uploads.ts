import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy from '@fastify/busboy';
import { DomainError } from '#core/errors';
import { formatBytes } from './limits';

/** A file of a multipart upload, written to a temporary file as it arrived. */
export interface UploadedFile {
  /** The name the browser gave it (no path). */
  name: string;
  /** Where it was written; removed by `cleanup`. */
  path: string;
  size: number;
}

/** What a multipart request held: its text fields and its files on disk. */
export interface ReceivedUpload {
  fields: Record<string, string>;
  files: UploadedFile[];
  /** Removes the temporary files. */
  cleanup(): Promise<void>;
}

/** Fields and files one upload may carry, besides its size. */
const MAX_FILES = 50;
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number): DomainError =>
  new DomainError(
    'http/too-large',
    `An upload may be at most ${formatBytes(maxBytes)}; this one is larger.`,
  );

/**
 * Reads a multipart/form-data request as it streams in, each file straight to a temporary file
 * (never whole in memory), refusing it with 413 once it passes `maxBytes` in all. On any error
 * the files written so far are removed.
 */
export async function receiveUpload(request: Request, maxBytes: number): Promise<ReceivedUpload> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data'))
    throw new DomainError('usage', 'Send the files as multipart/form-data.');
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const stream = request.body;
  if (!stream) throw new DomainError('usage', 'The upload is empty.');
  const dir = await mkdtemp(join(tmpdir(), 'reviewbench-upload-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let received = 0;
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const writes: Promise<void>[] = [];
      const parser = Busboy({
        headers: { 'content-type': type },
        limits: {
          files: MAX_FILES,
          fields: MAX_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
          fileSize: maxBytes,
        },
      });
      parser.on('field', (name, value, _nameCut, valueCut) => {
        if (valueCut) fail(new DomainError('usage', `The field "${name}" is longer than 64 KiB.`));
        else fields[name] = value;
      });
      parser.on('file', (field, stream, fileName) => {
        if (field !== 'file') {
          stream.resume();
          return;
        }
        const path = join(dir, `${files.length}`);
        const entry: UploadedFile = {
          name: fileName.split(/[\\/]/).pop() ?? fileName,
          path,
          size: 0,
        };
        files.push(entry);
        stream.on('data', (chunk: Buffer) => {
          entry.size += chunk.length;
        });
        stream.on('limit', () => fail(tooLarge(maxBytes)));
        writes.push(pipeline(stream, createWriteStream(path)).catch(fail));
      });
      parser.on('filesLimit', () =>
        fail(new DomainError('usage', `An upload may carry at most ${MAX_FILES} files.`)),
      );
      parser.on('fieldsLimit', () =>
        fail(new DomainError('usage', `An upload may carry at most ${MAX_FIELDS} fields.`)),
      );
      parser.on('error', (error: unknown) =>
        fail(
          new DomainError(
            'usage',
            `The upload is not valid multipart/form-data: ${String((error as Error).message)}`,
          ),
        ),
      );
      parser.on('finish', () => {
        void Promise.all(writes).then(() => {
          if (!failed) resolve();
        }, fail);
      });
      // Counted as it arrives, so an upload without a length is cut off at the limit too. The
      // DOM lib's ReadableStream type and node:stream/web's differ in TypeScript only: at run
      // time the request body is node's own web stream.
      const body = Readable.fromWeb(stream as unknown as WebReadableStream<Uint8Array>);
      body.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) {
          fail(tooLarge(maxBytes));
          body.destroy();
        }
      });
      body.on('error', fail);
      body.pipe(parser);
    });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { fields, files, cleanup };
}
