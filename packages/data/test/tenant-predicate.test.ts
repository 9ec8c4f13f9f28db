/**
 * Every query of a firm's unit names the firm (TenantPredicatePlugin): what Citus needs to
 * route a query to one shard, and what lets PostgreSQL's planner use the firm's index
 * ranges. Row level security still decides; these tests show the predicate is there, in the
 * right place, and bound to the unit's own firm even in queries compiled once and reused.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createLegalDb } from '../src/index.js';
import { createFirm, legalDatabase } from './support/legal-database.js';
import { spiedPool } from './support/wire-spy.js';

const database = await legalDatabase();
const firmA = await createFirm(database.url, 'pred-a');
const firmB = await createFirm(database.url, 'pred-b');
const ctxA = { tenantId: firmA.tenantId, userId: firmA.userId };
const ctxB = { tenantId: firmB.tenantId, userId: firmB.userId };
const spy = spiedPool(database.url, 1);
const db = createLegalDb({ pool: spy.pool, contextKey: database.contextKey });
afterAll(async () => {
  await db.close();
  await spy.pool.end();
});

const lastQuery = () =>
  spy.flights
    .flatMap((f) => f.statements)
    .filter((s) => /\blegal\.|"legal"\./.test(s) && !/enter_unit/.test(s))
    .at(-1) ?? '';

describe('the firm in every query', () => {
  it('a repository query compiled once is bound to each unit’s own firm (alternating firms)', async () => {
    const a = await db.withTenant(ctxA, (t) => t.cases.create({ title: 'A matter' }));
    const b = await db.withTenant(ctxB, (t) => t.cases.create({ title: 'B matter' }));
    for (let i = 0; i < 3; i++) {
      expect((await db.withTenant(ctxA, (t) => t.cases.get(a.id))).title).toBe('A matter');
      expect((await db.withTenant(ctxB, (t) => t.cases.get(b.id))).title).toBe('B matter');
      await expect(db.withTenant(ctxB, (t) => t.cases.get(a.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('goes to WHERE for FROM, to ON for a left join (an outer join keeps its unmatched rows), into subqueries', async () => {
    spy.reset();
    const rows = await db.withTenant(ctxA, (t) =>
      t.db
        .selectFrom('cases')
        .leftJoin('users', 'users.id', 'cases.assignedTo')
        .select(['cases.title', 'users.fullName'])
        .where('cases.id', 'in', (q) => q.selectFrom('cases as c2').select('c2.id'))
        .execute(),
    );
    expect(rows.map((r) => r.fullName)).toEqual([null]); // unassigned: the left join kept the row
    const text = lastQuery();
    expect(text).toMatch(
      /left join "legal"\."users" on "legal"\."users"\."id" = "legal"\."cases"\."assigned_to" and "legal"\."users"\."tenant_id" = \$\d/,
    );
    expect(text).toMatch(/from "legal"\."cases" as "c2" where "c2"\."tenant_id" = \$\d/);
    expect(text).toMatch(/where .*"legal"\."cases"\."tenant_id" = \$\d+$/);
  });

  it('names the firm in updates and deletes, and legal.tenants by its id', async () => {
    spy.reset();
    await db.withTenant(ctxA, async (t) => {
      await t.db.updateTable('cases').set({ description: 'x' }).where('title', '=', 'nothing').execute();
      expect(lastQuery()).toMatch(
        /^update "legal"\."cases" set .* where .* and "legal"\."cases"\."tenant_id" = \$\d+$/,
      );
      await t.db.deleteFrom('caseActivities').where('body', '=', 'nothing').execute();
      expect(lastQuery()).toMatch(
        /^delete from "legal"\."case_activities" where .* and "legal"\."case_activities"\."tenant_id" = \$\d+$/,
      );
      const firm = await t.db.selectFrom('tenants').select('slug').execute();
      expect(lastQuery()).toMatch(/"legal"\."tenants"\."id" = \$1/);
      expect(firm.map((f) => f.slug)).toEqual(['pred-a']);
    });
  });

  it('leaves raw SQL as written (the schema’s functions name the firm themselves)', async () => {
    spy.reset();
    await db.withTenant(ctxA, (t) => sql`select count(*) from legal.cases`.execute(t.db));
    expect(lastQuery()).toBe('select count(*) from legal.cases');
  });
});
