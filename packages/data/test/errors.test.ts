import { findFreePort, query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import {
  CheckViolationError,
  ConflictError,
  createLegalDb,
  DatabaseUnavailableError,
  ForbiddenError,
  ForeignKeyError,
  InvalidTransitionError,
  LegalError,
  SerializationError,
  ValidationError,
  wrapError,
} from '../src/index.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({ contextKey: database.contextKey, connectionString: await appLogin(database) });
const firm = await createFirm(database.url, 'errors-a');
const other = await createFirm(database.url, 'errors-b');
// an administrator: the access rules would otherwise refuse some of these writes before the database's constraints see them
await query(database.url, "update legal.users set role = 'admin' where id = $1", [firm.userId]);
const ctx = { tenantId: firm.tenantId, userId: firm.userId };

async function failure(fn: Parameters<typeof db.withTenant>[1]): Promise<LegalError> {
  const error = await db.withTenant(ctx, fn).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LegalError);
  return error as LegalError;
}

describe('database errors become typed errors (one mapping, by SQLSTATE)', () => {
  it('23505 → ConflictError naming the constraint, never the value', async () => {
    const secretEmail = 'lee@errors-a.example';
    const error = await failure((t) =>
      t.db
        .insertInto('users')
        .values({ email: secretEmail.toUpperCase(), passwordHash: 'x', fullName: 'Twin' })
        .execute(),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', constraint: 'users_email_key' });
    expect(error.message).not.toContain('errors-a.example');
    expect((error.cause as { code: string }).code).toBe('23505');
  });

  it('23503 → ForeignKeyError (a reference into another tenant does not exist here)', async () => {
    const error = await failure((t) =>
      t.db.insertInto('cases').values({ ownerId: other.userId, title: 'Borrowed owner' }).execute(),
    );
    expect(error).toBeInstanceOf(ForeignKeyError);
    expect(error).toMatchObject({ code: 'FOREIGN_KEY', constraint: 'cases_tenant_id_owner_id_fkey' });
  });

  it('23514 → CheckViolationError naming the constraint', async () => {
    const error = await failure((t) =>
      t.db.insertInto('cases').values({ ownerId: firm.userId, title: 'ab' }).execute(),
    );
    expect(error).toBeInstanceOf(CheckViolationError);
    expect(error).toMatchObject({ code: 'CHECK_VIOLATION', constraint: 'cases_valid_title_length' });
  });

  it('42501 (row level security) → ForbiddenError', async () => {
    const error = await failure((t) =>
      t.db.insertInto('clients').values({ tenantId: other.tenantId, name: 'Smuggled' }).execute(),
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe('Not allowed by the access rules (row level security)');
  });

  it('LG001 (the workflow trigger) → InvalidTransitionError with both statuses and the allowed ones', async () => {
    const error = await failure(async (t) => {
      const { id } = await t.db
        .insertInto('cases')
        .values({ ownerId: firm.userId, title: 'Workflow' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db.updateTable('cases').set({ status: 'completed' }).where('id', '=', id).execute();
    });
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect(error).toMatchObject({
      code: 'INVALID_TRANSITION',
      from: 'new',
      to: 'completed',
      allowed: ['on_hold', 'pending_review'],
    });
  });

  it('22P02 / 23502 → ValidationError naming the field', async () => {
    const error = await failure((t) =>
      t.db
        .insertInto('clients')
        .values({ name: null as unknown as string })
        .execute(),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'name', message: 'is required' }]);
  });

  it('an unreachable server → DatabaseUnavailableError', async () => {
    const port = await findFreePort();
    const down = createLegalDb({
      contextKey: database.contextKey,
      connectionString: `postgres://app:secret-pw@127.0.0.1:${port}/legal`,
    });
    const error = await down.withTenant(ctx, async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toBe('The database is unavailable (ECONNREFUSED)');
    expect((error as Error).message).not.toContain('secret-pw');
    await down.close();
  });

  it('leaves nothing written when a statement fails', async () => {
    await failure(async (t) => {
      await t.db.insertInto('clients').values({ name: 'Half written' }).execute();
      await t.db.insertInto('cases').values({ ownerId: firm.userId, title: 'x' }).execute();
    });
    expect(
      await query(database.url, `select count(*)::int as n from legal.clients where name = 'Half written'`),
    ).toEqual([{ n: 0 }]);
  });
});

it("Citus: a unit that met its firm's shard being moved fails as a retryable SerializationError, not a raw XX000", () => {
  // the error Citus raised in packages/data/test-citus/tenant-operations.test.ts during a shard move
  const raw = Object.assign(new Error('could not find valid entry for shard 102018'), {
    code: 'XX000',
    severity: 'ERROR',
  });
  const typed = wrapError(raw);
  expect(typed).toBeInstanceOf(SerializationError);
  expect(typed.code).toBe('SERIALIZATION');
  // any other internal error stays a DATABASE_ERROR
  expect(wrapError(Object.assign(new Error('cache lookup failed'), { code: 'XX000' })).code).toBe('DATABASE_ERROR');
});

it('close() is idempotent and refuses later work', async () => {
  await db.close();
  await expect(db.close()).resolves.toBeUndefined();
  await expect(db.withTenant(ctx, async () => 1)).rejects.toThrow('This LegalDb is closed');
});
