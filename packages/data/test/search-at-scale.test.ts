import { query, seedFirm } from '@legal/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createLegalDb, type TenantContext } from '../src/index.js';
import { appLogin, legalDatabase } from './support/legal-database.js';

// Search past its first phase: a word in more than 1,000 of a firm's rows ranks the newest
// 1,000 matches the user may read. The access rules must hold on that path too.
const database = await legalDatabase();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: await appLogin(database),
  passwordHashCost: 4,
});
afterAll(() => db.close());
const firm = await seedFirm(database.url, { seed: 7, slug: 'search-scale', cases: 1200 });
const other = await seedFirm(database.url, { seed: 7, slug: 'search-other', cases: 50 });
const userOf = async (role: string) =>
  (
    await query<{ id: string }>(
      database.url,
      'select id from legal.users where tenant_id = $1 and role = $2 order by email limit 1',
      [firm.tenantId, role],
    )
  )[0]?.id as string;
const admin: TenantContext = { tenantId: firm.tenantId, userId: await userOf('admin') };
const caseworker: TenantContext = { tenantId: firm.tenantId, userId: await userOf('caseworker') };

describe('search when a word is in more than 1,000 of the firm’s rows', () => {
  it('documents: the best of the newest 1,000 matches, ranked, of this firm only', async () => {
    const hits = await db.withTenant(admin, (t) => t.documents.search('indemnify', { limit: 50 }));
    expect(hits).toHaveLength(50);
    const ids = hits.map((h) => h.document.id);
    const rows = await query<{ id: string; tenant_id: string; newest: boolean }>(
      database.url,
      `select d.id, d.tenant_id, d.id in (select id from legal.documents where tenant_id = $2
                                          order by created_at desc, id desc limit 1000) as newest
         from legal.documents d where d.id = any ($1)`,
      [ids, firm.tenantId],
    );
    expect(rows.every((r) => r.tenant_id === firm.tenantId && r.newest)).toBe(true);
    expect(hits.map((h) => h.rank)).toEqual([...hits.map((h) => h.rank)].sort((a, b) => b - a));
  });

  it('a walled user does not find the walled matter on the second phase, a caseworker only their own', async () => {
    const [newest] = await query<{ case_id: string }>(
      database.url,
      'select case_id from legal.documents where tenant_id = $1 order by created_at desc, id desc limit 1',
      [firm.tenantId],
    );
    const matter = newest?.case_id as string;
    const screened = await userOf('chair');
    await db.withTenant(admin, (t) => t.access.putUpWall({ caseId: matter, userId: screened, reason: 'conflict' }));
    const ctx = { tenantId: firm.tenantId, userId: screened };
    const docs = await db.withTenant(ctx, (t) => t.documents.search('indemnify', { limit: 100 }));
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.some((h) => h.document.caseId === matter)).toBe(false);
    // and through the function itself, as hostile SQL inside the unit would call it
    const raw = await db.withTenant(ctx, async (t) => {
      const { sql } = await import('kysely');
      return (await sql<{ id: string }>`select id from legal.search_documents('indemnify', null, 100)`.execute(t.db))
        .rows;
    });
    const [leaked] = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.documents where id = any ($1) and (case_id = $2 or tenant_id <> $3)',
      [raw.map((r) => r.id), matter, firm.tenantId],
    );
    expect(leaked?.n).toBe(0);

    const mine = await db.withTenant(caseworker, (t) => t.documents.search('indemnify', { limit: 100 }));
    const cases = await db.withTenant(caseworker, (t) => t.cases.search('contract', { limit: 100 }));
    const [outside] = await query<{ n: number }>(
      database.url,
      `select count(*)::int as n from legal.cases c
        where c.id = any ($1) and not (c.owner_id = $2 or c.assigned_to = $2)`,
      [[...mine.map((h) => h.document.caseId), ...cases.map((h) => h.case.id)], caseworker.userId],
    );
    expect(mine.length + cases.length).toBeGreaterThan(0);
    expect(outside?.n).toBe(0);
    expect(other.tenantId).not.toBe(firm.tenantId);
  });

  it('a caseworker’s list is their matters, newest first, page after page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await db.withTenant(caseworker, (t) => t.cases.list({ limit: 25, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = await query<{ id: string }>(
      database.url,
      `select id from legal.cases where tenant_id = $1 and (owner_id = $2 or assigned_to = $2)
        order by created_at desc, id desc`,
      [firm.tenantId, caseworker.userId],
    );
    expect(seen).toEqual(expected.map((r) => r.id));
    expect(seen.length).toBeGreaterThan(25);
  });
});
