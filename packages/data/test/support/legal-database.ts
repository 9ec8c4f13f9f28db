import { randomBytes } from 'node:crypto';
import { createMigrator, migrationsFingerprint, readContextKey } from '@legal/schema';
import { createTestDatabase, query, type TestDatabase } from '@legal/testing';
import { afterAll, inject } from 'vitest';

/** A fresh database at head for this test file (cloned from a template migrated once per run), dropped after it. */
export async function legalDatabase(): Promise<TestDatabase & { contextKey: string }> {
  const db = await createTestDatabase(inject('legalPostgres'), {
    prefix: 'legal_data',
    template: {
      name: `legal_tpl_${await migrationsFingerprint()}`,
      build: async (url) => void (await createMigrator({ connectionString: url }).up()),
    },
  });
  afterAll(() => db.drop());
  return Object.assign(db, { contextKey: await readContextKey(db.url) });
}

/**
 * A login role that is only a member of legal_app, as an application would use, and the
 * URL that connects with it. Dropped after the file.
 */
export async function appLogin(db: TestDatabase): Promise<string> {
  const name = `legal_app_login_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await query(db.url, `create role ${name} login password '${password}'; grant legal_app to ${name}`);
  afterAll(async () => {
    await query(db.url, `drop owned by ${name}; drop role if exists ${name}`).catch(() => {});
  });
  const url = new URL(db.url);
  url.username = name;
  url.password = password;
  return url.toString();
}

/** Creates a tenant (with its default roles) and one lawyer; returns their ids. Runs as the superuser. */
export async function createFirm(url: string, slug: string): Promise<{ tenantId: string; userId: string }> {
  const [tenant] = await query<{ id: string }>(
    url,
    `insert into legal.tenants (slug, name) values ($1, $2) returning id`,
    [slug, `Firm ${slug}`],
  );
  const tenantId = tenant?.id as string;
  const [user] = await query<{ id: string }>(
    url,
    `insert into legal.users (tenant_id, email, password_hash, full_name) values ($1, $2, 'x', 'Lee Lawyer') returning id`,
    [tenantId, `lee@${slug}.example`],
  );
  return { tenantId, userId: user?.id as string };
}

/** Adds a user with a role to a firm (as the superuser); returns the id. */
export async function addUser(url: string, tenantId: string, role: string, email: string): Promise<string> {
  const [user] = await query<{ id: string }>(
    url,
    `insert into legal.users (tenant_id, email, password_hash, full_name, role) values ($1, $2, 'x', $3, $4) returning id`,
    [tenantId, email, `User ${role}`, role],
  );
  return user?.id as string;
}
