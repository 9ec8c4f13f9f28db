/**
 * The SDK on a Citus cluster: every unit names its firm in every query (TenantPredicatePlugin
 * and the SQL functions), so Citus routes each query to the one shard holding the firm.
 * Proved twice: the units run with `citus.multi_task_query_log_level = error` (any query that
 * fans out to several shards fails the unit), and EXPLAIN of every statement each repository
 * list/get sent shows one task.
 */
import { randomBytes } from 'node:crypto';
import { readContextKey } from '@legal/schema';
import { openUnit } from '@legal/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { citusDatabase } from '../../schema/test-citus/support/citus-database.js';
import { createLegalDb, type LegalDb, type TenantScope } from '../src/index.js';

const url = await citusDatabase();
const contextKey = await readContextKey(url);
const encryption = { keys: { k1: randomBytes(32) }, activeKeyId: 'k1', blindIndexKey: randomBytes(32) };

/** Statements (text and values) bound on the wire, per flight of a unit. */
const sent: { text: string; values: unknown[] }[] = [];
const pool = new pg.Pool({ connectionString: url, max: 2 });
pool.on('connect', (client) => {
  // any statement of a unit that reaches more than one shard is an error
  void client.query(`set citus.multi_task_query_log_level = 'error'`);
  const connection = (client as unknown as { connection: Record<string, unknown> }).connection;
  const parse = (connection.parse as (m: { text: string; name?: string }) => void).bind(connection);
  const bind = (connection.bind as (m: { statement?: string; values?: unknown[] }) => void).bind(connection);
  const texts = new Map<string, string>();
  connection.parse = ((m: { text: string; name?: string }) => {
    texts.set(m.name ?? '', m.text);
    parse(m);
  }) as never;
  connection.bind = ((m: { statement?: string; values?: unknown[] }) => {
    sent.push({ text: texts.get(m.statement ?? '') ?? '', values: m.values ?? [] });
    bind(m);
  }) as never;
});
const db: LegalDb = createLegalDb({ pool, contextKey, encryption, passwordHashCost: 4 });
const admin = createLegalDb({ connectionString: url, contextKey, encryption, passwordHashCost: 4 });
afterAll(async () => {
  await db.close();
  await pool.end();
  await admin.close();
});

const firm = await admin.asSystem({ reason: 'test' }, (s) =>
  s.tenants.create({
    slug: 'routed',
    name: 'Routed LLP',
    admin: { email: 'a@routed.example', password: 'long-password-1', fullName: 'A' },
  }),
);
const other = await admin.asSystem({ reason: 'test' }, (s) =>
  s.tenants.create({
    slug: 'other',
    name: 'Other LLP',
    admin: { email: 'b@other.example', password: 'long-password-1', fullName: 'B' },
  }),
);
const session = await admin.auth.login({
  tenantSlug: 'routed',
  email: 'a@routed.example',
  password: 'long-password-1',
});
const context = session.context;
const ids = await db.withTenant(context, async (t) => {
  const client = await t.clients.create({
    name: 'Acme',
    kind: 'company',
    companyName: 'Acme Ltd',
    taxId: '12-3456789',
  });
  const c = await t.cases.create({ title: 'Acme v. Road Runner', clientId: client.id, caseType: 'litigation' });
  await t.cases.assign(c.id, context.userId);
  const doc = await t.documents.register({
    caseId: c.id,
    logicalPath: 'a/b.pdf',
    fileName: 'b.pdf',
    mimeType: 'application/pdf',
    fileSize: 10,
  });
  const task = await t.tasks.create({ caseId: c.id, title: 'File the answer' });
  const entry = await t.timeEntries.create({ caseId: c.id, minutes: 60, rate: '100.00', description: 'Drafting' });
  const expense = await t.expenses.create({ caseId: c.id, amount: '12.50', description: 'Courier' });
  const invoice = await t.invoices.create({
    clientId: client.id,
    caseId: c.id,
    lines: [{ description: 'Drafting', quantity: '1', unitPrice: '100.00', timeEntryId: entry.id }],
  });
  return {
    client: client.id,
    case: c.id,
    doc: doc.id,
    task: task.id,
    entry: entry.id,
    expense: expense.id,
    invoice: invoice.id,
  };
});

/** Each repository list and get, as a unit of its own. */
const CALLS: Record<string, (t: TenantScope) => Promise<unknown>> = {
  'cases.list': (t) => t.cases.list(),
  'cases.get': (t) => t.cases.get(ids.case),
  'cases.search': (t) => t.cases.search('road runner'),
  'clients.list': (t) => t.clients.list(),
  'clients.get': (t) => t.clients.get(ids.client),
  'clients.findByTaxId': (t) => t.clients.findByTaxId('12-3456789'),
  'users.list': (t) => t.users.list(),
  'users.get': (t) => t.users.get(context.userId),
  'documents.list': (t) => t.documents.list(),
  'documents.get': (t) => t.documents.get(ids.doc),
  'documents.versions': (t) => t.documents.versions(ids.doc),
  'tasks.list': (t) => t.tasks.list(),
  'tasks.get': (t) => t.tasks.get(ids.task),
  'timeEntries.list': (t) => t.timeEntries.list(),
  'timeEntries.get': (t) => t.timeEntries.get(ids.entry),
  'expenses.list': (t) => t.expenses.list(),
  'expenses.get': (t) => t.expenses.get(ids.expense),
  'invoices.list': (t) => t.invoices.list(),
  'invoices.get': (t) => t.invoices.get(ids.invoice),
  'invoices.lines': (t) => t.invoices.lines(ids.invoice),
  'communications.list': (t) => t.communications.list(),
  'templates.list': (t) => t.templates.list(),
  'conversations.list': (t) => t.conversations.list(),
  'aiQueries.list': (t) => t.aiQueries.list(),
  'sessions.list': (t) => t.sessions.list(),
  'audit.list': (t) =>
    t.audit.list({
      from: new Date(Date.now() - 86_400_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    }),
};

/** The statements of a unit that read or write the firm's tables (not its context). */
const dataStatements = () =>
  sent.filter(
    (s) =>
      /\blegal\.|"legal"\./.test(s.text) &&
      !/legal\.enter_unit|^\s*(begin|commit|rollback|set )/i.test(s.text) &&
      /^\s*(select|with|update|delete)/i.test(s.text),
  );

describe('every repository list/get on Citus', () => {
  it.each(Object.keys(CALLS))(
    '%s runs on one shard (multi-shard queries are errors here) and EXPLAIN shows one task',
    async (name) => {
      sent.length = 0;
      await db.withTenant(context, (t) => (CALLS[name] as (t: TenantScope) => Promise<unknown>)(t));
      const statements = dataStatements();
      expect(statements.length, `${name} sent no statement on a table`).toBeGreaterThan(0);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const s of statements) {
          await client.query('begin; set local role legal_app');
          await openUnit(client, { tenantId: context.tenantId, userId: context.userId, contextKey });
          const plan = (await client.query(`explain (costs off) ${s.text}`, s.values)).rows
            .map((r: Record<string, string>) => Object.values(r)[0])
            .join('\n');
          await client.query('rollback');
          const tasks = [...plan.matchAll(/Task Count: (\d+)/g)].map((m) => Number(m[1]));
          expect(tasks.length, `${name}: ${s.text}\n${plan}`).toBeGreaterThan(0);
          expect(
            tasks.every((n) => n === 1),
            `${name}: ${s.text}\n${plan}`,
          ).toBe(true);
        }
        console.log(`${name}: ${statements.length} statement(s), each EXPLAIN: Task Count: 1`);
      } finally {
        await client.end();
      }
    },
  );

  it('a unit returns after its COMMIT: the next unit, on another connection, sees its writes (writes on workers only)', async () => {
    const twoConnections = new pg.Pool({ connectionString: url, max: 2 });
    const fresh = createLegalDb({ pool: twoConnections, contextKey, encryption, passwordHashCost: 4 });
    try {
      for (let i = 0; i < 20; i++) {
        const made = await fresh.withTenant(context, (t) => t.clients.create({ name: `Right after ${i}` }));
        // another unit at once, while the first connection may still be busy: it must see the row
        const [seen] = await Promise.all([
          fresh.withTenant(context, (t) => t.clients.get(made.id)),
          fresh.withTenant(context, (t) => t.cases.list({ limit: 1 })),
        ]);
        expect(seen?.id, `round ${i}`).toBe(made.id);
      }
    } finally {
      await fresh.close();
      await twoConnections.end();
    }
  });

  it('another firm sees none of it through the same routed queries', async () => {
    const otherSession = await admin.auth.login({
      tenantSlug: 'other',
      email: 'b@other.example',
      password: 'long-password-1',
    });
    await db.withTenant(otherSession.context, async (t) => {
      expect((await t.cases.list()).items).toEqual([]);
      expect(await t.cases.search('road runner')).toEqual([]);
      await expect(t.cases.get(ids.case)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await t.documents.list()).items).toEqual([]);
    });
    expect(other.id).not.toBe(firm.id);
  });
});
