/**
 * Issue "what concurrent users and hostile input break": each bullet that was tried, as a
 * test. Races run many times (the counts are in each test's name); hostile input goes in
 * through the same methods an app calls.
 */
import { randomBytes } from 'node:crypto';
import { query } from '@legal/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createLegalDb,
  ForbiddenError,
  InvalidTransitionError,
  type TenantContext,
  TenantSuspendedError,
  ValidationError,
} from '../src/index.js';
import { testKeys } from './support/keys.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const loginUrl = await appLogin(database);
const keys = testKeys();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: loginUrl,
  maxConnections: 20,
  passwordHashCost: 4,
  encryption: { keys: { k1: keys.k1 }, activeKeyId: 'k1', blindIndexKey: keys.blindIndexKey },
});
afterAll(() => db.close());

const SLUG = 'races-a';
const firm = await createFirm(database.url, SLUG);
await query(database.url, `update legal.users set role = 'admin' where id = $1`, [firm.userId]);
const admin: TenantContext = { tenantId: firm.tenantId, userId: firm.userId };
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const unique = () => randomBytes(3).toString('hex');

async function newUser(password = 'right passphrase 1') {
  const email = `u-${unique()}@${SLUG}.example`;
  const user = await db.withTenant(admin, (t) => t.users.create({ email, password, fullName: 'Race User' }));
  return { email, password, id: user.id };
}
const eventCount = (type: string, userId: string) =>
  query<{ n: number }>(
    database.url,
    'select count(*)::int as n from legal.security_events where event_type = $1 and user_id = $2',
    [type, userId],
  ).then((r) => r[0]?.n ?? 0);

describe('sign-in and tokens', () => {
  it('concurrent wrong passwords all count and lock the account at the threshold (2 bursts of 8, 3 runs)', async () => {
    for (let run = 0; run < 3; run++) {
      const user = await newUser();
      for (let burst = 0; burst < 2; burst++) {
        await Promise.all(
          Array.from({ length: 8 }, () =>
            errorOf(db.auth.login({ tenantSlug: SLUG, email: user.email, password: 'wrong guess 9' })),
          ),
        );
      }
      // guess 17 is the right one: the account is locked
      expect(
        await errorOf(db.auth.login({ tenantSlug: SLUG, email: user.email, password: user.password })),
      ).toBeInstanceOf(ForbiddenError);
      expect(await eventCount('login_failed', user.id)).toBe(17);
      expect(await eventCount('account_locked', user.id)).toBe(1);
      const [row] = await query<{ locked: boolean }>(
        database.url,
        'select locked_until > now() as locked from legal.users where id = $1',
        [user.id],
      );
      expect(row?.locked).toBe(true);
    }
  });

  it("a newer reset token ends the older one; a reset ends the user's API tokens", async () => {
    const user = await newUser();
    const older = await db.auth.requestPasswordReset({ tenantSlug: SLUG, email: user.email });
    const newer = await db.auth.requestPasswordReset({ tenantSlug: SLUG, email: user.email });
    expect(older && newer).toBeTruthy();
    const { context } = await db.auth.login({ tenantSlug: SLUG, email: user.email, password: user.password });
    const { token: api } = await db.withTenant(context, (t) => t.accessTokens.create({ name: 'ci' }));
    expect(await db.auth.resolveAccessToken(api)).toBeDefined();
    expect(
      await errorOf(db.auth.resetPassword({ token: older as string, newPassword: 'older passphrase 2' })),
    ).toBeInstanceOf(ForbiddenError);
    await db.auth.resetPassword({ token: newer as string, newPassword: 'newer passphrase 3' });
    expect(
      await errorOf(db.auth.resetPassword({ token: older as string, newPassword: 'older passphrase 2' })),
    ).toBeInstanceOf(ForbiddenError);
    expect(await db.auth.resolveAccessToken(api)).toBeUndefined();
  });

  it('the tokens of an inactive user do not resolve', async () => {
    const user = await newUser();
    const { token, context } = await db.auth.login({ tenantSlug: SLUG, email: user.email, password: user.password });
    const { token: api } = await db.withTenant(context, (t) => t.accessTokens.create({ name: 'ci' }));
    // deactivated behind the SDK's back: sessions and tokens are not revoked, but must not resolve
    await query(database.url, 'update legal.users set is_active = false where id = $1', [user.id]);
    expect(await db.auth.resolveAccessToken(api)).toBeUndefined();
    expect(await db.auth.resolveSession(token)).toBeUndefined();
  });

  it('a suspended firm: its sessions and tokens do not resolve, it cannot sign in, its units are refused', async () => {
    const slug = `races-s-${unique()}`;
    const other = await createFirm(database.url, slug);
    await query(database.url, `update legal.users set role = 'admin', password_hash = $2 where id = $1`, [
      other.userId,
      await (await import('bcryptjs')).default.hash('firm passphrase 4', 4),
    ]);
    const { token, context } = await db.auth.login({
      tenantSlug: slug,
      email: `lee@${slug}.example`,
      password: 'firm passphrase 4',
    });
    const { token: api } = await db.withTenant(context, (t) => t.accessTokens.create({ name: 'ci' }));
    await query(database.url, `update legal.tenants set status = 'suspended' where id = $1`, [other.tenantId]);
    expect(await db.auth.resolveSession(token)).toBeUndefined();
    expect(await db.auth.resolveAccessToken(api)).toBeUndefined();
    expect(
      await errorOf(db.auth.login({ tenantSlug: slug, email: `lee@${slug}.example`, password: 'firm passphrase 4' })),
    ).toBeInstanceOf(TenantSuspendedError);
    expect(await errorOf(db.withTenant(context, (t) => t.clients.create({ name: 'After suspension' })))).toBeInstanceOf(
      TenantSuspendedError,
    );
  });
});

describe('money', () => {
  const caseAndClient = db.withTenant(admin, async (t) => {
    const client = await t.clients.create({ name: 'Billing Client' });
    const c = await t.cases.create({ title: 'Billing matter', clientId: client.id });
    return { caseId: c.id, clientId: client.id };
  });
  const sentInvoice = async () =>
    db.withTenant(admin, async (t) => {
      const { caseId, clientId } = await caseAndClient;
      const draft = await t.invoices.create({
        clientId,
        caseId,
        lines: [{ description: 'Advice', quantity: 1, unitPrice: '100.00' }],
      });
      return t.invoices.send(draft.id);
    });

  it('paying in full while voiding, concurrently: one wins, never both paid and void (10 races)', async () => {
    const outcomes: string[] = [];
    for (let race = 0; race < 10; race++) {
      const invoice = await sentInvoice();
      const [paid, voided] = await Promise.allSettled([
        db.withTenant(admin, (t) => t.invoices.recordPayment(invoice.id, { amount: invoice.total })),
        db.withTenant(admin, (t) => t.invoices.void(invoice.id, 'raced')),
      ]);
      const [row] = await query<{ status: string; paid_at: Date | null; voided_at: Date | null }>(
        database.url,
        'select status, paid_at, voided_at from legal.invoices where id = $1',
        [invoice.id],
      );
      expect(row?.paid_at === null || row?.voided_at === null).toBe(true);
      expect([paid.status, voided.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
      const loser = paid.status === 'rejected' ? paid.reason : (voided as PromiseRejectedResult).reason;
      expect(loser).toBeInstanceOf(InvalidTransitionError);
      outcomes.push(row?.status ?? '?');
    }
    expect(outcomes.every((s) => s === 'paid' || s === 'void')).toBe(true);
  });

  it('a time entry is billed on one live invoice: twice in a row is a ConflictError, three at once bill it once (5 races)', async () => {
    const { caseId, clientId } = await caseAndClient;
    const entry = await db.withTenant(admin, (t) => t.timeEntries.create({ caseId, minutes: 30, description: 'Call' }));
    const bill = (timeEntryId: string) =>
      db.withTenant(admin, (t) =>
        t.invoices.create({
          clientId,
          caseId,
          lines: [{ description: 'Call', quantity: 1, unitPrice: '50.00', timeEntryId }],
        }),
      );
    await bill(entry.id);
    expect(await errorOf(bill(entry.id))).toBeInstanceOf(ConflictError);
    for (let race = 0; race < 5; race++) {
      const fresh = await db.withTenant(admin, (t) =>
        t.timeEntries.create({ caseId, minutes: 10, description: 'Race' }),
      );
      const results = await Promise.allSettled([bill(fresh.id), bill(fresh.id), bill(fresh.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      const [lines] = await query<{ n: number }>(
        database.url,
        'select count(*)::int as n from legal.invoice_line_items where time_entry_id = $1',
        [fresh.id],
      );
      expect(lines?.n).toBe(1);
    }
    // voiding the invoice releases the entry: it can be billed again
    const [first] = await query<{ invoice_id: string }>(
      database.url,
      'select invoice_id from legal.time_entries where id = $1',
      [entry.id],
    );
    await db.withTenant(admin, (t) => t.invoices.void(first?.invoice_id as string, 'rebill'));
    expect((await bill(entry.id)).status).toBe('draft');
  });

  it('concurrent addLines all land, numbered one after another (6 at once, 3 runs)', async () => {
    const { caseId, clientId } = await caseAndClient;
    for (let run = 0; run < 3; run++) {
      const draft = await db.withTenant(admin, (t) => t.invoices.create({ clientId, caseId, lines: [] }));
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) =>
          db.withTenant(admin, (t) =>
            t.invoices.addLines(draft.id, [{ description: `Line ${i}`, quantity: 1, unitPrice: '10.00' }]),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const lines = await db.withTenant(admin, (t) => t.invoices.lines(draft.id));
      expect(lines.map((l) => l.lineNumber)).toEqual([1, 2, 3, 4, 5, 6]);
      expect((await db.withTenant(admin, (t) => t.invoices.get(draft.id))).total).toBe('60.00');
    }
  });
});

describe('the workflow', () => {
  it('a refused transition with a reason is an InvalidTransitionError, not a database error', async () => {
    const c = await db.withTenant(admin, (t) => t.cases.create({ title: 'Refused step' }));
    const error = await errorOf(db.withTenant(admin, (t) => t.cases.transition(c.id, 'archived', { reason: 'no' })));
    expect(error).toBeInstanceOf(InvalidTransitionError);
  });

  it('two clerks moving the same case at once (completed vs on hold): the loser gets InvalidTransitionError (10 races)', async () => {
    for (let race = 0; race < 10; race++) {
      const c = await db.withTenant(admin, async (t) => {
        const created = await t.cases.create({ title: `Race ${race}` });
        await t.cases.assign(created.id, firm.userId);
        for (const step of ['pending_review', 'assigned', 'in_progress', 'pending_completion']) {
          await t.cases.transition(created.id, step);
        }
        return created;
      });
      const results = await Promise.allSettled([
        db.withTenant(admin, (t) => t.cases.transition(c.id, 'completed', { reason: 'signed off' })),
        db.withTenant(admin, (t) => t.cases.transition(c.id, 'on_hold', { reason: 'client asked to wait' })),
      ]);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeInstanceOf(InvalidTransitionError);
    }
  });
});

describe('hostile input is a ValidationError naming the field, and nothing is written', () => {
  const NUL = 'a\u0000b';
  const paths = (e: unknown) => (e instanceof ValidationError ? e.issues.map((i) => i.path) : e);

  it('a NUL byte in any text field', async () => {
    const { caseId, clientId } = await db.withTenant(admin, async (t) => {
      const client = await t.clients.create({ name: 'Nul Client' });
      return { caseId: (await t.cases.create({ title: 'Nul matter', clientId: client.id })).id, clientId: client.id };
    });
    const calls: [string, (t: Parameters<Parameters<typeof db.withTenant>[1]>[0]) => Promise<unknown>][] = [
      ['name', (t) => t.clients.create({ name: NUL })],
      ['email', (t) => t.clients.create({ name: 'x', email: NUL })],
      ['title', (t) => t.cases.create({ title: `Title ${NUL}` })],
      ['description', (t) => t.cases.create({ title: 'Long title', description: NUL })],
      ['clientName', (t) => t.cases.create({ title: 'Long title', clientName: NUL })],
      ['court', (t) => t.cases.create({ title: 'Long title', court: NUL })],
      ['tags.0', (t) => t.cases.create({ title: 'Long title', tags: [NUL] })],
      ['description', (t) => t.cases.update(caseId, { description: NUL })],
      ['body', (t) => t.cases.comment(caseId, NUL)],
      ['name', (t) => t.cases.addParty(caseId, { partyRole: 'witness', name: NUL })],
      ['query', (t) => t.cases.search(NUL)],
      ['title', (t) => t.tasks.create({ caseId, title: NUL })],
      ['location', (t) => t.tasks.create({ caseId, title: 'Hearing', location: NUL })],
      ['subject', (t) => t.communications.create({ caseId, kind: 'email', direction: 'inbound', subject: NUL })],
      ['body', (t) => t.communications.create({ caseId, kind: 'email', direction: 'inbound', body: NUL })],
      ['description', (t) => t.timeEntries.create({ caseId, minutes: 5, description: NUL })],
      ['description', (t) => t.expenses.create({ caseId, description: NUL, amount: '1.00' })],
      ['name', (t) => t.templates.create({ name: NUL, body: 'Hello' })],
      ['body', (t) => t.templates.create({ name: 'Letter', body: NUL })],
      ['fileName', (t) => t.documents.register({ caseId, logicalPath: 'a/b.pdf', fileName: NUL, fileSize: 1 })],
      ['logicalPath', (t) => t.documents.register({ caseId, logicalPath: NUL, fileName: 'b.pdf', fileSize: 1 })],
      [
        'fullName',
        (t) => t.users.create({ email: `n-${unique()}@x.example`, password: 'pass word 12', fullName: NUL }),
      ],
      [
        'lines.0.description',
        (t) => t.invoices.create({ clientId, lines: [{ description: NUL, quantity: 1, unitPrice: '1' }] }),
      ],
    ];
    const before = await query<{ n: number }>(database.url, 'select count(*)::int as n from legal.audit_log');
    for (const [path, call] of calls) {
      const error = await errorOf(db.withTenant(admin, call));
      expect(paths(error), path).toEqual([path]);
    }
    expect(await query(database.url, 'select count(*)::int as n from legal.audit_log')).toEqual(before);
    expect(calls.length).toBe(23);
  });

  it('dates PostgreSQL cannot store', async () => {
    const { caseId } = await db.withTenant(admin, async (t) => ({
      caseId: (await t.cases.create({ title: 'Dates' })).id,
    }));
    for (const dueAt of [new Date(-8.64e15), new Date(8.64e15), new Date(Number.NaN)]) {
      const error = await errorOf(
        db.withTenant(admin, (t) => t.tasks.create({ caseId, title: 'Far', kind: 'deadline', dueAt } as never)),
      );
      expect(paths(error)).toEqual(['dueAt']);
    }
  });

  it('a NUL or a tab in the user agent at sign-in: refused there, not in a later unit', async () => {
    const user = await newUser();
    for (const userAgent of ['Mozilla\u0000', 'Mozilla\t5.0']) {
      const error = await errorOf(
        db.auth.login({ tenantSlug: SLUG, email: user.email, password: user.password, userAgent }),
      );
      expect(paths(error)).toEqual(['userAgent']);
    }
  });

  it('JSON that is too deep, circular, BigInt, or carries __proto__', async () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 5000; i++) {
      const next: Record<string, unknown> = {};
      deep.x = next;
      deep = next;
    }
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const cases: [unknown, string][] = [
      [root, 'customFields.x'.padEnd(0)],
      [circular, 'customFields.self'],
      [{ amount: 10n }, 'customFields.amount'],
      [JSON.parse('{"__proto__": {"admin": true}, "ok": 1}'), 'customFields.__proto__'],
    ];
    for (const [customFields, path] of cases) {
      const error = await errorOf(
        db.withTenant(admin, (t) => t.cases.create({ title: 'JSON field', customFields } as never)),
      );
      expect(error).toBeInstanceOf(ValidationError);
      const issuePaths = (error as ValidationError).issues.map((i) => i.path);
      if (path === 'customFields.x') expect(issuePaths[0]).toMatch(/^customFields(\.x)+$/);
      else expect(issuePaths).toEqual([path]);
    }
  });

  it('template variables are own properties: "constructor" is a variable like any other', async () => {
    const template = await db.withTenant(admin, (t) =>
      t.templates.create({
        name: `Ctor ${unique()}`,
        body: 'Dear {{constructor}}, see {{tostring}}.',
        variables: [{ name: 'constructor' }, { name: 'tostring', required: false }],
      }),
    );
    const missing = await errorOf(db.withTenant(admin, (t) => t.templates.render(template.id, {})));
    expect(paths(missing)).toEqual(['variables.constructor']);
    const rendered = await db.withTenant(admin, (t) => t.templates.render(template.id, { constructor: 'Ms Builder' }));
    expect(rendered.text).toBe('Dear Ms Builder, see .');
  });

  it('secrets are redacted at any depth of an event’s details', async () => {
    const id = crypto.randomUUID();
    await db.withTenant(admin, (t) =>
      sql`select legal.log_event('export', 'reports', ${id}, ${JSON.stringify({
        target: { credentials: { password: 'hunter2', api_key: 'sk-live-1' }, list: [{ token: 't0k3n' }] },
        note: 'kept',
      })}::jsonb)`.execute(t.db),
    );
    const [row] = await query<{ details: unknown }>(
      database.url,
      `select details from legal.audit_log where record_id = $1 and action = 'export'`,
      [id],
    );
    expect(row?.details).toEqual({
      target: { credentials: { password: '[redacted]', api_key: '[redacted]' }, list: [{ token: '[redacted]' }] },
      note: 'kept',
    });
  });
});
