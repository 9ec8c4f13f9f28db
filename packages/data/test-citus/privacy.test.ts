/**
 * Client privacy on a Citus cluster: the personal fields are sealed by the audit trigger on the
 * worker that holds the firm, the export and the erasure run there (delegated by their firm),
 * and after an erasure nothing of the person is left in any table of the cluster while the
 * firm's audit chain still verifies.
 */
import { readContextKey } from '@legal/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { citusDatabase, sqlRows } from '../../schema/test-citus/support/citus-database.js';
import { createLegalDb } from '../src/index.js';

const url = await citusDatabase();
const contextKey = await readContextKey(url);
const db = createLegalDb({ connectionString: url, contextKey, passwordHashCost: 4 });
afterAll(() => db.close());

await db.asSystem({ reason: 'test' }, (s) =>
  s.tenants.create({
    slug: 'private',
    name: 'Private LLP',
    admin: { email: 'dpo@private.example', password: 'long-password-1', fullName: 'D' },
  }),
);
const { context } = await db.auth.login({
  tenantSlug: 'private',
  email: 'dpo@private.example',
  password: 'long-password-1',
});
const NEEDLES = ['Ottoline', 'Pemberthwaite', 'op.unique', 'Vexholm'];

describe('client privacy on Citus', () => {
  it('seals, exports and erases on the firm’s worker; the chain verifies and nothing of the person is left', async () => {
    const ids = await db.withTenant(context, async (t) => {
      const client = await t.clients.create({
        name: 'Ottoline Pemberthwaite',
        email: 'op.unique@example.org',
        address: { city: 'Vexholm' },
      });
      const matter = await t.cases.create({ title: 'Pemberthwaite estate', clientId: client.id });
      await t.conflicts.addParty({
        name: 'Ottoline Pemberthwaite',
        clientId: client.id,
        otherNames: [{ name: 'Otti Pemberthwaite', kind: 'alias' }],
      });
      // written and read back in one unit: the sealed values open on the worker too
      const page = await t.audit.list({ from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 50 });
      return { client: client.id, matter: matter.id, page };
    });
    const created = ids.page.items.find((e) => e.tableName === 'clients' && e.action === 'create');
    expect(created?.rowData).toMatchObject({ name: 'Ottoline Pemberthwaite' });
    const plain = await sqlRows<{ n: number }>(
      url,
      `select count(*)::int as n from legal.audit_log a where a::text ilike '%pemberthwaite%'`,
    );
    expect(plain[0]?.n).toBe(0);

    const data = await db.withTenant(context, (t) => t.privacy.exportClient(ids.client));
    expect(data.client).toMatchObject({ name: 'Ottoline Pemberthwaite' });
    expect(data.records.party_names?.[0]).toMatchObject({ name: 'Otti Pemberthwaite' });
    expect(JSON.stringify(data.audit)).toContain('op.unique@example.org');

    await expect(
      db.withTenant(context, (t) => t.privacy.eraseClient({ clientId: ids.client, reason: 'request 7' })),
    ).rejects.toMatchObject({ code: 'ERASURE_REFUSED', reason: 'open_matter' });
    await db.withTenant(context, async (t) => {
      await t.cases.assign(ids.matter, context.userId);
      for (const to of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed']) {
        await t.cases.transition(ids.matter, to);
      }
    });
    await expect(
      db.withTenant(context, (t) => t.privacy.eraseClient({ clientId: ids.client, reason: 'request 7' })),
    ).rejects.toMatchObject({ reason: 'retention' });
    await sqlRows(url, `update legal.tenants set settings = '{"privacy": {"retentionYears": 0}}' where id = $1`, [
      context.tenantId,
    ]);
    const done = await db.withTenant(context, (t) =>
      t.privacy.eraseClient({ clientId: ids.client, reason: 'request 7' }),
    );
    expect(done.rows).toMatchObject({ clients: 1, cases: 1, parties: 1, party_names: 1 });

    const tables = await sqlRows<{ t: string }>(
      url,
      `select format('%I.%I', n.nspname, c.relname) as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname = 'legal'`,
    );
    for (const needle of NEEDLES) {
      for (const { t } of tables) {
        const [row] = await sqlRows<{ n: number }>(
          url,
          `select count(*)::int as n from ${t} x where x::text ilike $1`,
          [`%${needle}%`],
        );
        expect(row?.n, `${needle} in ${t}`).toBe(0);
      }
    }
    const [chain] = await sqlRows<{ checked: number; problem: string | null }>(
      url,
      'select checked::int, problem from legal.verify_audit_chain($1)',
      [context.tenantId],
    );
    expect(chain?.problem).toBeNull();
    expect(chain?.checked).toBeGreaterThan(10);
  });
});
