import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import {
  GENERATED_HEADER,
  generatePermissions,
  generateRoleTable,
  generateTenantTables,
  generateTypes,
  PERMISSIONS_HEADER,
  TENANT_TABLES_HEADER,
  withRoleTable,
} from '../scripts/generate-types.js';
import { legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();

it('src/generated/db.ts is exactly what the migrations produce (run `pnpm codegen` after changing a migration)', async () => {
  const committed = await readFile(new URL('../src/generated/db.ts', import.meta.url), 'utf8');
  expect(committed).toBe(`${GENERATED_HEADER}${await generateTypes(database.url)}`);
});

it('src/generated/permissions.ts is exactly the permission catalogue of the migrations', async () => {
  const committed = await readFile(new URL('../src/generated/permissions.ts', import.meta.url), 'utf8');
  expect(committed).toBe(`${PERMISSIONS_HEADER}${await generatePermissions(database.url)}`);
});

it('src/generated/tenant-tables.ts lists exactly the tables of a firm of the migrations', async () => {
  const committed = await readFile(new URL('../src/generated/tenant-tables.ts', import.meta.url), 'utf8');
  expect(committed).toBe(`${TENANT_TABLES_HEADER}${await generateTenantTables(database.url)}`);
});

/** A markdown page with its table cells' padding (the formatter's) taken out. */
const unpadded = (page: string) =>
  page
    .split('\n')
    .map((line) => (line.startsWith('|') ? line.replace(/\s*\|\s*/g, '|').replace(/-{3,}/g, '---') : line))
    .join('\n');

it('docs/access.md carries the role × permission table of the migrations (run `pnpm codegen`)', async () => {
  const page = await readFile(new URL('../../../docs/access.md', import.meta.url), 'utf8');
  expect(unpadded(page)).toBe(unpadded(withRoleTable(page, await generateRoleTable(database.url))));
});
