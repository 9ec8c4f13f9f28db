/**
 * The examples of docs/data.md and docs/errors.md, run. Each `// #region` is copied verbatim
 * into the docs by `pnpm docs:examples`; the last test fails when a page is out of date.
 */
import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { docsPages } from '../../../scripts/docs-examples.mjs';
import {
  ConflictError,
  createLegalDb,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from '../src/index.js';
import { legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const DATABASE_URL = database.url;

describe('docs examples', () => {
  it('onboards a firm, signs in, works a case, handles errors', async () => {
    // #region create-db
    await using db = createLegalDb({
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

  it('docs/*.md carry exactly these examples (pnpm docs:examples)', () => {
    const pages = docsPages() as { file: string; current: string; expected: string; examples: number }[];
    expect(pages.filter((p) => p.current !== p.expected).map((p) => p.file)).toEqual([]);
    expect(pages.reduce((n, p) => n + p.examples, 0)).toBeGreaterThanOrEqual(8);
  });
});
