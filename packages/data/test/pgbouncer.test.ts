/**
 * Behind a pooler: pgbouncer in transaction-pooling mode in front of the test server, 3
 * server connections shared by 20 firms; 1,000 interleaved withTenant operations, each
 * checking that it sees only its own firm and writes only into it. Skipped (with the reason)
 * only where the pgbouncer binary is absent; `.ci/run` installs it.
 */
import { findPgBouncer, query, startPgBouncer } from '@legal/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLegalDb } from '../src/index.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const binary = findPgBouncer();
if (!binary) console.warn('pgbouncer test skipped: the pgbouncer binary is not installed (apt-get install pgbouncer)');

describe.skipIf(!binary)('behind pgbouncer (transaction pooling)', () => {
  it('1,000 interleaved withTenant operations across 20 tenants: zero leaks', async () => {
    const database = await legalDatabase();
    const appUrl = new URL(await appLogin(database));
    const firms: { tenantId: string; userId: string }[] = [];
    for (let i = 0; i < 20; i++) firms.push(await createFirm(database.url, `bouncer-${i}`));
    await using bouncer = await startPgBouncer(appUrl.toString(), { poolMode: 'transaction', poolSize: 3 });
    // pgbouncer 1.18 (Debian 12) keeps no prepared statements in transaction mode
    const db = createLegalDb({
      contextKey: database.contextKey,
      connectionString: bouncer.url,
      maxConnections: 25,
      preparedStatements: false,
    });
    let seed = 20261124;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const leaks: string[] = [];
    let writes = 0;
    try {
      const operations = Array.from({ length: 1000 }, (_, i) => ({
        i,
        firm: Math.floor(random() * 20),
        write: random() < 0.4,
        pause: Math.floor(random() * 3),
      }));
      await Promise.all(
        operations.map(({ i, firm, write, pause }) => {
          const me = firms[firm] as { tenantId: string; userId: string };
          return db.withTenant({ ...me, requestId: `op-${i}` }, async (t) => {
            const { rows } = await sql<{ tenant: string; role: string }>`
              select current_setting('legal.tenant_id') as tenant, current_user as role`.execute(t.db);
            if (rows[0]?.tenant !== me.tenantId || rows[0]?.role !== 'legal_app')
              leaks.push(`op ${i}: context ${rows[0]?.tenant} as ${rows[0]?.role}, expected ${me.tenantId}`);
            if (pause) await new Promise((r) => setTimeout(r, pause));
            if (write) {
              await t.clients.create({ name: `op-${i} of firm ${firm}` });
              writes++;
            }
            const seen = await t.db.selectFrom('clients').select(['tenantId', 'name']).execute();
            for (const row of seen) {
              if (row.tenantId !== me.tenantId || !row.name.endsWith(`of firm ${firm}`))
                leaks.push(`op ${i} (firm ${firm}) saw ${row.name} of ${row.tenantId}`);
            }
          });
        }),
      );
      // every row written through the pooler landed in the firm that wrote it
      const misplaced = await query<{ n: number }>(
        database.url,
        `select count(*)::int as n from legal.clients c join legal.tenants t on t.id = c.tenant_id
          where c.name like 'op-%' and t.slug <> 'bouncer-' || split_part(c.name, ' of firm ', 2)`,
      );
      const [{ n: written } = { n: 0 }] = await query<{ n: number }>(
        database.url,
        `select count(*)::int as n from legal.clients where name like 'op-%'`,
      );
      expect(written).toBe(writes);
      expect(misplaced).toEqual([{ n: 0 }]);
      // a pooled server connection, used outside withTenant, carries no role or context
      const raw = new pg.Client({ connectionString: bouncer.url });
      await raw.connect();
      try {
        const { rows } = await raw.query<{ tenant: string | null; role: string }>(
          `select nullif(current_setting('legal.tenant_id', true), '') as tenant, current_user as role`,
        );
        expect(rows[0]).toEqual({ tenant: null, role: decodeURIComponent(appUrl.username) });
      } finally {
        await raw.end();
      }
    } finally {
      await db.close();
    }
    console.log(
      `pgbouncer: 1000 operations (${writes} writing) across 20 tenants through 3 server connections: ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
  });
});
