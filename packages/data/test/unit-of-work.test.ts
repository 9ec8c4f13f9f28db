import { query } from '@legal/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  ConnectionLostError,
  createLegalDb,
  DeadlockError,
  ForbiddenError,
  LockTimeoutError,
  ScopeClosedError,
  StatementTimeoutError,
  type TenantScope,
  TransactionAbortedError,
  UnawaitedWorkError,
  UnsupportedStatementError,
  ValidationError,
} from '../src/index.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';
import { spiedPool, startProxy } from './support/wire-spy.js';

const database = await legalDatabase();
const loginUrl = await appLogin(database);
const firmA = await createFirm(database.url, 'uow-a');
const firmB = await createFirm(database.url, 'uow-b');
const ctxA = { tenantId: firmA.tenantId, userId: firmA.userId };
const ctxB = { tenantId: firmB.tenantId, userId: firmB.userId };

/** A LegalDb over one spied connection (so consecutive units share it), warmed up. */
async function spiedDb(url = loginUrl, max = 1) {
  const spy = spiedPool(url, max);
  const db = createLegalDb({ contextKey: database.contextKey, pool: spy.pool });
  await db.withTenant(ctxA, (t) => t.db.selectNoFrom((eb) => eb.lit(1).as('warm')).execute());
  await settled(db);
  spy.reset();
  afterAll(async () => {
    await db.close();
    await spy.pool.end();
  });
  return { db, ...spy };
}

/** Waits until every unit of `db` has released its connection (a unit on each connection of a max-1 pool runs after). */
async function settled(db: ReturnType<typeof createLegalDb>) {
  await db.withTenant(ctxA, async () => undefined);
}

const count = async (name: string, tenantId = firmA.tenantId) =>
  (
    await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.clients where tenant_id = $1 and name = $2',
      [tenantId, name],
    )
  )[0]?.n;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('round trips', () => {
  it('a one-statement unit is one flight (BEGIN + context + statement + write probe, one Sync); the caller does not wait for the COMMIT of a unit that wrote nothing', async () => {
    const { db, flights, ready } = await spiedDb();
    const names = await db.withTenant(ctxA, (t) => t.db.selectFrom('clients').select('name').execute());
    const readyWhenResolved = ready.count;
    expect(names).toEqual([]);
    expect(readyWhenResolved).toBe(1);
    await settled(db);
    const [first, second] = flights;
    expect(first?.statements[0]).toBe('BEGIN');
    expect(first?.statements).toContain('SET LOCAL ROLE legal_app');
    // the unit names its firm in the query (one shard on Citus)
    expect(first?.statements.at(-2)).toMatch(
      /^select "name" from "legal"\."clients" where "legal"\."clients"\."tenant_id" = \$1$/,
    );
    expect(first?.statements.at(-1)).toMatch(/pg_current_xact_id_if_assigned/);
    expect(second?.statements).toEqual(['COMMIT']);
  });

  it('a unit that writes waits for its COMMIT: N statements cost N + 1 flights', async () => {
    const { db, flights, ready } = await spiedDb();
    const readyWhenResolved = await db
      .withTenant(ctxA, async (t) => {
        await t.db.insertInto('clients').values({ name: 'RT one' }).execute();
        await t.db.insertInto('clients').values({ name: 'RT two' }).execute();
        await t.db.selectFrom('clients').select('name').execute();
      })
      .then(() => ready.count);
    expect(flights).toHaveLength(4);
    expect(readyWhenResolved).toBe(4);
    expect(flights[3]?.statements).toEqual(['COMMIT']);
    expect(await count('RT one')).toBe(1);
  });

  it('a unit that sends nothing costs nothing, and a savepoint travels with the next statement', async () => {
    const { db, flights } = await spiedDb();
    await db.withTenant(ctxA, async () => 'nothing');
    expect(flights).toEqual([]);
    await db.withTenant(ctxA, async (t) => {
      await t.savepoint((sp) => sp.db.insertInto('clients').values({ name: 'RT saved' }).execute());
      await t.db.selectFrom('clients').select('name').execute();
    });
    expect(flights.map((f) => f.statements.filter((s) => /SAVEPOINT|COMMIT|^insert|^select "name"/.test(s)))).toEqual([
      ['SAVEPOINT legal_sp_1', expect.stringMatching(/^insert into "legal"."clients"/)],
      ['RELEASE SAVEPOINT legal_sp_1', expect.stringMatching(/^select "name"/)],
      ['COMMIT'],
    ]);
  });
});

describe('commit coalescing on a pool the SDK owns', () => {
  /** Records each flight's statement texts on every connection of the process (restored after). */
  function recordFlights() {
    const proto = (pg as unknown as { Connection: { prototype: Record<string, (...a: never[]) => unknown> } })
      .Connection.prototype;
    const { parse, bind, sync } = proto;
    const flights: string[][] = [];
    let current: string[] = [];
    const texts = new WeakMap<object, Map<string, string>>();
    const textsOf = (c: object) => texts.get(c) ?? (texts.set(c, new Map()).get(c) as Map<string, string>);
    proto.parse = function (this: object, m: { text: string; name?: string }) {
      textsOf(this).set(m.name ?? '', m.text);
      return (parse as (m: unknown) => unknown).call(this, m);
    } as never;
    proto.bind = function (this: object, m: { statement?: string }) {
      current.push(textsOf(this).get(m.statement ?? '') ?? '?');
      return (bind as (m: unknown) => unknown).call(this, m);
    } as never;
    proto.sync = function (this: object) {
      flights.push(current);
      current = [];
      return (sync as () => unknown).call(this);
    } as never;
    return {
      flights,
      restore() {
        Object.assign(proto, { parse, bind, sync });
      },
    };
  }

  it("a unit that wrote nothing leaves its COMMIT to the next unit's first flight: one flight per unit", async () => {
    const db = createLegalDb({ contextKey: database.contextKey, connectionString: loginUrl, maxConnections: 1 });
    const spy = recordFlights();
    try {
      const read = () => db.withTenant(ctxA, (t) => t.db.selectFrom('clients').select('name').execute());
      await read();
      spy.flights.length = 0;
      await read();
      await read();
      expect(spy.flights).toHaveLength(2);
      expect(spy.flights[1]?.[0]).toBe('COMMIT'); // the previous unit's, in front of this unit's BEGIN
      expect(spy.flights[1]?.[1]).toBe('BEGIN');
    } finally {
      spy.restore();
      await db.close();
    }
  });

  it('when no unit follows, the owed COMMIT goes out on its own within the turn: no connection stays idle in transaction', async () => {
    const db = createLegalDb({ contextKey: database.contextKey, connectionString: loginUrl, maxConnections: 1 });
    try {
      const pid = await db.withTenant(ctxA, async (t) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db);
        return rows[0]?.pid;
      });
      await sleep(100);
      const [row] = await query<{ state: string }>(database.url, 'select state from pg_stat_activity where pid = $1', [
        pid,
      ]);
      expect(row?.state).toBe('idle');
    } finally {
      await db.close();
    }
  });

  it('a unit that wrote waits for its own COMMIT (nothing is left owed), and a write is visible as soon as withTenant resolves', async () => {
    const db = createLegalDb({ contextKey: database.contextKey, connectionString: loginUrl, maxConnections: 1 });
    const spy = recordFlights();
    try {
      await db.withTenant(ctxA, (t) => t.db.insertInto('clients').values({ name: 'Coalesce write' }).execute());
      expect(spy.flights.at(-1)).toEqual(['COMMIT']);
      expect(await count('Coalesce write')).toBe(1);
    } finally {
      spy.restore();
      await db.close();
    }
  });
});

describe('fail closed', () => {
  it("when the context is refused, the caller's statement (sent in the same flight) never runs", async () => {
    const url = await appLogin(database);
    const { db, flights } = await spiedDb(url);
    await query(database.url, `revoke legal_app from ${new URL(url).username}`);
    try {
      const error = await db
        .withTenant(ctxA, (t) => t.db.insertInto('clients').values({ name: 'Behind a broken context' }).execute())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(flights[0]?.statements.some((s) => s.startsWith('insert into "legal"."clients"'))).toBe(true);
      expect(await count('Behind a broken context')).toBe(0);
    } finally {
      await query(database.url, `grant legal_app to ${new URL(url).username}`);
    }
  });

  it('after a refused context nothing more is sent, even when fn catches the error and goes on', async () => {
    const url = await appLogin(database);
    const { db, flights } = await spiedDb(url);
    await query(database.url, `revoke legal_app from ${new URL(url).username}`);
    try {
      const error = await db
        .withTenant(ctxA, async (t) => {
          await t.db
            .selectFrom('clients')
            .selectAll()
            .execute()
            .catch(() => 'swallowed');
          await t.db.insertInto('clients').values({ name: 'After a swallowed context error' }).execute();
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(flights.filter((f) => f.statements.some((s) => s.startsWith('insert')))).toEqual([]);
      expect(await count('After a swallowed context error')).toBe(0);
    } finally {
      await query(database.url, `grant legal_app to ${new URL(url).username}`);
    }
  });
});

describe('a dead connection is a typed error, and the process lives on', () => {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  afterAll(() => {
    process.off('uncaughtException', onUncaught);
    expect(uncaught).toEqual([]);
  });

  it('pg_terminate_backend during a unit → ConnectionLostError; the pool replaces the connection', async () => {
    const { db, pool } = await spiedDb();
    const error = await db
      .withTenant(ctxA, async (t) => {
        await t.db.insertInto('clients').values({ name: 'Before termination' }).execute();
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db);
        const pid = rows[0]?.pid;
        await query(database.url, 'select pg_terminate_backend($1)', [pid]);
        await sleep(50);
        await t.db.selectFrom('clients').select('name').execute();
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((error as ConnectionLostError).duringCommit).toBe(false);
    expect(await count('Before termination')).toBe(0);
    await expect(db.withTenant(ctxA, (t) => t.db.selectFrom('clients').select('name').execute())).resolves.toEqual(
      expect.any(Array),
    );
    expect(pool.totalCount).toBe(1);
  });

  it('idle_in_transaction_session_timeout → ConnectionLostError', async () => {
    const { db } = await spiedDb();
    const error = await db
      .withTenant(ctxA, async (t) => {
        await sql.raw('set local idle_in_transaction_session_timeout = 100').execute(t.db);
        await sleep(400);
        await t.db.selectFrom('clients').select('name').execute();
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    await expect(
      db.withTenant(ctxA, async (t) => (await sql`select pg_backend_pid()`.execute(t.db)).rows.length),
    ).resolves.toBe(1);
  });

  it('a cut network link → ConnectionLostError', async () => {
    const target = new URL(loginUrl);
    const proxy = await startProxy({ host: target.hostname, port: Number(target.port) });
    afterAll(() => proxy.close());
    const { db } = await spiedDb(proxy.url(loginUrl));
    const error = await db
      .withTenant(ctxA, async (t) => {
        await t.db.selectFrom('clients').select('name').execute();
        proxy.cut();
        await sleep(20);
        await t.db.selectFrom('clients').select('name').execute();
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    await expect(db.withTenant(ctxA, (t) => t.db.selectFrom('clients').select('name').execute())).resolves.toEqual(
      expect.any(Array),
    );
  });
});

describe('an aborted transaction is never reported as committed', () => {
  it('fn catches a failed statement and returns: withTenant rejects naming the first failure; earlier writes are not committed', async () => {
    const { db } = await spiedDb();
    await query(database.url, `insert into legal.clients (tenant_id, id, name) values ($1, $2, 'Existing')`, [
      firmA.tenantId,
      '0a0a0a0a-0000-4000-8000-0000000000a1',
    ]);
    const error = await db
      .withTenant(ctxA, async (t) => {
        await t.db.insertInto('clients').values({ name: 'Written before the failure' }).execute();
        await t.db
          .insertInto('clients')
          .values({ id: '0a0a0a0a-0000-4000-8000-0000000000a1', name: 'Duplicate id' })
          .execute()
          .catch(() => 'caught');
        return 'returned normally';
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionAbortedError);
    expect((error as TransactionAbortedError).firstFailure).toBeInstanceOf(ConflictError);
    expect(await count('Written before the failure')).toBe(0);
  });

  it('t.savepoint recovers from a failed statement: the rest of the unit commits', async () => {
    const { db } = await spiedDb();
    await db.withTenant(ctxA, async (t) => {
      await t.db.insertInto('clients').values({ name: 'Kept before' }).execute();
      await expect(
        t.savepoint(async (sp) => {
          await sp.db.insertInto('clients').values({ name: 'Undone inside' }).execute();
          await sp.db
            .insertInto('clients')
            .values({ id: '0a0a0a0a-0000-4000-8000-0000000000a1', name: 'Dup' })
            .execute();
        }),
      ).rejects.toBeInstanceOf(ConflictError);
      await t.db.insertInto('clients').values({ name: 'Kept after' }).execute();
    });
    expect([await count('Kept before'), await count('Undone inside'), await count('Kept after')]).toEqual([1, 0, 1]);
  });

  it('a savepoint whose fn swallows its failure rejects too (its work is undone, the unit goes on)', async () => {
    const { db } = await spiedDb();
    await db.withTenant(ctxA, async (t) => {
      const error = await t
        .savepoint(async (sp) => {
          await sp.db.insertInto('clients').values({ name: 'Swallowed inside' }).execute();
          await sp.db
            .insertInto('clients')
            .values({ id: '0a0a0a0a-0000-4000-8000-0000000000a1', name: 'Dup' })
            .execute()
            .catch(() => undefined);
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransactionAbortedError);
      await t.db.insertInto('clients').values({ name: 'After a swallowed savepoint' }).execute();
    });
    expect([await count('Swallowed inside'), await count('After a swallowed savepoint')]).toEqual([0, 1]);
  });
});

describe('a scope cannot outlive its unit', () => {
  it('a scope kept after its unit settled throws ScopeClosedError and sends nothing, while the connection serves another firm', async () => {
    const { db, flights } = await spiedDb();
    await query(database.url, `insert into legal.clients (tenant_id, name) values ($1, 'Secret of B')`, [
      firmB.tenantId,
    ]);
    let kept: TenantScope | undefined;
    await db.withTenant(ctxA, async (t) => {
      kept = t;
    });
    const stale = kept as TenantScope;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // firm B's unit holds the only connection while A's stale scope is used
    const bUnit = db.withTenant(ctxB, async (t) => {
      const rows = await t.db.selectFrom('clients').select('name').execute();
      await gate;
      return rows.map((r) => r.name);
    });
    await sleep(20);
    const before = flights.length;
    const attempts = await Promise.allSettled([
      stale.db.selectFrom('clients').select('name').execute(),
      stale.clients.list(),
      stale.cases.list(),
      stale.savepoint(async () => 1),
    ]);
    release();
    expect(await bUnit).toEqual(['Secret of B']);
    expect(attempts.map((a) => (a.status === 'rejected' ? a.reason : a.value))).toEqual([
      expect.any(ScopeClosedError),
      expect.any(ScopeClosedError),
      expect.any(ScopeClosedError),
      expect.any(ScopeClosedError),
    ]);
    expect(flights.slice(before).flatMap((f) => f.statements)).toEqual(['COMMIT']);
  });

  it('a Promise.all branch still running after a sibling rejected cannot write (nor reach the next unit)', async () => {
    const { db, flights } = await spiedDb();
    let late: Promise<unknown> | undefined;
    const error = await db
      .withTenant(ctxA, (t) => {
        late = (async () => {
          await sleep(30);
          return t.db.insertInto('clients').values({ name: 'Late branch' }).execute();
        })();
        return Promise.all([t.db.insertInto('clients').values({ id: 'not-a-uuid', name: 'x' }).execute(), late]);
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION' });
    const bRows = await db.withTenant(ctxB, async (t) => {
      await sleep(50);
      return t.db.selectFrom('clients').select('name').execute();
    });
    await expect(late).rejects.toBeInstanceOf(ScopeClosedError);
    expect(bRows.map((r) => r.name)).not.toContain('Late branch');
    expect(flights.flatMap((f) => f.statements).filter((s) => s.includes('"clients" ("name")'))).toEqual([]);
    expect(await count('Late branch')).toBe(0);
  });

  it('a missing await fails the unit with UnawaitedWorkError naming the operation; nothing is committed', async () => {
    const { db } = await spiedDb();
    const repositoryError = await db
      .withTenant(ctxA, async (t) => {
        void t.clients.create({ name: 'Floating repository call' });
      })
      .catch((e: unknown) => e);
    expect(repositoryError).toBeInstanceOf(UnawaitedWorkError);
    expect((repositoryError as UnawaitedWorkError).operations).toEqual(['clients.create']);
    const queryError = await db
      .withTenant(ctxA, async (t) => {
        void t.db.insertInto('clients').values({ name: 'Floating query' }).execute();
      })
      .catch((e: unknown) => e);
    expect(queryError).toBeInstanceOf(UnawaitedWorkError);
    expect([await count('Floating repository call'), await count('Floating query')]).toEqual([0, 0]);
  });
});

describe('options and statements are validated before anything is sent', () => {
  it.each([
    ['an isolation level with SQL in it', { isolationLevel: 'serializable; reset role; --' }, 'isolationLevel'],
    ['an unknown isolation level', { isolationLevel: 'read uncommitted' }, 'isolationLevel'],
    ['a non-boolean readOnly', { readOnly: 'yes' }, 'readOnly'],
    ['negative retries', { retries: -1 }, 'retries'],
    ['fractional retries', { retries: 1.5 }, 'retries'],
    ['a statement timeout given as SQL', { statementTimeoutMs: '0; reset role' }, 'statementTimeoutMs'],
    ['a negative lock timeout', { lockTimeoutMs: -5 }, 'lockTimeoutMs'],
    ['an unknown option', { role: 'legal_system' }, 'role'],
  ])('rejects %s (ValidationError naming the option, nothing sent)', async (_what, options, path) => {
    const { db, flights } = await spiedDb();
    const error = await db.withTenant(ctxA, async () => 'ran', options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect(flights).toEqual([]);
  });

  it.each([
    ['COMMIT', 'commit'],
    ['ROLLBACK', 'rollback'],
    ['BEGIN', 'begin'],
    ['SAVEPOINT', '/* sneaky */ savepoint x'],
    ['RESET ROLE', 'reset role'],
    ['SET LOCAL ROLE', 'set local role legal_system'],
    ['SET SESSION AUTHORIZATION', 'set session authorization default'],
    ['SET LOCAL legal.tenant_id', `set local legal.tenant_id = '${firmB.tenantId}'`],
    ['RESET ALL', 'reset all'],
  ])('refuses %s from inside a unit (UnsupportedStatementError, nothing sent)', async (_what, text) => {
    const { db, flights } = await spiedDb();
    const error = await db.withTenant(ctxA, (t) => sql.raw(text).execute(t.db)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedStatementError);
    expect(flights.flatMap((f) => f.statements)).not.toContain(text);
  });
});

describe('a connection leaves a unit with no session state changed', () => {
  it('a session SET, LISTEN or PREPARE inside fn does not reach the next unit (the connection is discarded)', async () => {
    const { db, pids } = await spiedDb();
    const baseline = await db.withTenant(
      ctxA,
      async (t) =>
        (await sql.raw<{ v: string }>("select current_setting('search_path') as v").execute(t.db)).rows[0]?.v,
    );
    await db.withTenant(ctxA, async (t) => {
      await sql.raw('set search_path to pg_catalog').execute(t.db);
      await sql.raw('listen legal_leak').execute(t.db);
      await sql.raw('prepare leaked as select 1').execute(t.db);
    });
    const next = await db.withTenant(ctxA, async (t) => ({
      searchPath: (await sql.raw<{ v: string }>("select current_setting('search_path') as v").execute(t.db)).rows[0]?.v,
      channels: (await sql.raw('select pg_listening_channels()').execute(t.db)).rows.length,
      // the SDK's own prepared statements are named legal_<hash>; 'leaked' is the app's
      prepared: (await sql.raw("select name from pg_prepared_statements where name = 'leaked'").execute(t.db)).rows
        .length,
    }));
    expect(next).toEqual({ searchPath: baseline, channels: 0, prepared: 0 });
    expect(new Set(pids).size).toBeGreaterThan(1);
  });
});

describe('timeouts and deadlocks have their own typed errors', () => {
  it('statement timeout → StatementTimeoutError', async () => {
    const { db } = await spiedDb();
    await expect(
      db.withTenant(ctxA, (t) => sql.raw('select pg_sleep(2)').execute(t.db), { statementTimeoutMs: 50 }),
    ).rejects.toBeInstanceOf(StatementTimeoutError);
  });

  it('lock timeout → LockTimeoutError', async () => {
    const { db } = await spiedDb();
    const [row] = await query<{ id: string }>(
      database.url,
      `insert into legal.clients (tenant_id, name) values ($1, 'Locked') returning id`,
      [firmA.tenantId],
    );
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = createLegalDb({ contextKey: database.contextKey, connectionString: loginUrl });
    afterAll(() => holder.close());
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = holder.withTenant(ctxA, async (t) => {
      await t.db
        .updateTable('clients')
        .set({ name: 'Locked' })
        .where('id', '=', row?.id as string)
        .execute();
      locked();
      await held;
    });
    await isLocked;
    const error = await db
      .withTenant(
        ctxA,
        (t) =>
          t.db
            .updateTable('clients')
            .set({ name: 'Waiting' })
            .where('id', '=', row?.id as string)
            .execute(),
        { lockTimeoutMs: 50 },
      )
      .catch((e: unknown) => e);
    release();
    await holding;
    expect(error).toBeInstanceOf(LockTimeoutError);
  });

  it('deadlock → DeadlockError', async () => {
    const rows = await query<{ id: string }>(
      database.url,
      `insert into legal.clients (tenant_id, name) values ($1, 'Dead 1'), ($1, 'Dead 2') returning id`,
      [firmA.tenantId],
    );
    const [r1, r2] = rows.map((r) => r.id) as [string, string];
    const one = createLegalDb({ contextKey: database.contextKey, connectionString: loginUrl, maxConnections: 2 });
    afterAll(() => one.close());
    let firstLocked!: () => void;
    let secondLocked!: () => void;
    const a = new Promise<void>((resolve) => {
      firstLocked = resolve;
    });
    const b = new Promise<void>((resolve) => {
      secondLocked = resolve;
    });
    // row locks without writes (an update would queue on the firm's audit chain head first)
    const touch = (t: TenantScope, id: string) =>
      t.db.selectFrom('clients').select('id').where('id', '=', id).forUpdate().execute();
    const results = await Promise.allSettled([
      one.withTenant(ctxA, async (t) => {
        await touch(t, r1);
        firstLocked();
        await b;
        await touch(t, r2);
      }),
      one.withTenant(ctxA, async (t) => {
        await touch(t, r2);
        secondLocked();
        await a;
        await touch(t, r1);
      }),
    ]);
    const failures = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(DeadlockError);
  });
});
