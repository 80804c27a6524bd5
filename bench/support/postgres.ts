import pg from 'pg';

/**
 * Creates an empty database `name` on the server of `base` (dropping one left by an
 * earlier run of the same name) and returns its url.
 */
export async function freshPostgres(base: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops database `name` on the server of `base`, when it is there. */
export async function dropPostgres(base: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    // With force: a connection the server under test left behind must not keep it.
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
