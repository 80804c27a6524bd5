import { DomainError } from '#core/errors';
import { maskStoreUrl, openReadOnlyStore } from '#store/index';
import type { ReadOnlyStore } from '#store/index';

/** Where a ranking session reads its texts itself instead of being sent them. */
export interface StoredTexts {
  /** The store's unmasked url (`Store.url`): never print or log it. */
  url: string;
  reviewId: number;
  /** The records to rank, in ranking order. */
  ids: readonly number[];
}

/** A session's texts, one per id, in the ids' order. */
export interface SessionTexts {
  ids: string[];
  texts: string[];
}

/** The text a record is ranked on; the one definition both ways of loading texts share. */
export function recordText(title: string | null, abstract: string | null): string {
  return `${title ?? ''} ${abstract ?? ''}`;
}

/** Ids per query: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const PAGE = 5000;

/** One reading connection per url, opened on first use and kept for later sessions. */
const stores = new Map<string, Promise<ReadOnlyStore>>();
/** Connections kept at once: a server has one store; a test run opens many, and they are closed. */
const MAX_STORES = 4;

function readOnlyStore(url: string): Promise<ReadOnlyStore> {
  let store = stores.get(url);
  if (!store) {
    store = openReadOnlyStore({ url });
    stores.set(url, store);
    // A failed open is not kept: the next session tries again.
    store.catch(() => stores.delete(url));
    while (stores.size > MAX_STORES) {
      const [oldest, closing] = stores.entries().next().value!;
      stores.delete(oldest);
      // Calls on the sessions run one at a time, so no read is using the oldest connection.
      void closing.then((old) => old.close()).catch(() => undefined);
    }
  }
  return store;
}

/**
 * Reads the records' titles and abstracts from the store a page at a time,
 * through a read-only connection of its own. Any failure (a url it cannot open,
 * a review or record that is not there) is a `ranking/texts-unreadable` error
 * naming the store by its masked location.
 */
export async function readTextsFromStore(source: StoredTexts): Promise<SessionTexts> {
  const { url, reviewId, ids } = source;
  const fail = (reason: string): DomainError =>
    new DomainError(
      'ranking/texts-unreadable',
      `Could not read the texts of review ${reviewId} from ${maskStoreUrl(url)}: ${reason}`,
      { reviewId },
    );
  const opening = readOnlyStore(url);
  let store: ReadOnlyStore;
  try {
    store = await opening;
  } catch (error) {
    throw fail((error as Error).message);
  }
  const texts = new Map<number, string>();
  try {
    const review = await store.db
      .selectFrom('reviews')
      .select('id')
      .where('id', '=', reviewId)
      .executeTakeFirst();
    if (!review) throw fail(`there is no review ${reviewId}.`);
    for (let i = 0; i < ids.length; i += PAGE) {
      const rows = await store.db
        .selectFrom('records')
        .select(['id', 'title', 'abstract'])
        .where('review_id', '=', reviewId)
        .where('id', 'in', ids.slice(i, i + PAGE))
        .execute();
      for (const row of rows) texts.set(row.id, recordText(row.title, row.abstract));
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // A connection that broke (a restarted server) is not reused.
    if (stores.get(url) === opening) stores.delete(url);
    await store.close().catch(() => undefined);
    throw fail((error as Error).message);
  }
  const missing = ids.filter((id) => !texts.has(id));
  if (missing.length > 0) {
    throw fail(
      `${missing.length} of ${ids.length} records are not in it (first: ${missing.slice(0, 5).join(', ')}).`,
    );
  }
  return { ids: ids.map(String), texts: ids.map((id) => texts.get(id)!) };
}
