import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Store } from './connect';

/**
 * Files (full-text PDFs) stored by the sha256 of their bytes, so the same file is kept once
 * and its name is its proof of integrity. A row in `blobs` says a file is stored; its bytes
 * are in the row (`data`) or in the files folder as `ab/abcdef....pdf`.
 */
export interface BlobStore {
  /** `folder` (beside a SQLite file, or configured) or `database`. */
  readonly kind: 'folder' | 'database';
  /** Stores the bytes (once: a second put of the same bytes writes nothing); returns the sha256. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes, checked against their hash, or undefined when no such file is stored. */
  get(sha256: string): Promise<Uint8Array | undefined>;
}

export const sha256Of = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * Where `store` keeps files: a folder given (`REVIEWBENCH_FILES`), else a folder beside a
 * SQLite file (`review.db.files/`), else (PostgreSQL, an in-memory SQLite) the database
 * itself, which several server processes share.
 */
export function blobStoreFor(store: Store, folder?: string): BlobStore {
  const where =
    folder ??
    (store.dialect === 'sqlite' && store.url !== ':memory:' && store.url !== ''
      ? `${resolve(store.url)}.files`
      : undefined);
  return where ? folderBlobs(store, where) : databaseBlobs(store);
}

function databaseBlobs(store: Store): BlobStore {
  return {
    kind: 'database',
    async put(bytes) {
      const sha256 = sha256Of(bytes);
      await store.db
        .insertInto('blobs')
        .values({ sha256, bytes: bytes.length, data: bytes })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return sha256;
    },
    async get(sha256) {
      const row = await store.db
        .selectFrom('blobs')
        .select('data')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return row?.data ? verified(sha256, new Uint8Array(row.data)) : undefined;
    },
  };
}

function folderBlobs(store: Store, folder: string): BlobStore {
  const pathOf = (sha256: string): string => join(folder, sha256.slice(0, 2), `${sha256}.pdf`);
  return {
    kind: 'folder',
    async put(bytes) {
      const sha256 = sha256Of(bytes);
      const path = pathOf(sha256);
      const known = await readFile(path).catch(() => undefined);
      if (!known || sha256Of(known) !== sha256) {
        // Written beside, then renamed: a crash leaves a stray temporary file, never half a PDF.
        await mkdir(dirname(path), { recursive: true });
        const temporary = `${path}.${randomUUID()}.part`;
        try {
          await writeFile(temporary, bytes);
          await rename(temporary, path);
        } finally {
          await rm(temporary, { force: true });
        }
      }
      await store.db
        .insertInto('blobs')
        .values({ sha256, bytes: bytes.length, data: null })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      return sha256;
    },
    async get(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
      const bytes = await readFile(pathOf(sha256)).catch(() => undefined);
      if (bytes) return verified(sha256, new Uint8Array(bytes));
      // Stored in the database before a folder was configured.
      return databaseBlobs(store).get(sha256);
    },
  };
}

/** The bytes when they still hash to their name; a damaged file is not served as the PDF. */
function verified(sha256: string, bytes: Uint8Array): Uint8Array | undefined {
  return sha256Of(bytes) === sha256 ? bytes : undefined;
}
