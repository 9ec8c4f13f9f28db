import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { createLegalDb, ForbiddenError, NotFoundError, ValidationError } from '../src/index.js';
import type { Hostile } from './support/hostile.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({ contextKey: database.contextKey, connectionString: await appLogin(database) });
const firm = await createFirm(database.url, 'clients-a');
const viewer = await addUser(database.url, firm.tenantId, 'viewer', 'viewer@clients-a.example');
const ctx = { tenantId: firm.tenantId, userId: firm.userId };
const count = async () =>
  (await query<{ n: number }>(database.url, 'select count(*)::int as n from legal.clients'))[0]?.n;

async function invalid(fn: (t: Hostile) => Promise<unknown>): Promise<string[]> {
  const before = await count();
  const error = await db.withTenant(ctx, (t) => fn(t as unknown as Hostile)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect(await count()).toBe(before);
  return (error as ValidationError).issues.map((i) => i.path);
}

describe('clients', () => {
  it('create, get, find, update and list (keyset, newest first)', async () => {
    await db.withTenant(ctx, async (t) => {
      const jane = await t.clients.create({
        name: 'Jane Smith',
        email: 'jane@example.com',
        address: { city: 'Leeds' },
      });
      expect(jane).toMatchObject({
        name: 'Jane Smith',
        kind: 'person',
        address: { city: 'Leeds' },
        createdBy: firm.userId,
        tenantId: firm.tenantId,
      });
      const acme = await t.clients.create({ kind: 'company', name: 'Acme', companyName: 'Acme Ltd' });
      expect(await t.clients.get(jane.id)).toEqual(jane);
      expect(await t.clients.find('0a0a0a0a-0000-4000-8000-000000000000')).toBeUndefined();
      const updated = await t.clients.update(acme.id, { phone: '+44 113 496 0000' });
      expect(updated.phone).toBe('+44 113 496 0000');
    });
    // one transaction each: rows of one transaction share created_at (its start time)
    for (let i = 0; i < 3; i++) await db.withTenant(ctx, (t) => t.clients.create({ name: `Client ${i}` }));
    await db.withTenant(ctx, async (t) => {
      const first = await t.clients.list({ limit: 2 });
      expect(first.items.map((c) => c.name)).toEqual(['Client 2', 'Client 1']);
      const second = await t.clients.list({ limit: 2, cursor: first.nextCursor });
      const third = await t.clients.list({ limit: 2, cursor: second.nextCursor });
      const names = [...second.items, ...third.items].map((c) => c.name);
      expect(names[0]).toBe('Client 0');
      // Jane and Acme were created in one transaction: same created_at, ordered by id
      expect(names.slice(1).sort()).toEqual(['Acme', 'Jane Smith']);
      expect(third.nextCursor).toBeUndefined();
    });
  });

  it('get and update throw NotFoundError for an unknown id', async () => {
    await db.withTenant(ctx, async (t) => {
      await expect(t.clients.get('0a0a0a0a-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
      await expect(t.clients.update('0a0a0a0a-0000-4000-8000-000000000000', { name: 'X Y' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });

  it.each([
    ['create without a name', (t: Hostile) => t.clients.create({ name: '  ' }), ['name']],
    ['create with a bad email', (t: Hostile) => t.clients.create({ name: 'A B', email: 'nope' }), ['email']],
    [
      'create a company without its company name',
      (t: Hostile) => t.clients.create({ kind: 'company', name: 'X' }),
      ['companyName'],
    ],
    ['create with an unknown field', (t: Hostile) => t.clients.create({ name: 'A B', ssn: '123' }), ['ssn']],
    [
      'update with an empty patch',
      (t: Hostile) => t.clients.update('0a0a0a0a-0000-4000-8000-000000000000', {}),
      ['patch'],
    ],
    [
      'update with a bad phone',
      (t: Hostile) => t.clients.update('0a0a0a0a-0000-4000-8000-000000000000', { phone: 'call me' }),
      ['phone'],
    ],
    ['get with a malformed id', (t: Hostile) => t.clients.get('42'), ['id']],
    ['list with a forged cursor', (t: Hostile) => t.clients.list({ cursor: 'bm9wZQ' }), ['cursor']],
    ['list with a limit of 1000', (t: Hostile) => t.clients.list({ limit: 1000 }), ['limit']],
  ])('rejects %s with a ValidationError naming the field, writing nothing', async (_what, fn, paths) => {
    expect(await invalid(fn)).toEqual(paths);
  });

  it('needs clients.manage to write (a viewer may only read)', async () => {
    await db.withTenant({ tenantId: firm.tenantId, userId: viewer }, async (t) => {
      await expect(t.clients.list()).resolves.toBeDefined();
      await expect(t.clients.create({ name: 'Not allowed' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        permission: 'clients.manage',
      });
      expect(await t.roles.hasPermission('clients.manage')).toBe(false);
      expect(await t.roles.hasPermission('clients.read')).toBe(true);
    });
    await expect(
      db.withTenant({ tenantId: firm.tenantId, userId: viewer }, (t) => t.clients.create({ name: 'No' })),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
