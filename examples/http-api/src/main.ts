/**
 * `pnpm --filter @legal/example-http-api start`: the service on a database of your own.
 *   DATABASE_URL   the app's connection string (migrated with `legal-schema migrate up`)
 *   CONTEXT_KEY    the key that signs unit contexts (`legal-schema context-key`)
 *   PORT           default 3000
 */
import { createLegalDb } from '@legal/data';
import pg from 'pg';
import { buildApp } from './app.js';

const url = process.env.DATABASE_URL;
const contextKey = process.env.CONTEXT_KEY;
if (!url || !contextKey) {
  console.error('Set DATABASE_URL and CONTEXT_KEY (see the comment at the top of src/main.ts)');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: url, max: 10 });
const db = createLegalDb({ pool, contextKey });
const app = buildApp({ db, logger: true, ping: async () => void (await pool.query('select 1')) });
const close = async () => {
  await app.close();
  await db.close();
  await pool.end();
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
await app.listen({ host: '0.0.0.0', port: Number(process.env.PORT ?? 3000) });
