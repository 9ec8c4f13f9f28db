import { createCitusDatabase } from '@legal/testing';
import pg from 'pg';
import { inject } from 'vitest';
import { createMigrator } from '../../src/index.js';

/** A fresh database on the run's Citus cluster, migrated to head (the schema distributed). */
export async function citusDatabase(): Promise<string> {
  const url = await createCitusDatabase(inject('legalCitus'));
  await createMigrator({ connectionString: url }).up();
  return url;
}

/** Runs one statement on a URL and returns its rows. */
export async function sqlRows<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
