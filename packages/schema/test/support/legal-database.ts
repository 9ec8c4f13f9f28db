import { readFileSync } from 'node:fs';
import { createTestDatabase, query, type TestDatabase, type TestDatabaseTemplate } from '@legal/testing';
import { afterAll, inject } from 'vitest';
import { createMigrator, migrationsFingerprint } from '../../src/index.js';
import { FIXTURES } from './cli.js';

/** The legal schema at head, migrated once per server and cloned per test file. */
export const legalTemplate: TestDatabaseTemplate = {
  name: `legal_tpl_${await migrationsFingerprint()}`,
  async build(url) {
    await createMigrator({ connectionString: url }).up();
  },
};

/** A fresh database at head for this test file, dropped after it. */
export async function legalDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('legalPostgres'), { template: legalTemplate, prefix: 'legal_db' });
  afterAll(() => db.drop());
  return db;
}

const FIRM_SQL = readFileSync(`${FIXTURES}../sql/firm.sql`, 'utf8');

/** Creates a firm with a row in every tenant table; returns its id and its users' ids. */
export async function seedFirm(url: string, tenantId: string, slug: string) {
  await query(url, FIRM_SQL.replaceAll(':tenant', tenantId).replaceAll(':slug', slug));
  const [u1, u2] = await query<{ u1: string; u2: string }>(
    url,
    `select md5($1 || 'u1')::uuid::text as u1, md5($1 || 'u2')::uuid::text as u2`,
    [tenantId],
  ).then((rows) => [rows[0]?.u1 ?? '', rows[0]?.u2 ?? '']);
  return { tenantId, lawyerId: u1 as string, paralegalId: u2 as string };
}

export const TENANT_A = '0a0a0a0a-0000-4000-8000-00000000000a';
export const TENANT_B = '0b0b0b0b-0000-4000-8000-00000000000b';
