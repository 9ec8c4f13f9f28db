import { query } from '@legal/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createLegalDb, ForbiddenError, type TenantContext, ValidationError } from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: await appLogin(database),
  passwordHashCost: 4,
});
afterAll(() => db.close());
const firm = await createFirm(database.url, 'audit-a');
const other = await createFirm(database.url, 'audit-b');
await query(database.url, `update legal.users set role = 'admin' where id = any($1)`, [[firm.userId, other.userId]]);
const admin: TenantContext = { tenantId: firm.tenantId, userId: firm.userId };

// a history: 3 matters created, one of them edited 20 times, plus the other firm's own events
const matters = await db.withTenant(admin, async (t) => {
  const made = [];
  for (const title of ['Alpha v Beta', 'Gamma v Delta', 'Walled matter']) made.push(await t.cases.create({ title }));
  for (let i = 0; i < 20; i++) await t.cases.update(made[0]?.id as string, { description: `edit ${i}` });
  return made.map((c) => c.id);
});
await db.withTenant({ tenantId: other.tenantId, userId: other.userId }, (t) => t.cases.create({ title: 'Other firm' }));
const ALL = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

/** What a superuser counts in the firm's log, scanning it. */
async function scanned(from: string, to: string, exceptCase?: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    database.url,
    `select count(*)::int as n from legal.audit_log where tenant_id = $1 and occurred_at >= $2 and occurred_at < $3
        and ($4::uuid is null or case_id is distinct from $4)`,
    [firm.tenantId, from, to, exceptCase ?? null],
  );
  return row?.n ?? -1;
}

describe('t.audit', () => {
  it('list: newest first, a page at a time; the pages join up to every event of the firm, none of the other', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await db.withTenant(admin, (t) => t.audit.list({ ...ALL, limit: 7, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await scanned(ALL.from, ALL.to));
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a)); // newest first
    expect(new Set(seen).size).toBe(seen.length);
    const one = await db.withTenant(admin, (t) => t.audit.list({ ...ALL, caseId: matters[0], limit: 100 }));
    expect(one.items.length).toBeGreaterThanOrEqual(21);
    expect(one.items.every((e) => e.caseId === matters[0])).toBe(true);
    expect(one.items[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('count equals what a scan counts, for every sub-range, without reading the rows', async () => {
    const [bounds] = await query<{ times: Date[] }>(
      database.url,
      'select array_agg(occurred_at order by seq) as times from legal.audit_log where tenant_id = $1',
      [firm.tenantId],
    );
    const times = (bounds?.times ?? []).map((d) => new Date(d).toISOString());
    expect(times.length).toBeGreaterThan(20);
    const ranges: [string, string][] = [
      [ALL.from, ALL.to],
      [times[0] as string, times.at(-1) as string], // the last event excluded
      [times[5] as string, times[15] as string],
      [times[7] as string, (times[7] as string) === times[8] ? (times[9] as string) : (times[8] as string)],
      ['2001-01-01T00:00:00Z', '2002-01-01T00:00:00Z'], // empty
    ];
    for (const [from, to] of ranges) {
      if (from >= to) continue;
      expect(await db.withTenant(admin, (t) => t.audit.count({ from, to }))).toBe(await scanned(from, to));
    }
  });

  it('a user walled off a matter: its events are neither listed nor counted', async () => {
    const screened = await addUser(database.url, firm.tenantId, 'admin', 'screened@audit-a.example');
    await db.withTenant(admin, (t) =>
      t.access.putUpWall({ caseId: matters[2] as string, userId: screened, reason: 'Acted for the other side' }),
    );
    const ctx = { tenantId: firm.tenantId, userId: screened };
    const counted = await db.withTenant(ctx, (t) => t.audit.count(ALL));
    expect(counted).toBe(await scanned(ALL.from, ALL.to, matters[2]));
    expect(counted).toBeLessThan(await scanned(ALL.from, ALL.to));
    const listed = await db.withTenant(ctx, (t) => t.audit.list({ ...ALL, limit: 100 }));
    expect(listed.items.some((e) => e.caseId === matters[2])).toBe(false);
  });

  it('needs audit.read; hostile SQL through t.db sees 0 without it, and another firm never', async () => {
    const viewer = await addUser(database.url, firm.tenantId, 'viewer', 'viewer@audit-a.example');
    const ctx = { tenantId: firm.tenantId, userId: viewer };
    for (const call of ['count', 'list'] as const) {
      const error = await db
        .withTenant(ctx, (t): Promise<unknown> => (call === 'count' ? t.audit.count(ALL) : t.audit.list(ALL)))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).permission).toBe('audit.read');
    }
    const direct = await db.withTenant(ctx, async (t) => {
      const { sql } = await import('kysely');
      return (await sql<{ n: string }>`select legal.audit_count('2000-01-01', '2100-01-01')::text as n`.execute(t.db))
        .rows[0]?.n;
    });
    expect(direct).toBe('0');
    // the other firm's administrator counts the other firm's events only
    const theirs = await db.withTenant({ tenantId: other.tenantId, userId: other.userId }, (t) => t.audit.count(ALL));
    const [otherScan] = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.audit_log where tenant_id = $1',
      [other.tenantId],
    );
    expect(theirs).toBe(otherScan?.n);
  });

  it('bad ranges and cursors are ValidationErrors naming the field', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => db.withTenant(admin, (t) => t.audit.count({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })),
        'from',
      ],
      [() => db.withTenant(admin, (t) => t.audit.count({ from: 'yesterday', to: '2026-01-01T00:00:00Z' })), 'from'],
      [() => db.withTenant(admin, (t) => t.audit.list({ ...ALL, cursor: 'nope' })), 'cursor'],
      [() => db.withTenant(admin, (t) => t.audit.list({ ...ALL, limit: 1000 })), 'limit'],
    ];
    for (const [call, path] of cases) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    }
  });
});
