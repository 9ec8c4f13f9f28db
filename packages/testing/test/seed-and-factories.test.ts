import { createLegalDb } from '@legal/data';
import { describe, expect, it } from 'vitest';
import { asTenant, asUser, createFactories, frozenClock, query, type SeedProgress, seedFirm } from '../src/index.js';
import { useLegalDatabase } from '../src/vitest.js';

const database = await useLegalDatabase();
const db = createLegalDb({ connectionString: database.url, contextKey: database.contextKey, passwordHashCost: 4 });

describe('seedFirm', () => {
  it('a realistic firm: every role, status, type; documents with versions and text; work and money; audited', async () => {
    const progress: SeedProgress[] = [];
    const firm = await seedFirm(database.url, {
      seed: 7,
      slug: 'seeded',
      cases: 240,
      batchSize: 100,
      onProgress: (p) => progress.push(p),
    });
    expect(Object.keys(firm.users)).toEqual(
      expect.arrayContaining(['admin', 'lawyer', 'paralegal', 'clerk', 'chair', 'caseworker', 'pro_se', 'viewer']),
    );
    expect(firm.counts).toMatchObject({ cases: 240, documents: 240, document_versions: 320, tasks: 240, invoices: 48 });
    // the firm's parties: every client, and the other side of every matter (both sides are the matter's parties)
    expect(firm.counts).toMatchObject({ parties: 60 + 240, party_names: 24, case_parties: 480 });
    expect(progress.map((p) => p.done)).toEqual([0, 100, 200, 240, 240]);
    const [spread] = await query<{ statuses: number; types: number; priorities: number }>(
      database.url,
      'select count(distinct status)::int as statuses, count(distinct case_type)::int as types, count(distinct priority)::int as priorities from legal.cases where tenant_id = $1',
      [firm.tenantId],
    );
    expect(spread).toEqual({ statuses: 8, types: 8, priorities: 4 });
    const [history] = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.case_status_history where tenant_id = $1',
      [firm.tenantId],
    );
    expect(history?.n).toBe(240);
    const [audit] = await query<{ n: number }>(
      database.url,
      "select count(*)::int as n from legal.audit_log where tenant_id = $1 and action = 'create' and reason = 'seedFirm'",
      [firm.tenantId],
    );
    expect(audit?.n).toBeGreaterThan(2000);
    // the SDK works on it: search finds the extracted text; the admin sees every case; invoices add up
    await db.withTenant(firm.admin, async (t) => {
      expect((await t.documents.search('indemnify', { limit: 5 })).length).toBe(5);
      expect((await t.cases.list({ limit: 100 })).items).toHaveLength(100);
      const inv = (await t.invoices.list({ status: ['paid'], limit: 1 })).items[0];
      const lines = await t.invoices.lines(inv?.id as string);
      expect(lines.reduce((sum, l) => sum + Math.round(Number(l.amount) * 100), 0)).toBe(
        Math.round(Number(inv?.total) * 100),
      );
    });
    // new invoices continue the firm's sequence
    const next = await db.withTenant(firm.admin, async (t) =>
      t.invoices.create({ clientId: (await t.clients.list({ limit: 1 })).items[0]?.id as string }),
    );
    expect(next.invoiceSeq).toBe(49);
  });

  it('is deterministic given a seed', async () => {
    const a = await seedFirm(database.url, { seed: 99, slug: 'det-a', cases: 30 });
    const b = await seedFirm(database.url, { seed: 99, slug: 'det-a-again', cases: 30 });
    const c = await seedFirm(database.url, { seed: 99, slug: 'det-a', cases: 30 }).catch((e: unknown) => e);
    expect(c).toBeInstanceOf(Error); // the same slug twice is refused (slugs are unique)
    const fingerprint = (tenantId: string) =>
      query<{ f: string }>(
        database.url,
        `select md5(string_agg(title || status || case_type || coalesce(case_value::text, '') || created_at::text, ',' order by matter_number)) as f
           from legal.cases where tenant_id = $1`,
        [tenantId],
      );
    // same seed and slug → same content; the slug is part of the seed, so det-a-again differs
    const again = await seedFirm(database.url, { seed: 99, slug: 'det-b', cases: 30 });
    expect(await fingerprint(a.tenantId)).not.toEqual(await fingerprint(again.tenantId));
    expect(a.counts).toEqual(b.counts);
  });
});

describe('factories, asUser and the frozen clock', () => {
  it('build* is deterministic given a seed and valid; create* goes through the repositories (permissions, audit)', async () => {
    const one = createFactories({ seed: 5 });
    const two = createFactories({ seed: 5 });
    expect(one.buildCase()).toEqual(two.buildCase());
    expect(one.buildClient({ name: 'Override Me' }).name).toBe('Override Me');
    const firm = await seedFirm(database.url, { seed: 11, slug: 'factories', cases: 5 });
    const asAdmin = asTenant(db, firm.admin);
    const made = await asAdmin(async (t) => {
      const f = createFactories({ seed: 3 });
      const c = await f.createCase(t, { priority: 'urgent' });
      return {
        c,
        doc: await f.createDocument(t, { caseId: c.id }),
        task: await f.createTask(t, { caseId: c.id }),
        comm: await f.createCommunication(t, { caseId: c.id }),
        time: await f.createTimeEntry(t, { caseId: c.id }),
        expense: await f.createExpense(t, { caseId: c.id }),
        invoice: await f.createInvoice(t, { clientId: c.clientId as string, caseId: c.id }),
        template: await f.createTemplate(t),
        conversation: await f.createConversation(t, { caseId: c.id }),
        user: await f.createUser(t),
      };
    });
    expect(made.c.priority).toBe('urgent');
    expect(made.doc.uploadStatus).toBe('completed');
    expect(made.invoice.total).not.toBe('0.00');
    const [audited] = await query<{ n: number }>(
      database.url,
      "select count(*)::int as n from legal.audit_log where tenant_id = $1 and actor_id = $2 and action = 'create'",
      [firm.tenantId, firm.admin.userId],
    );
    expect(audited?.n).toBeGreaterThanOrEqual(10);
    // the viewer's permissions apply to factories too
    const asViewer = asUser(db, firm, 'viewer');
    await expect(asViewer((t) => createFactories().createTask(t))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(() => asUser(db, firm, 'judge')).toThrow(/no user "judge"/);
  });

  it('frozenClock moves only when told', () => {
    const clock = frozenClock('2026-11-24T09:00:00Z');
    expect(clock.today()).toBe('2026-11-24');
    expect(clock.now()).toEqual(clock.now());
    expect(clock.advance(86_400_000).toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(clock.set('2027-01-01T00:00:00Z').getUTCFullYear()).toBe(2027);
    expect(() => frozenClock('not a date')).toThrow(TypeError);
  });
});
