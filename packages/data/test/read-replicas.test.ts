/**
 * Read replicas: a streaming replica (a hot standby started by @legal/testing with
 * pg_basebackup) serves read-only units; read-your-writes waits for it to replay the firm's
 * last write, or reads the primary. The replica is made to lag (recovery_min_apply_delay)
 * so that waiting is needed, and shown to be needed.
 */
import { createMigrator, readContextKey } from '@legal/schema';
import { findFreePort, startPostgres, startReplica } from '@legal/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createLegalDb, type LegalDb, type TenantScope } from '../src/index.js';
import { createFirm } from './support/legal-database.js';

const primary = await startPostgres({ provider: 'local', local: { settings: { wal_level: 'replica' } } });
afterAll(() => primary.stop());
await createMigrator({ connectionString: primary.url }).up();
const firm = await createFirm(primary.url, 'replicated');
const other = await createFirm(primary.url, 'elsewhere');
const contextKey = await readContextKey(primary.url);
// the standby applies what it receives 400 ms late
const replica = await startReplica(primary, { settings: { recovery_min_apply_delay: '400ms' } });
afterAll(() => replica.stop());

const ctx = { tenantId: firm.tenantId, userId: firm.userId };
const dbs: LegalDb[] = [];
const legalDb = (readYourWrites: 'wait' | 'primary' | 'none') => {
  const db = createLegalDb({ connectionString: primary.url, readReplicas: [replica.url], readYourWrites, contextKey });
  dbs.push(db);
  return db;
};
afterAll(() => Promise.all(dbs.map((db) => db.close())));
const inRecovery = async (t: TenantScope) =>
  (await sql<{ r: boolean }>`select pg_is_in_recovery() as r`.execute(t.db)).rows[0]?.r;
const onStandby = (db: LegalDb, readOnly: boolean, context = ctx) => db.withTenant(context, inRecovery, { readOnly });
/** A read-only unit's view: the firm's client ids, and whether it ran on the standby. */
const readBack = (db: LegalDb) =>
  db.withTenant(
    ctx,
    async (t) => [(await t.clients.list({ limit: 100 })).items.map((c) => c.id), await inRecovery(t)] as const,
    { readOnly: true },
  );

describe('read replicas', () => {
  it('read-only units run on the replica, the others on the primary; a write in a read-only unit is refused', async () => {
    const db = legalDb('none');
    expect(await onStandby(db, true)).toBe(true);
    expect(await onStandby(db, false)).toBe(false);
    await expect(
      db.withTenant(ctx, (t) => t.clients.create({ name: 'Nope' }), { readOnly: true }),
    ).rejects.toMatchObject({ code: expect.any(String) });
  });

  it('without read-your-writes, a read right after a write misses it (the replica lags)', async () => {
    const db = legalDb('none');
    const made = await db.withTenant(ctx, (t) => t.clients.create({ name: 'Lagging' }));
    const seen = await db.withTenant(ctx, (t) => t.clients.list(), { readOnly: true });
    expect(seen.items.map((c) => c.id)).not.toContain(made.id);
  });

  it("'wait': every read right after a write sees it, on the replica", async () => {
    const db = legalDb('wait');
    for (let i = 0; i < 5; i++) {
      const made = await db.withTenant(ctx, (t) => t.clients.create({ name: `Waited ${i}` }));
      const [seen, standby] = await readBack(db);
      expect(seen, `round ${i}`).toContain(made.id);
      expect(standby).toBe(true);
    }
  });

  it("'primary': a read right after a write goes to the primary and sees it", async () => {
    const db = legalDb('primary');
    const made = await db.withTenant(ctx, (t) => t.clients.create({ name: 'Primary' }));
    const [seen, standby] = await readBack(db);
    expect(seen).toContain(made.id);
    expect(standby).toBe(false);
    // another firm, which wrote nothing, still reads the replica right after this firm's write
    await db.withTenant(ctx, (t) => t.clients.create({ name: 'Primary again' }));
    const elsewhere = await onStandby(db, true, { tenantId: other.tenantId, userId: other.userId });
    expect(elsewhere).toBe(true);
  });

  it('a replica that does not answer: a firm that wrote reads the primary; otherwise a typed DatabaseUnavailableError', async () => {
    const dead = `postgres://postgres:x@127.0.0.1:${await findFreePort()}/postgres`;
    const db = createLegalDb({
      connectionString: primary.url,
      readReplicas: [dead],
      readYourWrites: 'wait',
      replicaWaitMs: 50,
      contextKey,
    });
    dbs.push(db);
    const made = await db.withTenant(ctx, (t) => t.clients.create({ name: 'Replica down' }));
    const seen = await db.withTenant(ctx, (t) => t.clients.get(made.id), { readOnly: true });
    expect(seen.id).toBe(made.id);
    await expect(
      db.withTenant({ tenantId: other.tenantId, userId: other.userId }, (t) => t.clients.list(), { readOnly: true }),
    ).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });
});
