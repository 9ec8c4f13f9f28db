import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { GENERATED_HEADER, generatePermissions, generateTypes, PERMISSIONS_HEADER } from '../scripts/generate-types.js';
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
