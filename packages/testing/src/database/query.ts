import pg from 'pg';

/**
 * Runs one SQL text (several statements are fine without parameters) on a short-lived
 * connection and returns the rows of its result — for test setup and assertions.
 *
 * @example
 * ```ts
 * const [row] = await query<{ n: number }>(db.url, 'select count(*)::int as n from legal.cases');
 * ```
 */
export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query<T>(sql, [...params])).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
