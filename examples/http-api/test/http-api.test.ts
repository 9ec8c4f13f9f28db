import type { AddressInfo } from 'node:net';
import { createLegalDb } from '@legal/data';
import { query } from '@legal/testing';
import { useLegalDatabase } from '@legal/testing/vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';

// A real server on a real port, a real PostgreSQL behind it: every test sends HTTP requests.
const database = await useLegalDatabase();
const pool = new pg.Pool({ connectionString: database.url, max: 5 });
const db = createLegalDb({ pool, contextKey: database.contextKey, passwordHashCost: 4 });
const app = buildApp({ db, ping: async () => void (await pool.query('select 1')) });
let base = '';

const PASSWORD = 'http-api-test-1';

async function api(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function signIn(firm: string, email: string): Promise<string> {
  const { status, body } = await api('POST', '/sessions', { body: { firm, email, password: PASSWORD } });
  expect(status).toBe(201);
  return body.token as string;
}

const tokens: Record<string, string> = {};
let clientId = '';

beforeAll(async () => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  for (const [slug, name] of [
    ['doe-law', 'Doe & Associates'],
    ['roe-llp', 'Roe LLP'],
  ] as const) {
    await db.asSystem({ reason: 'http-api test onboarding' }, (s) =>
      s.tenants.create({
        slug,
        name,
        admin: { email: `admin@${slug}.example`, password: PASSWORD, fullName: 'Admin' },
      }),
    );
  }
  tokens.admin = await signIn('doe-law', 'admin@doe-law.example');
  tokens.rival = await signIn('roe-llp', 'admin@roe-llp.example');
  // the firm's admin adds a lawyer and a viewer through the SDK (the service has no user routes)
  const admin = await db.auth.resolveSession(tokens.admin);
  await db.withTenant(admin as NonNullable<typeof admin>, async (t) => {
    await t.users.create({
      email: 'lawyer@doe-law.example',
      password: PASSWORD,
      fullName: 'Lee Lawyer',
      role: 'lawyer',
    });
    await t.users.create({
      email: 'viewer@doe-law.example',
      password: PASSWORD,
      fullName: 'Vi Viewer',
      role: 'viewer',
    });
    clientId = (await t.clients.create({ name: 'Smith Holdings', kind: 'company', companyName: 'Smith Holdings Ltd' }))
      .id;
  });
  tokens.lawyer = await signIn('doe-law', 'lawyer@doe-law.example');
  tokens.viewer = await signIn('doe-law', 'viewer@doe-law.example');
});

afterAll(async () => {
  await app.close();
  await db.close();
  await pool.end();
});

describe('the HTTP service over @legal', () => {
  it('GET /health answers 200 while the database answers', async () => {
    const { status, body } = await api('GET', '/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('GET /health is 503 when the database does not answer', async () => {
    const broken = buildApp({ db, ping: () => Promise.reject(new Error('connection refused')) });
    const response = await broken.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
  });

  it('sign-in: a wrong password, an unknown email and an unknown firm are the same 401', async () => {
    const answers = await Promise.all([
      api('POST', '/sessions', {
        body: { firm: 'doe-law', email: 'admin@doe-law.example', password: 'wrong-password-1' },
      }),
      api('POST', '/sessions', { body: { firm: 'doe-law', email: 'nobody@doe-law.example', password: PASSWORD } }),
      api('POST', '/sessions', { body: { firm: 'no-such-firm', email: 'admin@doe-law.example', password: PASSWORD } }),
    ]);
    for (const { status, body } of answers) {
      expect(status).toBe(401);
      expect(body.code).toBe('INVALID_CREDENTIALS');
    }
    expect(new Set(answers.map((a) => a.body.message)).size).toBe(1);
  });

  it('sign-in with a malformed body is a 400 naming the fields', async () => {
    const { status, body } = await api('POST', '/sessions', { body: { firm: 'doe-law', email: 'not-an-email' } });
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION');
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('a route of the firm without a token, with a bogus one, or after sign-out is a 401', async () => {
    expect((await api('GET', '/cases')).status).toBe(401);
    expect((await api('GET', '/cases', { token: 'session_nonsense' })).status).toBe(401);
    expect((await api('GET', '/cases', { headers: { authorization: 'Basic YTpi' } })).status).toBe(401);
    const token = await signIn('doe-law', 'lawyer@doe-law.example');
    expect((await api('GET', '/cases', { token })).status).toBe(200);
    expect((await api('DELETE', '/sessions/current', { token })).status).toBe(204);
    const after = await api('GET', '/cases', { token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
  });

  it('a case: 400 naming the field, 201 with its location, 200 read back, 404 for another firm', async () => {
    const bad = await api('POST', '/cases', { token: tokens.lawyer, body: { title: 'x', priority: 'whenever' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['priority', 'title']);
    expect((await query(database.url, "select count(*)::int as n from legal.cases where title = 'x'"))[0]).toEqual({
      n: 0,
    });

    const created = await api('POST', '/cases', {
      token: tokens.lawyer,
      body: {
        title: 'Smith Holdings v. Jones Logistics',
        clientId,
        matterNumber: 'M-2026-001',
        caseType: 'litigation',
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/cases/${created.body.id}`);
    expect(created.body).toMatchObject({
      title: 'Smith Holdings v. Jones Logistics',
      status: 'new',
      clientName: 'Smith Holdings',
    });

    const read = await api('GET', `/cases/${created.body.id}`, { token: tokens.lawyer });
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(created.body.id);
    // Roe LLP's admin asks for Doe's case by its id: as if it did not exist
    const foreign = await api('GET', `/cases/${created.body.id}`, { token: tokens.rival });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect((await api('GET', '/cases', { token: tokens.rival })).body.items).toEqual([]);
    expect((await api('GET', '/cases/not-a-uuid', { token: tokens.lawyer })).status).toBe(400);
  });

  it('409 for a duplicate matter number and for a transition the workflow refuses', async () => {
    const body = { title: 'Duplicate matter number', matterNumber: 'M-2026-002' };
    expect((await api('POST', '/cases', { token: tokens.lawyer, body })).status).toBe(201);
    const again = await api('POST', '/cases', { token: tokens.lawyer, body });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');

    const created = await api('POST', '/cases', { token: tokens.lawyer, body: { title: 'Workflow matter' } });
    const skip = await api('POST', `/cases/${created.body.id}/transitions`, {
      token: tokens.lawyer,
      body: { to: 'completed' },
    });
    expect(skip.status).toBe(409);
    expect(skip.body).toMatchObject({
      code: 'INVALID_TRANSITION',
      allowed: expect.arrayContaining(['pending_review']),
    });
    const ok = await api('POST', `/cases/${created.body.id}/transitions`, {
      token: tokens.lawyer,
      body: { to: 'pending_review', reason: 'ready for review' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('pending_review');
  });

  it('403 when the caller lacks the permission (a viewer opening a case), and nothing is written', async () => {
    const denied = await api('POST', '/cases', { token: tokens.viewer, body: { title: 'Viewer tries' } });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    expect(
      (await query(database.url, "select count(*)::int as n from legal.cases where title = 'Viewer tries'"))[0],
    ).toEqual({ n: 0 });
  });

  it('documents: registered, held, and a delete under legal hold is a 423', async () => {
    const matter = await api('POST', '/cases', { token: tokens.admin, body: { title: 'Matter with documents' } });
    const doc = await api('POST', '/documents', {
      token: tokens.admin,
      body: {
        caseId: matter.body.id,
        logicalPath: 'pleadings/complaint.pdf',
        fileName: 'complaint.pdf',
        fileSize: 1024,
      },
    });
    expect(doc.status).toBe(201);
    const listed = await api('GET', `/documents?caseId=${matter.body.id}`, { token: tokens.admin });
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([doc.body.id]);

    const held = await api('PUT', `/documents/${doc.body.id}/hold`, {
      token: tokens.admin,
      body: { reason: 'Litigation hold 2026-7' },
    });
    expect(held.status).toBe(200);
    expect(held.body.legalHold).toBe(true);
    const refused = await api('DELETE', `/documents/${doc.body.id}`, { token: tokens.admin });
    expect(refused.status).toBe(423);
    expect(refused.body.code).toBe('LEGAL_HOLD');
    expect((await api('GET', `/documents/${doc.body.id}`, { token: tokens.admin })).status).toBe(200);

    expect((await api('DELETE', `/documents/${doc.body.id}/hold`, { token: tokens.admin })).status).toBe(200);
    expect((await api('DELETE', `/documents/${doc.body.id}`, { token: tokens.admin })).status).toBe(204);
    // deleted softly: still readable by id, marked deleted, gone from the list
    expect((await api('GET', `/documents/${doc.body.id}`, { token: tokens.admin })).body.deletedAt).toEqual(
      expect.any(String),
    );
    expect((await api('GET', `/documents?caseId=${matter.body.id}`, { token: tokens.admin })).body.items).toEqual([]);
  });

  it('time and invoices: entries recorded and listed, an invoice with its lines, sent', async () => {
    const matter = await api('POST', '/cases', { token: tokens.admin, body: { title: 'Billable matter', clientId } });
    const entry = await api('POST', '/time-entries', {
      token: tokens.admin,
      body: { caseId: matter.body.id, minutes: 90, rate: '200.00', description: 'Drafted the complaint' },
    });
    expect(entry.status).toBe(201);
    expect(entry.body).toMatchObject({ minutes: 90, amount: '300.00' });
    const badEntry = await api('POST', '/time-entries', {
      token: tokens.admin,
      body: { caseId: matter.body.id, minutes: 0, description: 'x' },
    });
    expect(badEntry.status).toBe(400);
    expect(badEntry.body.issues.map((i: { path: string }) => i.path)).toEqual(['minutes']);
    const unbilled = await api('GET', `/time-entries?caseId=${matter.body.id}&unbilled=true`, { token: tokens.admin });
    expect(unbilled.body.items.map((e: { id: string }) => e.id)).toEqual([entry.body.id]);

    const invoice = await api('POST', '/invoices', {
      token: tokens.admin,
      body: {
        clientId,
        caseId: matter.body.id,
        lines: [{ description: 'Drafting', quantity: '1.5', unitPrice: '200.00', timeEntryId: entry.body.id }],
      },
    });
    expect(invoice.status).toBe(201);
    const read = await api('GET', `/invoices/${invoice.body.id}`, { token: tokens.admin });
    expect(read.body).toMatchObject({ status: 'draft', total: '300.00' });
    expect(read.body.lines).toHaveLength(1);
    const sent = await api('POST', `/invoices/${invoice.body.id}/send`, { token: tokens.admin, body: {} });
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect((await api('POST', `/invoices/${invoice.body.id}/send`, { token: tokens.admin, body: {} })).status).toBe(
      409,
    );
    expect((await api('GET', '/invoices?status=sent', { token: tokens.admin })).body.items).toHaveLength(1);
  });

  it("the caller's request id is echoed and recorded in every audit row of the request", async () => {
    const requestId = 'req-7f3a9c1e-http-api';
    const created = await api('POST', '/cases', {
      token: tokens.lawyer,
      body: { title: 'Audited by request id' },
      headers: { 'x-request-id': requestId, 'user-agent': 'http-api-test/1.0' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe(requestId);
    const rows = await query<{ action: string; table_name: string; record_id: string; ip: string; user_agent: string }>(
      database.url,
      'select action, table_name, record_id::text, host(ip) as ip, user_agent from legal.audit_log where request_id = $1 order by seq',
      [requestId],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toContainEqual(
      expect.objectContaining({
        action: 'create',
        table_name: 'cases',
        record_id: created.body.id,
        ip: '127.0.0.1',
        user_agent: 'http-api-test/1.0',
      }),
    );
  });

  it('a request id the audit trail cannot hold is replaced by a fresh one; a body that is not JSON is a 400', async () => {
    const response = await api('GET', '/cases', {
      token: tokens.lawyer,
      headers: { 'x-request-id': "x'; drop table legal.cases; --" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const broken = await api('POST', '/cases', {
      token: tokens.lawyer,
      body: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(broken.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('an API token works only within its scopes: it may list cases, not open one (403, nothing written)', async () => {
    const admin = await db.auth.resolveSession(tokens.admin as string);
    const { token } = await db.withTenant(admin as NonNullable<typeof admin>, (t) =>
      t.accessTokens.create({ name: 'read-only integration', scopes: ['cases.read_all'] }),
    );
    const listed = await api('GET', '/cases', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    const denied = await api('POST', '/cases', { token, body: { title: 'Opened with a read-only token' } });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    const [row] = await query<{ n: number }>(
      database.url,
      "select count(*)::int as n from legal.cases where title = 'Opened with a read-only token'",
    );
    expect(row).toEqual({ n: 0 });
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const response = await api('GET', '/nope', { token: tokens.lawyer });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
  });
});
