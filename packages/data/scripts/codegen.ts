/**
 * `pnpm codegen`: migrates a throwaway database (via @legal/testing) and writes the
 * kysely types of the legal schema to src/generated/db.ts. Never edit that file by hand;
 * a test fails when it differs from what the migrations produce.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createMigrator } from '@legal/schema';
import { createTestDatabase, startPostgres } from '@legal/testing';
import {
  generatePermissions,
  generateRoleTable,
  generateTenantTables,
  generateTypes,
  GENERATED_HEADER as HEADER,
  PERMISSIONS_HEADER,
  TENANT_TABLES_HEADER,
  withRoleTable,
} from './generate-types.js';

const target = fileURLToPath(new URL('../src/generated/db.ts', import.meta.url));
await using server = await startPostgres();
await using db = await createTestDatabase(server, { prefix: 'legal_codegen' });
await createMigrator({ connectionString: db.url }).up();
const source = await generateTypes(db.url);
await writeFile(target, `${HEADER}${source}`);
const permissions = fileURLToPath(new URL('../src/generated/permissions.ts', import.meta.url));
await writeFile(permissions, `${PERMISSIONS_HEADER}${await generatePermissions(db.url)}`);
const tenantTables = fileURLToPath(new URL('../src/generated/tenant-tables.ts', import.meta.url));
await writeFile(tenantTables, `${TENANT_TABLES_HEADER}${await generateTenantTables(db.url)}`);
const accessDoc = fileURLToPath(new URL('../../../docs/access.md', import.meta.url));
await writeFile(accessDoc, withRoleTable(await readFile(accessDoc, 'utf8'), await generateRoleTable(db.url)));
// the page as the formatter leaves it (a test compares the table without its padding)
await promisify(execFile)('pnpm', ['exec', 'biome', 'format', '--write', accessDoc]);
console.log(
  `wrote ${target} (${source.split('\n').length} lines) from PostgreSQL ${server.version} (${server.provider})`,
);
