/**
 * `pnpm --filter @legal/schema run manifest`: migrates a throwaway database and writes the
 * privileges and owner policies the migrations produce to src/verify/privileges.json (what
 * `verify` compares a database with). A test fails when the file differs from the migrations.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, startPostgres } from '@legal/testing';
import pg from 'pg';
import { createMigrator } from '../src/migrator/create-migrator.js';
import { readPrivileges } from '../src/verify/privileges.js';

const target = fileURLToPath(new URL('../src/verify/privileges.json', import.meta.url));
await using server = await startPostgres();
await using db = await createTestDatabase(server, { prefix: 'legal_manifest' });
await createMigrator({ connectionString: db.url }).up();
const client = new pg.Client({ connectionString: db.url });
await client.connect();
try {
  const manifest = await readPrivileges(client);
  await writeFile(target, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${target}: ${manifest.grants.length} grants, ${manifest.ownerPolicies.length} owner policies`);
} finally {
  await client.end();
}
