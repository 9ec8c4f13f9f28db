import { query } from '@legal/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLegalDb, SerializationError, TenantContextError, ValidationError } from '../src/index.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';
import { spiedPool } from './support/wire-spy.js';

const database = await legalDatabase();
const loginUrl = await appLogin(database);
const firmA = await createFirm(database.url, 'with-a');
const firmB = await createFirm(database.url, 'with-b');
const ctxA = { tenantId: firmA.tenantId, userId: firmA.userId };

/** A pool of one connection, so the next transaction reuses the previous one's connection. */
function spiedDb() {
  const { pool, flights } = spiedPool(loginUrl, 1);
  const connect = vi.spyOn(pool, 'connect');
  const db = createLegalDb({ contextKey: database.contextKey, pool });
  afterAll(async () => {
    await db.close();
    await pool.end();
  });
  const texts = () => flights.flatMap((f) => f.statements);
  return { db, pool, flights, texts, connect };
}

describe('withTenant', () => {
  it('sends BEGIN, the role and the signed context (limits and request details inside it) with the first statement, in one flight', async () => {
    const { db, flights } = spiedDb();
    const seen = await db.withTenant(
      { ...ctxA, ip: '198.51.100.4', requestId: 'req-1', userAgent: 'vitest', reason: 'review' },
      async (t) =>
        await t.db
          .selectNoFrom((eb) => [
            eb.fn<string>('current_setting', [eb.val('legal.tenant_id')]).as('tenant'),
            eb.fn<string>('current_setting', [eb.val('role')]).as('role'),
            eb.fn<string>('current_setting', [eb.val('statement_timeout')]).as('statementTimeout'),
            eb.fn<string>('current_setting', [eb.val('lock_timeout')]).as('lockTimeout'),
            eb.fn<string>('current_setting', [eb.val('jit')]).as('jit'),
            eb.fn<string>('current_setting', [eb.val('legal.ip')]).as('ip'),
            eb.fn<string>('current_setting', [eb.val('legal.user_agent')]).as('userAgent'),
            eb.fn<string>('current_setting', [eb.val('legal.request_id')]).as('requestId'),
            eb.fn<string>('current_setting', [eb.val('legal.reason')]).as('reason'),
          ])
          .executeTakeFirst(),
      { statementTimeoutMs: 30_000 },
    );
    expect(seen).toEqual({
      tenant: firmA.tenantId,
      role: 'legal_app',
      statementTimeout: '30s',
      lockTimeout: '0',
      jit: 'off',
      ip: '198.51.100.4',
      userAgent: 'vitest',
      requestId: 'req-1',
      reason: 'review',
    });
    expect(flights[0]?.statements.slice(0, -2)).toEqual([
      'BEGIN',
      'SET LOCAL ROLE legal_app',
      // the tenant, the user, what they may do, the limits and the request details: set by
      // the database from the signed ticket (one statement, nothing spliced into SQL text)
      'select legal.enter_unit($1) as grants',
    ]);
  });

  it('sees only its own tenant, under RLS as legal_app', async () => {
    const { db } = spiedDb();
    await query(database.url, `insert into legal.clients (tenant_id, name) values ($1, 'Only in B')`, [firmB.tenantId]);
    const names = await db.withTenant(ctxA, (t) => t.db.selectFrom('clients').select('name').execute());
    expect(names).toEqual([]);
  });

  it('rolls back when fn throws, and the connection it used carries no role or context afterwards', async () => {
    const { db, pool } = spiedDb();
    const boom = new Error('boom');
    await expect(
      db.withTenant(ctxA, async (t) => {
        await t.db.insertInto('clients').values({ name: 'Never saved' }).execute();
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(
      await query(database.url, `select count(*)::int as n from legal.clients where name = 'Never saved'`),
    ).toEqual([{ n: 0 }]);

    const client = await pool.connect(); // the same (only) connection
    try {
      const { rows } = await client.query(
        "select current_user as user, current_setting('role') as role, coalesce(current_setting('legal.tenant_id', true), '') as tenant, coalesce(current_setting('legal.user_id', true), '') as actor",
      );
      expect(rows[0]).toEqual({ user: new URL(loginUrl).username, role: 'none', tenant: '', actor: '' });
    } finally {
      client.release();
    }
  });

  it.each([
    ['a malformed tenant id', { ...ctxA, tenantId: 'not-a-uuid' }, 'tenantId'],
    ['SQL in the tenant id', { ...ctxA, tenantId: `${firmB.tenantId}'; reset role; --` }, 'tenantId'],
    ['SQL in the user id', { ...ctxA, userId: "' or 1=1 --" }, 'userId'],
    ['SQL in the ip', { ...ctxA, ip: "127.0.0.1'; drop schema legal cascade; --" }, 'ip'],
    ['SQL in the request id', { ...ctxA, requestId: "req'; set local role legal_system; --" }, 'requestId'],
    ['a control character in the user agent', { ...ctxA, userAgent: 'ua\u0000; drop' }, 'userAgent'],
    ['an unknown field', { ...ctxA, role: 'legal_system' }, 'role'],
  ])('rejects %s before any statement reaches the server', async (_what, context, field) => {
    const { db, connect, texts } = spiedDb();
    const error = await db.withTenant(context as typeof ctxA, async () => 'ran').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenantContextError);
    expect((error as TenantContextError).issues.map((i) => i.path)).toContain(field);
    expect(connect).not.toHaveBeenCalled();
    expect(texts()).toEqual([]);
  });

  it('keeps quotes in free-text fields as data (the user agent reaches the audit trail verbatim)', async () => {
    const { db } = spiedDb();
    const userAgent = `Mozilla/5.0 (it's "fine"); select 'x' --`;
    const id = await db.withTenant(
      { ...ctxA, userAgent },
      async (t) =>
        (await t.db.insertInto('clients').values({ name: 'Quoted' }).returning('id').executeTakeFirstOrThrow()).id,
    );
    expect(
      await query(
        database.url,
        `select user_agent from legal.audit_log where table_name = 'clients' and record_id = $1`,
        [id],
      ),
    ).toEqual([{ user_agent: userAgent }]);
  });

  it('retries a serialization failure when asked, and surfaces it otherwise', async () => {
    await query(
      database.url,
      `create sequence if not exists public.fail_every_other;
       create or replace function public.fail_every_other() returns void language plpgsql as $$
       begin if nextval('public.fail_every_other') % 2 = 1 then raise exception 'simulated conflict' using errcode = '40001'; end if; end $$;
       grant usage on sequence public.fail_every_other to legal_app; grant execute on function public.fail_every_other() to legal_app;
       select setval('public.fail_every_other', 2);`,
    );
    const { db } = spiedDb();
    let attempts = 0;
    const run = (retries: number) =>
      db.withTenant(
        ctxA,
        async (t) => {
          attempts++;
          await t.db.selectNoFrom((eb) => eb.fn('public.fail_every_other', []).as('x')).execute();
          return 'done';
        },
        { retries, isolationLevel: 'serializable' },
      );
    await expect(run(2)).resolves.toBe('done');
    expect(attempts).toBe(2);
    attempts = 0;
    await expect(run(0)).rejects.toBeInstanceOf(SerializationError);
    expect(attempts).toBe(1);
  });

  it('honours read only', async () => {
    const { db } = spiedDb();
    const error = await db
      .withTenant(ctxA, (t) => t.db.insertInto('clients').values({ name: 'Nope' }).execute(), { readOnly: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATABASE_ERROR' });
    expect(((error as Error).cause as { code: string }).code).toBe('25006');
  });

  it('returns dates as calendar days, money as exact strings', async () => {
    const { db } = spiedDb();
    const row = await db.withTenant(ctxA, async (t) => {
      await t.db
        .insertInto('cases')
        .values({ ownerId: firmA.userId, title: 'Dated case', incidentDate: '2026-01-15', caseValue: '12345.67' })
        .execute();
      return t.db
        .selectFrom('cases')
        .select(['incidentDate', 'caseValue'])
        .where('title', '=', 'Dated case')
        .executeTakeFirstOrThrow();
    });
    expect(row).toEqual({ incidentDate: '2026-01-15', caseValue: '12345.67' });
  });
});

describe('asSystem', () => {
  it('works across tenants as legal_system, and audits the use with its reason', async () => {
    const db = createLegalDb({ contextKey: database.contextKey, connectionString: database.url });
    try {
      const tenants = await db.asSystem({ reason: 'nightly report', requestId: 'job-7' }, (s) =>
        s.db.selectFrom('tenants').select('slug').where('slug', 'in', ['with-a', 'with-b']).orderBy('slug').execute(),
      );
      expect(tenants.map((t) => t.slug)).toEqual(['with-a', 'with-b']);
      const [event] = await query(
        database.url,
        `select tenant_id, reason, request_id, db_role from legal.audit_log where action = 'system_access' order by occurred_at desc limit 1`,
      );
      expect(event).toEqual({
        tenant_id: '00000000-0000-0000-0000-000000000000',
        reason: 'nightly report',
        request_id: 'job-7',
        db_role: 'legal_system',
      });
    } finally {
      await db.close();
    }
  });

  it('needs a reason', async () => {
    const db = createLegalDb({ contextKey: database.contextKey, connectionString: database.url });
    await expect(db.asSystem({ reason: '  ' }, async () => 1)).rejects.toBeInstanceOf(ValidationError);
    await db.close();
  });
});

describe('concurrency (property-based)', () => {
  it('50 concurrent transactions over 4 connections across 10 tenants each see only their own tenant', async () => {
    const fc = await import('fast-check');
    const firms: { tenantId: string; userId: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const firm = await createFirm(database.url, `conc-${i}`);
      for (let n = 0; n <= i; n++) {
        await query(database.url, 'insert into legal.clients (tenant_id, name) values ($1, $2)', [
          firm.tenantId,
          `client ${i}.${n}`,
        ]);
      }
      firms.push(firm);
    }
    const db = createLegalDb({ contextKey: database.contextKey, connectionString: loginUrl, maxConnections: 4 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ firm: fc.integer({ min: 0, max: 9 }), pause: fc.integer({ min: 0, max: 3 }) }), {
            minLength: 50,
            maxLength: 50,
          }),
          async (ops) => {
            const results = await Promise.all(
              ops.map((op) => {
                const firm = firms[op.firm] as (typeof firms)[number];
                return db.withTenant({ tenantId: firm.tenantId, userId: firm.userId }, async (t) => {
                  await new Promise((r) => setTimeout(r, op.pause));
                  const rows = await t.db.selectFrom('clients').select(['tenantId', 'name']).execute();
                  return { op, rows };
                });
              }),
            );
            for (const { op, rows } of results) {
              const tenantId = firms[op.firm]?.tenantId;
              if (rows.length !== op.firm + 1 || rows.some((r) => r.tenantId !== tenantId)) return false;
            }
            return true;
          },
        ),
        { numRuns: 25, seed: 20261124 },
      );
    } finally {
      await db.close();
    }
  });
});
