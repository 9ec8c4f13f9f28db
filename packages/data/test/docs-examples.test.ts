/**
 * The examples of docs/data.md and docs/errors.md, run. Each `// #region` is copied verbatim
 * into the docs by `pnpm docs:examples`; the last test fails when a page is out of date.
 */
import { randomBytes } from 'node:crypto';
import { query } from '@legal/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { docsPages } from '../../../scripts/docs-examples.mjs';
import {
  ConflictError,
  createLegalDb,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ScopeClosedError,
  StatementTimeoutError,
  type TenantScope,
  TransactionAbortedError,
  ValidationError,
} from '../src/index.js';
import { createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const DATABASE_URL = database.url;

describe('docs examples', () => {
  it('onboards a firm, signs in, works a case, handles errors', async () => {
    // #region create-db
    await using db = createLegalDb({
      contextKey: database.contextKey,
      connectionString: DATABASE_URL, // your app's login: a member of legal_app (or a superuser)
      maxConnections: 10, // default 10; ignored when you pass `pool`
      statementTimeoutMs: 30_000, // default 30 s, per transaction
      passwordHashCost: 4, // bcrypt cost, default 12 (4 keeps this example fast)
      logger: console, // optional; never receives SQL parameters or secrets
    });
    // #endregion

    // #region onboard
    const firm = await db.asSystem({ reason: 'onboarding Doe & Associates' }, (s) =>
      s.tenants.create({
        slug: 'doe-law',
        name: 'Doe & Associates',
        admin: { email: 'jane@doe-law.example', password: 'a long passphrase 1', fullName: 'Jane Doe' },
      }),
    );
    // #endregion
    expect(firm.slug).toBe('doe-law');

    // #region login
    const { token, context } = await db.auth.login({
      tenantSlug: 'doe-law',
      email: 'jane@doe-law.example',
      password: 'a long passphrase 1',
      ip: '203.0.113.10',
      userAgent: 'Mozilla/5.0',
    });
    // `token` goes to the browser (shown once; only its SHA-256 is stored).
    // On later requests:
    const ctx = await db.auth.resolveSession(token); // TenantContext | undefined
    // #endregion
    expect(ctx).toMatchObject({ tenantId: firm.id, userId: context.userId });

    // #region with-tenant
    const matter = await db.withTenant({ ...context, requestId: 'req-42', reason: 'new instruction' }, async (t) => {
      const client = await t.clients.create({
        name: 'Smith Holdings',
        kind: 'company',
        companyName: 'Smith Holdings Ltd',
      });
      const created = await t.cases.create({
        title: 'Smith Holdings v. Jones Logistics',
        clientId: client.id,
        caseType: 'litigation',
        caseValue: '250000.00', // money is a decimal string, never a float
        trialDate: '2027-03-01', // a calendar day, 'YYYY-MM-DD'
        tags: ['contract'],
      });
      await t.cases.transition(created.id, 'pending_review', { reason: 'intake complete' });
      await t.cases.comment(created.id, 'Client sent the 2024 supply agreement.');
      return created;
    });
    // #endregion
    expect(matter.status).toBe('new');

    // #region list-and-search
    await db.withTenant(context, async (t) => {
      // keyset pages on a stable order: pass nextCursor back for the next page
      const first = await t.cases.list({ status: ['pending_review'], caseType: ['litigation'], limit: 20 });
      const next = first.nextCursor
        ? await t.cases.list({ status: ['pending_review'], cursor: first.nextCursor })
        : undefined;
      // full-text search, best first, with a highlighted headline
      const hits = await t.cases.search('supply agreement OR Jones');
      return { first: first.items, next: next?.items, hits };
    });
    // #endregion
    const listed = await db.withTenant(context, (t) => t.cases.list({ status: ['pending_review'] }));
    expect(listed.items.map((c) => c.id)).toEqual([matter.id]);
    const hits = await db.withTenant(context, (t) => t.cases.search('Jones'));
    expect(hits[0]?.case.id).toBe(matter.id);

    // #region team
    await db.withTenant(context, async (t) => {
      const associate = await t.users.create({
        email: 'sam@doe-law.example',
        password: 'another passphrase 2',
        fullName: 'Sam Associate',
        role: 'lawyer',
      });
      await t.cases.assign(matter.id, associate.id); // an editor, and the case's assignee
      await t.cases.addCollaborator(matter.id, context.userId, 'admin');
      await t.cases.addParty(matter.id, { partyRole: 'opposing_party', name: 'Jones Logistics plc' });
      return t.cases.members(matter.id);
    });
    // #endregion
    const members = await db.withTenant(context, (t) => t.cases.members(matter.id));
    expect(members).toHaveLength(2);

    // #region errors
    const outcome = await db
      .withTenant(context, async (t) => {
        await t.cases.transition(matter.id, 'archived'); // not allowed from pending_review
        return 'moved';
      })
      .catch((error: unknown) => {
        if (error instanceof InvalidTransitionError) return `cannot go from ${error.from} to ${error.to}`;
        if (error instanceof NotFoundError) return 'no such case in this firm';
        if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
        if (error instanceof ForbiddenError) return `needs ${error.permission ?? 'access'}`;
        throw error;
      });
    // #endregion
    expect(outcome).toBe('cannot go from pending_review to archived');

    // #region conflict
    const duplicate = await db
      .withTenant(context, (t) =>
        t.users.create({ email: 'sam@doe-law.example', password: 'yet another one 3', fullName: 'Sam Again' }),
      )
      .catch((error: unknown) => (error instanceof ConflictError ? `taken (${error.constraint})` : error));
    // #endregion
    expect(duplicate).toMatch(/^taken \(users_/);

    // #region documents
    const doc = await db.withTenant(context, async (t) => {
      const registered = await t.documents.register({
        caseId: matter.id,
        logicalPath: 'contracts/supply-agreement.pdf',
        fileName: 'supply-agreement.pdf',
        mimeType: 'application/pdf',
        fileSize: 182_004,
      });
      // upload the bytes to your object store at registered.storageKey, then:
      await t.documents.completeUpload(registered.id, { contentHash: 'a1'.repeat(32) });
      await t.documents.addVersion(registered.id, {
        fileSize: 190_310,
        contentHash: 'b2'.repeat(32),
        comment: 'signed',
      });
      await t.documents.setExtractedText(registered.id, 'The Supplier shall indemnify the Buyer against all losses.');
      const [best] = await t.documents.search('indemnified losses', { caseId: matter.id });
      const already = await t.documents.findByHash(matter.id, 'a1'.repeat(32)); // is this file already in the case?
      await t.documents.placeHold(registered.id, 'Smith v. Jones litigation'); // now it cannot be deleted
      return { registered, best, already };
    });
    // #endregion
    expect(doc.best?.document.id).toBe(doc.registered.id);
    expect(doc.already.map((d) => d.id)).toEqual([doc.registered.id]);

    // #region money
    const invoice = await db.withTenant(context, async (t) => {
      const entry = await t.timeEntries.create({
        caseId: matter.id,
        minutes: 150,
        rate: '320.00',
        description: 'Negotiation',
      });
      const draft = await t.invoices.create({
        clientId: matter.clientId as string,
        caseId: matter.id,
        taxRate: '0.20',
        lines: [{ description: 'Negotiation', quantity: '2.5', unitPrice: '320.00', timeEntryId: entry.id }],
      });
      const sent = await t.invoices.send(draft.id); // issue date today, due in 30 days
      await t.invoices.recordPayment(sent.id, { amount: sent.total });
      return t.invoices.get(sent.id); // status 'paid'; subtotal '800.00', tax '160.00', total '960.00'
    });
    const today = new Date();
    const report = await db.withTenant(context, (t) =>
      t.reports.monthly({ year: today.getUTCFullYear(), month: today.getUTCMonth() + 1 }),
    );
    // #endregion
    expect(invoice).toMatchObject({ status: 'paid', subtotal: '800.00', tax: '160.00', total: '960.00' });
    expect(report.billed).toBe('960.00');

    // a missing case is NotFoundError through get, undefined through find
    await db.withTenant(context, async (t) => {
      await expect(t.cases.get('0a0a0a0a-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
      await expect(t.cases.find('0a0a0a0a-0000-4000-8000-000000000000')).resolves.toBeUndefined();
    });
    // the audit trail has the work, with the request id and reason of the context
    const audited = await query<{ n: number }>(
      DATABASE_URL,
      `select count(*)::int as n from legal.audit_log where tenant_id = $1 and request_id = 'req-42' and reason = 'new instruction'`,
      [firm.id],
    );
    expect(audited[0]?.n).toBeGreaterThan(0);
  });

  it('field encryption: keys, encrypted fields, blind-index lookup, rotation', async () => {
    const secret = (): string => randomBytes(32).toString('base64');
    const env = { LEGAL_KEY_2026_05: secret(), LEGAL_KEY_2026_11: secret(), LEGAL_BLIND_INDEX_KEY: secret() };
    const firm = await createFirm(DATABASE_URL, 'docs-enc');
    const context = { tenantId: firm.tenantId, userId: firm.userId };
    {
      await using old = createLegalDb({
        contextKey: database.contextKey,
        connectionString: DATABASE_URL,
        encryption: {
          keys: { '2026-05': env.LEGAL_KEY_2026_05 },
          activeKeyId: '2026-05',
          blindIndexKey: env.LEGAL_BLIND_INDEX_KEY,
        },
      });
      await old.withTenant(context, (t) => t.clients.create({ name: 'Jane Smith', taxId: '123-45-6789' }));
    }
    // #region encryption
    await using db = createLegalDb({
      contextKey: database.contextKey,
      connectionString: DATABASE_URL,
      encryption: {
        // every key that may still be in use; new values use activeKeyId
        keys: { '2026-11': env.LEGAL_KEY_2026_11, '2026-05': env.LEGAL_KEY_2026_05 },
        activeKeyId: '2026-11',
        blindIndexKey: env.LEGAL_BLIND_INDEX_KEY, // never rotated: it would invalidate every lookup
      },
    });
    const jane = await db.withTenant(context, async (t) => {
      await t.clients.create({
        name: 'Jane Doe',
        taxId: '98-7654321',
        notes: 'Privileged: prefers calls',
      });
      // equality lookup without decrypting anything in SQL: the blind index of the normalised value
      return t.clients.findByTaxId('98 765 4321'); // { …, taxId: '98-7654321', notes: 'Privileged: …' }
    });
    // re-encrypt everything still under 2026-05 (batches, each an audited asSystem transaction)
    const rotated = await db.rotateKeys({ batchSize: 500 }); // { clients: 1, communications: 0 }
    // afterwards '2026-05' can be removed from `keys`
    // #endregion
    expect(jane?.notes).toBe('Privileged: prefers calls');
    expect(rotated).toEqual({ clients: 1, communications: 0 });
  });

  it('units of work: savepoints, aborted units, closed scopes, typed errors', async () => {
    await using db = createLegalDb({ contextKey: database.contextKey, connectionString: DATABASE_URL });
    const firm = await createFirm(DATABASE_URL, `uow-docs-${randomBytes(3).toString('hex')}`);
    const context = { tenantId: firm.tenantId, userId: firm.userId };

    // #region savepoint
    const client = await db.withTenant(context, async (t) => {
      const first = await t.clients.create({ name: 'Acme Ltd', externalRef: 'CRM-1001' });
      // a statement that may fail (the same external reference again): inside a savepoint,
      // its failure is undone and the unit goes on
      const second = await t
        .savepoint((sp) => sp.clients.create({ name: 'Acme Limited', externalRef: 'CRM-1001' }))
        .catch((error: unknown) => (error instanceof ConflictError ? undefined : Promise.reject(error)));
      return second ?? first; // `first` is committed with the unit
    });
    // #endregion
    expect(client.name).toBe('Acme Ltd');

    // #region aborted
    const aborted = await db
      .withTenant(context, async (t) => {
        await t.clients.create({ name: 'Lost Ltd', externalRef: 'CRM-2002' });
        // caught without a savepoint: PostgreSQL has aborted the transaction…
        await t.clients.create({ name: 'Lost Again Ltd', externalRef: 'CRM-2002' }).catch(() => undefined);
        return 'done';
      })
      // …so withTenant rejects, naming the first failure; nothing of the unit was committed
      .catch((error: unknown) => (error instanceof TransactionAbortedError ? error.cause : error));
    // #endregion
    expect(aborted).toBeInstanceOf(ConflictError);
    expect(
      await query(DATABASE_URL, `select count(*)::int as n from legal.clients where external_ref = 'CRM-2002'`),
    ).toEqual([{ n: 0 }]);
    expect(
      await query(DATABASE_URL, `select count(*)::int as n from legal.clients where external_ref = 'CRM-1001'`),
    ).toEqual([{ n: 1 }]);

    // #region closed-scope
    let kept: TenantScope | undefined;
    await db.withTenant(context, async (t) => {
      kept = t; // a scope kept past its unit…
    });
    // …refuses every use, and sends nothing: the connection may already serve another firm
    const late = await kept?.clients.list().catch((error: unknown) => error);
    // late instanceof ScopeClosedError
    // #endregion
    expect(late).toBeInstanceOf(ScopeClosedError);

    // #region timeouts
    const slow = await db
      .withTenant(context, (t) => sql`select pg_sleep(1)`.execute(t.db), { statementTimeoutMs: 50 })
      .catch((error: unknown) => error);
    // slow instanceof StatementTimeoutError (LockTimeoutError and DeadlockError likewise)
    // #endregion
    expect(slow).toBeInstanceOf(StatementTimeoutError);
  });

  it('access inside a firm: roles, grants, walls, review', async () => {
    await using db = createLegalDb({ contextKey: database.contextKey, connectionString: DATABASE_URL });
    const firm = await createFirm(DATABASE_URL, `access-docs-${randomBytes(3).toString('hex')}`);
    await query(DATABASE_URL, `update legal.users set role = 'admin' where id = $1`, [firm.userId]);
    const context = { tenantId: firm.tenantId, userId: firm.userId };
    const [associate] = await query<{ id: string }>(
      DATABASE_URL,
      `insert into legal.users (tenant_id, email, password_hash, full_name, role) values ($1, 'sam@access-docs.example', 'x', 'Sam', 'caseworker') returning id`,
      [firm.tenantId],
    );
    const samId = associate?.id as string;
    const matter = await db.withTenant(context, (t) => t.cases.create({ title: 'Acme v. Globex' }));

    // #region access-admin
    const review = await db.withTenant(context, async (t) => {
      // a role of the firm's own, and a change to a default role (effective from the next unit)
      await t.access.createRole({ name: 'billing_clerk', permissions: ['billing.read', 'time.record'] });
      await t.access.setRolePermissions('caseworker', ['cases.read_assigned', 'cases.update', 'documents.read']);
      // a personal grant that lapses on its own
      await t.access.grant({ userId: samId, permission: 'reports.read', expiresAt: '2027-01-31T23:59:59Z' });
      // Sam collaborates on the matter as a viewer…
      await t.cases.addCollaborator(matter.id, samId, 'viewer');
      // …until a conflict appears: from Sam's next statement, the matter is invisible to Sam everywhere
      await t.access.putUpWall({ caseId: matter.id, userId: samId, reason: 'Previously advised Globex' });
      return {
        who: await t.access.whoCanSee(matter.id), // [{ userId, fullName, role, level, via }]
        sam: await t.access.whatCanSee(samId), // { role, permissions, cases, walls, active }
      };
    });
    // #endregion
    expect(review.who.map((w) => w.userId)).not.toContain(samId);
    expect(review.sam.walls).toEqual([matter.id]);
    expect(review.sam.permissions).toContain('reports.read');
  });

  it('docs/*.md carry exactly these examples (pnpm docs:examples)', () => {
    const pages = docsPages() as { file: string; current: string; expected: string; examples: number }[];
    expect(pages.filter((p) => p.current !== p.expected).map((p) => p.file)).toEqual([]);
    expect(pages.reduce((n, p) => n + p.examples, 0)).toBeGreaterThanOrEqual(11);
  });
});
