/**
 * Issue "who may see what inside a firm": each bullet of what was tried against the old SDK,
 * as a test. Every scenario is built through the repositories by the firm's administrator;
 * the attacks are made as an app would make them (repositories and t.db) and as hostile SQL.
 */
import { randomBytes } from 'node:crypto';
import { query } from '@legal/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createLegalDb,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  type TenantContext,
  TenantContextError,
  ValidationError,
} from '../src/index.js';
import { testKeys } from './support/keys.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';
import { spiedPool } from './support/wire-spy.js';

const database = await legalDatabase();
const loginUrl = await appLogin(database);
const keys = testKeys();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: loginUrl,
  passwordHashCost: 4,
  embeddingDimensions: { 'test-3d': 3 },
  encryption: { keys: { k1: keys.k1 }, activeKeyId: 'k1', blindIndexKey: keys.blindIndexKey },
});
afterAll(() => db.close());

const firm = await createFirm(database.url, 'access-a');
const other = await createFirm(database.url, 'access-b');
await query(database.url, `update legal.users set role = 'admin' where id = $1`, [firm.userId]);
const admin: TenantContext = { tenantId: firm.tenantId, userId: firm.userId };
const as = (userId: string, scopes?: string[]): TenantContext => ({
  tenantId: firm.tenantId,
  userId,
  ...(scopes ? { scopes } : {}),
});
const caseworker = await addUser(database.url, firm.tenantId, 'caseworker', 'cw@access-a.example');
const proSe = await addUser(database.url, firm.tenantId, 'pro_se', 'ps@access-a.example');
const viewerMember = await addUser(database.url, firm.tenantId, 'caseworker', 'vm@access-a.example');
const paralegal = await addUser(database.url, firm.tenantId, 'paralegal', 'pl@access-a.example');
const chair = await addUser(database.url, firm.tenantId, 'chair', 'ch@access-a.example');

/** The firm's privileged matter, with a document (and its text), tasks, communications, time and expenses. */
const matter = await db.withTenant(admin, async (t) => {
  const client = await t.clients.create({ name: 'Privileged Client' });
  const m = await t.cases.create({ title: 'Privileged Matter v. Everyone', clientId: client.id });
  const doc = await t.documents.register({
    caseId: m.id,
    logicalPath: 'strategy/plan.pdf',
    fileName: 'plan.pdf',
    mimeType: 'application/pdf',
    fileSize: 1000,
  });
  await t.documents.setExtractedText(doc.id, 'Our settlement floor is two million.');
  await t.chunks.replace({
    documentId: doc.id,
    model: 'test-3d',
    chunks: [{ text: 'Our settlement floor is two million.', startChar: 0, endChar: 36, embedding: [1, 0, 0] }],
  });
  await t.tasks.create({ caseId: m.id, title: 'Prepare the privileged memo' });
  await t.communications.create({
    caseId: m.id,
    kind: 'phone',
    direction: 'inbound',
    subject: 'Privileged call',
    body: 'The client admits the breach.',
  });
  await t.timeEntries.create({ caseId: m.id, minutes: 60, description: 'Strategy' });
  await t.expenses.create({ caseId: m.id, category: 'filing_fee', description: 'Fee', amount: '10.00' });
  await t.cases.addCollaborator(m.id, viewerMember, 'viewer');
  return { id: m.id, documentId: doc.id };
});

/** A second matter whose one document is restricted to the administrator (a document grant). */
const restricted = await db.withTenant(admin, async (t) => {
  const m = await t.cases.create({ title: 'Open Matter' });
  const doc = await t.documents.register({
    caseId: m.id,
    logicalPath: 'hr/salaries.pdf',
    fileName: 'salaries.pdf',
    mimeType: 'application/pdf',
    fileSize: 10,
  });
  await t.chunks.replace({
    documentId: doc.id,
    model: 'test-3d',
    chunks: [{ text: 'Salaries of every partner.', startChar: 0, endChar: 26, embedding: [0, 1, 0] }],
  });
  await t.documents.grant({ documentId: doc.id, userId: firm.userId, permission: 'read' });
  return { caseId: m.id, documentId: doc.id };
});

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('a caseworker (cases.read_assigned) reaches only the matters they belong to', () => {
  it('cannot update, transition or read the documents and tasks of a matter they cannot see', async () => {
    const ctx = as(caseworker);
    expect(await errorOf(db.withTenant(ctx, (t) => t.cases.update(matter.id, { description: 'x' })))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await errorOf(db.withTenant(ctx, (t) => t.cases.transition(matter.id, 'pending_review')))).toBeInstanceOf(
      NotFoundError,
    );
    const seen = await db.withTenant(ctx, async (t) => ({
      documents: (await t.documents.list({ caseId: matter.id })).items.length,
      tasks: (await t.tasks.list({ caseId: matter.id })).items.length,
      viaSql: (await sql<{ n: number }>`select count(*)::int as n from legal.documents`.execute(t.db)).rows[0]?.n,
    }));
    expect(seen).toEqual({ documents: 0, tasks: 0, viaSql: 0 });
    const [row] = await query<{ description: string | null; status: string }>(
      database.url,
      'select description, status from legal.cases where id = $1',
      [matter.id],
    );
    expect(row).toEqual({ description: null, status: 'new' });
  });

  it('a collaborator added as viewer reads the matter but cannot edit it (permission_level is enforced)', async () => {
    const ctx = as(viewerMember);
    expect((await db.withTenant(ctx, (t) => t.cases.get(matter.id))).id).toBe(matter.id);
    expect(
      await errorOf(db.withTenant(ctx, (t) => t.cases.update(matter.id, { description: 'edited' }))),
    ).toBeInstanceOf(NotFoundError);
    const raw = await db.withTenant(ctx, (t) =>
      sql`update legal.cases set description = 'edited' where id = ${matter.id}::uuid`.execute(t.db),
    );
    expect(raw.numAffectedRows).toBe(0n);
  });
});

describe('a pro_se user who sees no matter reads nothing of it', () => {
  it('no communication (decrypted or not), document, chunk, task, time entry or expense', async () => {
    const seen = await db.withTenant(as(proSe), async (t) => ({
      cases: (await t.cases.list()).items.length,
      communications: (await t.communications.list({ caseId: matter.id })).items.length,
      documents: (await t.documents.list()).items.length,
      search: (await t.documents.search('settlement')).length,
      chunks: (await t.chunks.nearest([1, 0, 0], 10, { model: 'test-3d' })).length,
      tasks: (await t.tasks.list()).items.length,
      time: await errorOf(t.timeEntries.list({ caseId: matter.id })).then((e) => (e ? 'refused' : 'listed')),
      rawCommunications: (await sql<{ n: number }>`select count(*)::int as n from legal.communications`.execute(t.db))
        .rows[0]?.n,
      rawTime: (await sql<{ n: number }>`select count(*)::int as n from legal.time_entries`.execute(t.db)).rows[0]?.n,
      rawExpenses: (await sql<{ n: number }>`select count(*)::int as n from legal.expenses`.execute(t.db)).rows[0]?.n,
    }));
    expect(seen).toMatchObject({
      cases: 0,
      communications: 0,
      documents: 0,
      search: 0,
      chunks: 0,
      tasks: 0,
      rawCommunications: 0,
      rawTime: 0,
      rawExpenses: 0,
    });
  });
});

describe('document grants hold wherever the content surfaces', () => {
  it('a paralegal who sees the matter but not the restricted document gets none of its text from chunks.list or chunks.nearest', async () => {
    const ctx = as(paralegal);
    expect(await errorOf(db.withTenant(ctx, (t) => t.documents.get(restricted.documentId)))).toBeInstanceOf(Error);
    const text = await db.withTenant(ctx, async (t) => ({
      list: await t.chunks.list(restricted.documentId).catch(() => []),
      nearest: await t.chunks.nearest([0, 1, 0], 10, { model: 'test-3d', caseId: restricted.caseId }),
      raw: (
        await sql<{
          n: number;
        }>`select count(*)::int as n from legal.document_chunks where document_id = ${restricted.documentId}::uuid`.execute(
          t.db,
        )
      ).rows[0]?.n,
    }));
    expect(text).toEqual({ list: [], nearest: [], raw: 0 });
    // the administrator, its grantee, sees it
    const own = await db.withTenant(admin, (t) =>
      t.chunks.nearest([0, 1, 0], 10, { model: 'test-3d', caseId: restricted.caseId }),
    );
    expect(own.map((h) => h.chunk.documentId)).toContain(restricted.documentId);
  });
});

describe('access tokens keep their scopes', () => {
  it('a token scoped to cases.read_all resolves with its scopes and cannot create a case', async () => {
    const { token } = await db.withTenant(admin, (t) =>
      t.accessTokens.create({ name: 'reader', scopes: ['cases.read_all'] }),
    );
    const ctx = await db.auth.resolveAccessToken(token);
    expect(ctx?.scopes).toEqual(['cases.read_all']);
    const refused = await errorOf(db.withTenant(ctx as TenantContext, (t) => t.cases.create({ title: 'Via a token' })));
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).permission).toBe('cases.create');
    expect((await db.withTenant(ctx as TenantContext, (t) => t.cases.list())).items.length).toBeGreaterThan(0);
    const raw = await errorOf(
      db.withTenant(ctx as TenantContext, (t) =>
        sql`insert into legal.cases (owner_id, title) values (${firm.userId}::uuid, 'raw')`.execute(t.db),
      ),
    );
    expect(raw).toBeInstanceOf(ForbiddenError);
  });
});

describe("the context's user is checked against the firm", () => {
  it('a user of another firm, or a random id, in the context: refused before anything is read', async () => {
    for (const userId of [other.userId, crypto.randomUUID()]) {
      const error = await errorOf(db.withTenant(as(userId), (t) => t.tasks.list()));
      expect(error).toBeInstanceOf(TenantContextError);
      expect((error as TenantContextError).reason).toBe('foreign');
    }
  });
});

describe('t.db and raw SQL obey the same rules, and the context cannot be forged from SQL', () => {
  it('a caseworker reading every case through t.db sees only their own', async () => {
    const own = await db.withTenant(as(caseworker), (t) => t.db.selectFrom('cases').select('id').execute());
    expect(own).toEqual([]);
  });

  it('SET LOCAL and set_config on the context settings from inside a unit widen nothing', async () => {
    const viaSet = await db.withTenant(as(caseworker), async (t) => {
      await sql.raw(`select 1`).execute(t.db);
      // SET legal.* is refused by the unit; set_config is not even executable by the app role
      const set = await errorOf(sql.raw(`set local legal.cases = '*'`).execute(t.db));
      return set;
    });
    expect(viaSet).toBeInstanceOf(Error);
    const viaConfig = await errorOf(
      db.withTenant(as(caseworker), async (t) => {
        await sql`select set_config('legal.tenant_id', ${other.tenantId}, true)`.execute(t.db);
        return (await sql<{ n: number }>`select count(*)::int as n from legal.cases`.execute(t.db)).rows[0]?.n;
      }),
    );
    expect(viaConfig).toBeInstanceOf(Error);
  });

  it('a raw legal_app connection that forges every setting by hand sees nothing', async () => {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: loginUrl });
    await client.connect();
    try {
      await client.query('begin; set local role legal_app');
      await client.query(
        `set local legal.tenant_id = '${firm.tenantId}'; set local legal.user_id = '${firm.userId}'; set local legal.perms = ',cases.read_all,'; set local legal.cases = '*'; set local legal.sig = 'forged'`,
      );
      const { rows } = await client.query<{ n: number }>('select count(*)::int as n from legal.cases');
      expect(rows[0]?.n).toBe(0);
    } finally {
      await client.query('rollback');
      await client.end();
    }
  });

  it("log_event cannot append to another firm's chain", async () => {
    const before = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.audit_log where tenant_id = $1',
      [other.tenantId],
    );
    await errorOf(
      db.withTenant(admin, async (t) => {
        await sql`select legal.log_event('document_view', 'documents', ${crypto.randomUUID()}, null, null, '{}'::jsonb)`.execute(
          t.db,
        );
      }),
    );
    await errorOf(
      db.withTenant(admin, async (t) => {
        await sql`select set_config('legal.tenant_id', ${other.tenantId}, true)`.execute(t.db);
        await sql`select legal.log_event('document_view', 'documents', ${crypto.randomUUID()}, null, null, '{}'::jsonb)`.execute(
          t.db,
        );
      }),
    );
    const after = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.audit_log where tenant_id = $1',
      [other.tenantId],
    );
    expect(after).toEqual(before);
    const [chain] = await query<{ problem: string | null }>(
      database.url,
      'select problem from legal.verify_audit_chain($1)',
      [other.tenantId],
    );
    expect(chain?.problem ?? null).toBeNull();
  });
});

describe('the workflow checks each step', () => {
  it('assigned needs an assignee: a typed ValidationError naming assignedTo', async () => {
    const error = await errorOf(
      db.withTenant(admin, async (t) => {
        const c = await t.cases.create({ title: 'Needs an assignee' });
        await t.cases.transition(c.id, 'pending_review');
        await t.cases.transition(c.id, 'assigned');
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['assignedTo']);
  });

  it("only a holder of cases.review moves pending_review → assigned (the chair's step), not a caseworker with cases.transition", async () => {
    const c = await db.withTenant(admin, async (t) => {
      const created = await t.cases.create({ title: 'Chair step' });
      await t.cases.assign(created.id, caseworker);
      await t.cases.transition(created.id, 'pending_review');
      return created;
    });
    const refused = await errorOf(db.withTenant(as(caseworker), (t) => t.cases.transition(c.id, 'assigned')));
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).permission).toBe('cases.review');
    expect((await db.withTenant(as(chair), (t) => t.cases.transition(c.id, 'assigned'))).status).toBe('assigned');
  });

  it('a step the workflow does not allow stays an InvalidTransitionError', async () => {
    const error = await errorOf(db.withTenant(admin, (t) => t.cases.transition(matter.id, 'archived')));
    expect(error).toBeInstanceOf(InvalidTransitionError);
  });
});

describe('security events and the acting role', () => {
  const events = (type: string, userId: string) =>
    query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.security_events where event_type = $1 and user_id = $2',
      [type, userId],
    ).then((r) => r[0]?.n ?? 0);

  it('a denial records permission_denied; a user of another firm in the context records cross_tenant_attempt', async () => {
    const denied = await events('permission_denied', proSe);
    await errorOf(db.withTenant(as(proSe), (t) => t.clients.create({ name: 'Not allowed' })));
    expect(await events('permission_denied', proSe)).toBe(denied + 1);
    const crossed = () =>
      query<{ n: number; user: string | null }>(
        database.url,
        `select count(*)::int as n, max(user_id::text) as user from legal.security_events
          where tenant_id = $1 and event_type = 'cross_tenant_attempt' and details ->> 'contextUserId' = $2`,
        [firm.tenantId, other.userId],
      ).then((r) => r[0]);
    const before = await crossed();
    await errorOf(db.withTenant(as(other.userId), (t) => t.cases.list()));
    expect(await crossed()).toEqual({ n: (before?.n ?? 0) + 1, user: null });
  });

  it('sign-out, unlock and password change are recorded', async () => {
    const email = `sec-${randomBytes(3).toString('hex')}@access-a.example`;
    const user = await db.withTenant(admin, (t) =>
      t.users.create({ email, password: 'first passphrase 1', fullName: 'Sec User', role: 'lawyer' }),
    );
    const { token, context } = await db.auth.login({ tenantSlug: 'access-a', email, password: 'first passphrase 1' });
    await db.withTenant(context, (t) =>
      t.users.changePassword({ currentPassword: 'first passphrase 1', newPassword: 'second passphrase 2' }),
    );
    expect(await events('password_changed', user.id)).toBe(1);
    expect(await db.auth.resolveSession(token)).toBeUndefined(); // every session ended with the change
    const second = await db.auth.login({ tenantSlug: 'access-a', email, password: 'second passphrase 2' });
    await db.auth.logout(second.token);
    expect(await events('logout', user.id)).toBe(1);
    expect(await db.withTenant(admin, (t) => t.users.unlock(user.id))).toBe(true);
    expect(await events('account_unlocked', user.id)).toBe(1);
    const wrong = await errorOf(
      db.withTenant(second.context, (t) =>
        t.users.changePassword({ currentPassword: 'nope', newPassword: 'third passphrase 3' }),
      ),
    );
    expect(wrong).toBeInstanceOf(ValidationError);
    expect((wrong as ValidationError).issues.map((i) => i.path)).toEqual(['currentPassword']);
  });

  it("audit rows carry the acting user's role", async () => {
    const c = await db.withTenant(as(paralegal), (t) => t.cases.create({ title: 'Audited role' }));
    const [row] = await query<{ actor_role: string; db_role: string }>(
      database.url,
      `select actor_role, db_role from legal.audit_log where table_name = 'cases' and record_id = $1 and action = 'create'`,
      [c.id],
    );
    expect(row).toEqual({ actor_role: 'paralegal', db_role: 'legal_app' });
  });
});

describe('permission checks cost no round trip', () => {
  it('a unit that checks ten permissions and reads a case is one flight (plus its COMMIT)', async () => {
    const spy = spiedPool(loginUrl, 1);
    const spied = createLegalDb({ contextKey: database.contextKey, pool: spy.pool });
    try {
      await spied.withTenant(admin, (t) => t.cases.get(matter.id)); // grants cached
      spy.reset();
      await spied.withTenant(admin, async (t) => {
        for (const code of ['cases.read_all', 'cases.update', 'billing.read', 'audit.read', 'walls.manage']) {
          expect(await t.roles.hasPermission(code)).toBe(true);
        }
        for (const code of ['cases.read_all', 'users.manage', 'roles.manage', 'documents.read', 'tasks.manage']) {
          expect(await t.roles.hasPermission(code)).toBe(true);
        }
        return t.cases.get(matter.id);
      });
      await spied.withTenant(admin, async () => undefined);
      const flights = spy.flights.filter((f) => f.statements.length > 0);
      expect(flights[0]?.statements.filter((s) => s.includes('from "legal"."cases"'))).toHaveLength(1);
      expect(flights.filter((f) => !(f.statements.length === 1 && f.statements[0] === 'COMMIT'))).toHaveLength(1);
    } finally {
      await spied.close();
      await spy.pool.end();
    }
  });
});

describe('administration through the SDK (t.access)', () => {
  it('roles: create one with permissions, change them (effective from the next unit), refuse deleting a default role', async () => {
    const name = `auditor_${randomBytes(2).toString('hex')}`;
    const role = await db.withTenant(admin, (t) =>
      t.access.createRole({ name, description: 'Reads the audit trail', permissions: ['audit.read', 'users.read'] }),
    );
    expect(role).toMatchObject({ name, isDefault: false, permissions: ['audit.read', 'users.read'] });
    const auditor = await addUser(database.url, firm.tenantId, name, `${name}@access-a.example`);
    expect(await db.withTenant(as(auditor), (t) => t.roles.hasPermission('cases.read_all'))).toBe(false);
    await db.withTenant(admin, (t) => t.access.setRolePermissions(name, ['audit.read', 'cases.read_all']));
    expect(await db.withTenant(as(auditor), (t) => t.roles.hasPermission('cases.read_all'))).toBe(true);
    expect(await db.withTenant(as(auditor), (t) => t.roles.hasPermission('users.read'))).toBe(false);
    const listed = await db.withTenant(as(auditor), (t) => t.access.roles());
    expect(listed.find((r) => r.name === 'admin')?.isDefault).toBe(true);
    const unknown = await errorOf(db.withTenant(admin, (t) => t.access.setRolePermissions(name, ['cases.fly'])));
    expect((unknown as ValidationError).issues.map((i) => i.path)).toEqual(['permissions.0']);
    const notAllowed = await errorOf(db.withTenant(as(paralegal), (t) => t.access.setRolePermissions(name, [])));
    expect((notAllowed as ForbiddenError).permission).toBe('roles.manage');
    expect(await errorOf(db.withTenant(admin, (t) => t.access.deleteRole('viewer')))).toBeInstanceOf(Error);
    expect((await db.withTenant(admin, (t) => t.access.roles())).some((r) => r.name === 'viewer')).toBe(true);
  });

  it('personal grants: a grant adds a permission until it expires; revoking takes it back', async () => {
    const ctx = as(caseworker);
    expect(await db.withTenant(ctx, (t) => t.roles.hasPermission('billing.read'))).toBe(false);
    await db.withTenant(admin, (t) => t.access.grant({ userId: caseworker, permission: 'billing.read' }));
    expect(await db.withTenant(ctx, (t) => t.roles.hasPermission('billing.read'))).toBe(true);
    await db.withTenant(admin, (t) =>
      t.access.grant({
        userId: caseworker,
        permission: 'billing.read',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      }),
    );
    expect(await db.withTenant(ctx, (t) => t.roles.hasPermission('billing.read'))).toBe(false);
    await db.withTenant(admin, (t) => t.access.grant({ userId: caseworker, permission: 'billing.read' }));
    expect(await db.withTenant(admin, (t) => t.access.revoke(caseworker, 'billing.read'))).toBe(true);
    expect(await db.withTenant(ctx, (t) => t.roles.hasPermission('billing.read'))).toBe(false);
    const refused = await errorOf(
      db.withTenant(as(paralegal), (t) => t.access.grant({ userId: paralegal, permission: 'users.manage' })),
    );
    expect((refused as ForbiddenError).permission).toBe('users.manage');
  });

  it('a grant that expires while its grants are cached stops working at once (the database and the SDK both check the expiry)', async () => {
    const ctx = as(proSe);
    await db.withTenant(admin, (t) =>
      t.access.grant({
        userId: proSe,
        permission: 'clients.read',
        expiresAt: new Date(Date.now() + 1500).toISOString(),
      }),
    );
    const during = await db.withTenant(ctx, async (t) => ({
      has: await t.roles.hasPermission('clients.read'),
      rows: (await sql<{ n: number }>`select count(*)::int as n from legal.clients`.execute(t.db)).rows[0]?.n ?? 0,
    }));
    expect(during.has).toBe(true);
    expect(during.rows).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const after = await db.withTenant(ctx, async (t) => ({
      has: await t.roles.hasPermission('clients.read'),
      rows: (await sql<{ n: number }>`select count(*)::int as n from legal.clients`.execute(t.db)).rows[0]?.n ?? 0,
    }));
    expect(after).toEqual({ has: false, rows: 0 });
  });

  it('walls: an admin walled from a matter sees nothing of it (cases, documents, search, audit) until the wall comes down; audited', async () => {
    const screened = await addUser(
      database.url,
      firm.tenantId,
      'admin',
      `walled-${randomBytes(2).toString('hex')}@access-a.example`,
    );
    const ctx = as(screened);
    const sees = () =>
      db.withTenant(ctx, async (t) => ({
        get: await t.cases.find(matter.id).then((c) => c?.id ?? null),
        inList: (await t.cases.list({ limit: 100 })).items.some((c) => c.id === matter.id),
        search: (await t.documents.search('settlement')).length,
        audit: (
          await sql<{
            n: number;
          }>`select count(*)::int as n from legal.audit_log where case_id = ${matter.id}::uuid`.execute(t.db)
        ).rows[0]?.n,
      }));
    expect(await sees()).toMatchObject({ get: matter.id, inList: true, search: 1 });
    const wall = await db.withTenant(admin, (t) =>
      t.access.putUpWall({ caseId: matter.id, userId: screened, reason: 'Acted for the other side' }),
    );
    expect(await sees()).toEqual({ get: null, inList: false, search: 0, audit: 0 });
    expect((await db.withTenant(admin, (t) => t.access.walls({ caseId: matter.id }))).map((w) => w.id)).toContain(
      wall.id,
    );
    const [audited] = await query<{ n: number }>(
      database.url,
      `select count(*)::int as n from legal.audit_log where table_name = 'ethical_walls' and record_id = $1`,
      [wall.id],
    );
    expect(audited?.n).toBe(1);
    expect(await db.withTenant(admin, (t) => t.access.takeDownWall(matter.id, screened))).toBe(true);
    expect(await sees()).toMatchObject({ get: matter.id, inList: true });
  });

  it('access review: what a user can see, and who can see a matter (with level and why)', async () => {
    const caseworkerView = await db.withTenant(as(chair), (t) => t.access.whatCanSee(caseworker));
    expect(caseworkerView).toMatchObject({ userId: caseworker, active: true, role: 'caseworker' });
    expect(caseworkerView.cases).not.toBe('all');
    expect((caseworkerView.cases as { caseId: string }[]).some((c) => c.caseId === matter.id)).toBe(false);
    expect((await db.withTenant(as(chair), (t) => t.access.whatCanSee(paralegal))).cases).toBe('all');
    const who = await db.withTenant(as(chair), (t) => t.access.whoCanSee(matter.id));
    const byUser = new Map(who.map((w) => [w.userId, w]));
    expect(byUser.get(viewerMember)).toMatchObject({ level: 'read', via: 'member:viewer' });
    expect(byUser.get(firm.userId)).toMatchObject({ level: 'write', via: 'all matters' });
    expect(byUser.has(caseworker)).toBe(false);
    expect(byUser.has(proSe)).toBe(false);
    const refused = await errorOf(db.withTenant(as(paralegal), (t) => t.access.whoCanSee(matter.id)));
    expect((refused as ForbiddenError).permission).toBe('access.review');
  });
});
