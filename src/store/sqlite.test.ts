import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteDialect, withRollbackJournal } from './sqlite';

function freshFile(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'rb-journal-')), 'store.db');
}

function open(file: string): BetterSqlite3.Database {
  const { database } = createSqliteDialect(file);
  database.exec('create table if not exists t (x integer)');
  return database;
}

describe('withRollbackJournal', () => {
  it('writes with a rollback journal when the file is its own, then returns to WAL', async () => {
    const database = open(freshFile());
    const seen = await withRollbackJournal(database, async () => {
      database.prepare('insert into t values (1)').run();
      return database.pragma('journal_mode', { simple: true });
    });
    expect(seen).toBe('delete');
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(database.prepare('select count(*) as n from t').get()).toEqual({ n: 1 });
    database.close();
  });

  it('stays in WAL when another connection has the file open, and still writes', async () => {
    const file = freshFile();
    const database = open(file);
    const other = new BetterSqlite3(file);
    // A server that has answered anything holds the WAL's shared memory open.
    expect(other.prepare('select x from t').all()).toEqual([]);
    const seen = await withRollbackJournal(database, async () => {
      database.prepare('insert into t values (2)').run();
      return database.pragma('journal_mode', { simple: true });
    });
    expect(seen).toBe('wal');
    expect(other.prepare('select x from t').all()).toEqual([{ x: 2 }]);
    other.close();
    database.close();
  });

  it('returns to WAL and passes the error on when the write fails', async () => {
    const database = open(freshFile());
    const write = withRollbackJournal(database, () => {
      database.exec('begin');
      database.prepare('insert into t values (3)').run();
      database.exec('rollback');
      return Promise.reject(new Error('parse failed half-way'));
    });
    await expect(write).rejects.toThrow('parse failed half-way');
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.prepare('select count(*) as n from t').get()).toEqual({ n: 0 });
    database.close();
  });

  it('leaves an in-memory database as it is', async () => {
    const database = open(':memory:');
    await withRollbackJournal(database, async () => {
      database.prepare('insert into t values (4)').run();
    });
    expect(database.pragma('journal_mode', { simple: true })).toBe('memory');
    database.close();
  });
});
