import { openUnit, query } from '@legal/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLegalDb, ForbiddenError, ValidationError } from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const appUrl = await appLogin(database);
const db = createLegalDb({ contextKey: database.contextKey, connectionString: appUrl });
const firm = await createFirm(database.url, 'deadlines-a');
const rival = await createFirm(database.url, 'deadlines-b');
const paralegal = await addUser(database.url, firm.tenantId, 'paralegal', 'para@deadlines-a.example');
const viewer = await addUser(database.url, firm.tenantId, 'viewer', 'viewer@deadlines-a.example');
const lawyer = { tenantId: firm.tenantId, userId: firm.userId };

// Thanksgiving (Thu 26 Nov 2026) and the day after are court holidays of the jurisdiction; the
// rival firm lists 25 Nov 2026 as one of its own, which must not move this firm's deadlines.
const setup = await db.withTenant(lawyer, async (t) => {
  await t.deadlines.addHolidays({
    jurisdiction: 'US-FED',
    days: [
      { day: '2026-11-26', name: 'Thanksgiving Day' },
      { day: '2026-12-25', name: 'Christmas Day' },
    ],
  });
  const ruleSet = await t.deadlines.createRuleSet({
    jurisdiction: 'US-FED',
    name: 'Complaint served',
    triggerEvent: 'Service of the summons and complaint',
    rules: [
      // 22 calendar days after Wed 4 Nov = Thu 26 Nov, Thanksgiving → Fri 27 Nov
      { name: 'Answer due', offsetDays: 22, serviceDays: { mail: 3 } },
      // 24 days = Sat 28 Nov → Mon 30 Nov
      { name: 'Initial disclosures', offsetDays: 24 },
      // 15 court days: weekends and Thanksgiving not counted
      { name: 'Rule 26(f) report', offsetDays: 15, dayKind: 'court' },
      // 5 days before a hearing on Mon 30 Nov = Wed 25 Nov; 6 days = Tue 24 Nov; 2 days = Sat 28 → Fri 27 (backward)
      { name: 'Opposition brief', offsetDays: 2, direction: 'before' },
    ],
  });
  const matter = await t.cases.create({ title: 'Doe v. Roe' });
  return { ruleSet, matter };
});
await db.withTenant({ tenantId: rival.tenantId, userId: rival.userId }, (t) =>
  t.deadlines.addHolidays({ jurisdiction: 'US-FED', days: [{ day: '2026-11-25', name: 'Rival firm day' }] }),
);

describe('court-rule deadlines', () => {
  it('computes a rule set across a holiday and a weekend: calendar and court days, after and before, rolled off closed days', async () => {
    const preview = await db.withTenant(lawyer, (t) =>
      t.deadlines.compute(setup.ruleSet.id, { triggerDate: '2026-11-04' }),
    );
    expect(Object.fromEntries(preview.map((p) => [p.name, p.dueOn]))).toEqual({
      'Answer due': '2026-11-27', // 26 Nov is Thanksgiving → the next court day
      'Initial disclosures': '2026-11-30', // Sat 28 Nov → Mon 30 Nov
      'Rule 26(f) report': '2026-11-25', // 15 court days from 4 Nov: 5–6, 9–13, 16–20, 23–25 (no weekend counted)
      'Opposition brief': '2026-11-02', // 2 days before Wed 4 Nov = Mon 2 Nov (open)
    });
    // counted before a day that lands on a weekend, it rolls backward (the day before)
    const before = await db.withTenant(lawyer, (t) =>
      t.deadlines.compute(setup.ruleSet.id, { triggerDate: '2026-11-30' }),
    );
    expect(before.find((p) => p.name === 'Opposition brief')?.dueOn).toBe('2026-11-27');
    // court days across Thanksgiving: from Fri 20 Nov, 15 court days skip 26 Nov and both weekends
    const court = await db.withTenant(lawyer, (t) =>
      t.deadlines.compute(setup.ruleSet.id, { triggerDate: '2026-11-20' }),
    );
    expect(court.find((p) => p.name === 'Rule 26(f) report')?.dueOn).toBe('2026-12-14');
    // served by mail: three more days after the period (25 Nov + … : 27 Nov + 3 = Mon 30 Nov)
    const mail = await db.withTenant(lawyer, (t) =>
      t.deadlines.compute(setup.ruleSet.id, { triggerDate: '2026-11-04', serviceMethod: 'mail' }),
    );
    expect(mail.find((p) => p.name === 'Answer due')?.dueOn).toBe('2026-11-30');
  });

  it('applies to a matter as linked deadline tasks; a new trigger date recomputes them and keeps an override, marked', async () => {
    const { set, deadlines } = await db.withTenant(lawyer, (t) =>
      t.deadlines.apply(setup.matter.id, {
        ruleSetId: setup.ruleSet.id,
        triggerDate: '2026-11-04',
        assignedTo: paralegal,
      }),
    );
    expect(deadlines.map((d) => [d.name, d.dueOn, d.overridden])).toEqual([
      ['Opposition brief', '2026-11-02', false],
      ['Rule 26(f) report', '2026-11-25', false],
      ['Answer due', '2026-11-27', false],
      ['Initial disclosures', '2026-11-30', false],
    ]);
    const tasks = await query<{ title: string; kind: string; due: string; assigned_to: string }>(
      database.url,
      `select title, kind, (due_at at time zone 'UTC')::date::text as due, assigned_to from legal.tasks
        where case_id = $1 order by due_at`,
      [setup.matter.id],
    );
    expect(tasks.map((k) => [k.title, k.due])).toEqual(deadlines.map((d) => [d.name, d.dueOn]));
    for (const k of tasks) expect(k).toMatchObject({ kind: 'deadline', assigned_to: paralegal });

    const answer = deadlines.find((d) => d.name === 'Answer due');
    await db.withTenant(lawyer, (t) =>
      t.deadlines.override(answer?.id ?? '', { dueOn: '2026-12-04', reason: 'Stipulated extension, ECF 12' }),
    );
    const moved = await db.withTenant(lawyer, (t) => t.deadlines.changeTrigger(set.id, { triggerDate: '2026-11-11' }));
    expect(moved.map((d) => [d.name, d.dueOn, d.computedDue, d.overridden])).toEqual([
      ['Opposition brief', '2026-11-09', '2026-11-09', false],
      ['Rule 26(f) report', '2026-12-03', '2026-12-03', false], // 15 court days, Thanksgiving skipped
      ['Answer due', '2026-12-04', '2026-12-03', true], // computed 3 Dec, the override stays
      ['Initial disclosures', '2026-12-07', '2026-12-07', false], // 11 Nov + 24 = Sat 5 Dec → Mon 7 Dec
    ]);
    expect(moved.find((d) => d.name === 'Answer due')?.overrideReason).toBe('Stipulated extension, ECF 12');
    const [answerTask] = await query<{ due: string }>(
      database.url,
      `select (due_at at time zone 'UTC')::date::text as due from legal.tasks where id = $1`,
      [answer?.taskId],
    );
    expect(answerTask?.due).toBe('2026-12-04');
    // every step is audited: the set's change and each recomputed deadline
    const [audit] = await query<{ n: number }>(
      database.url,
      `select count(*)::int as n from legal.audit_log where tenant_id = $1 and table_name = 'case_deadlines' and action = 'update'`,
      [firm.tenantId],
    );
    expect(audit?.n).toBeGreaterThanOrEqual(5);
  });

  it('refuses a computed day set by hand, a bad rule and a user without the permission, with typed errors', async () => {
    const { deadlines } = await db.withTenant(lawyer, (t) =>
      t.deadlines.apply(setup.matter.id, { ruleSetId: setup.ruleSet.id, triggerDate: '2026-10-01' }),
    );
    // raw SQL as legal_app, in the lawyer's own unit: the computed day is the rule set's
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      await client.query('begin');
      await openUnit(client, { ...lawyer, contextKey: database.contextKey });
      const error = await client
        .query(`update legal.case_deadlines set computed_due = '2030-01-01' where id = $1`, [deadlines[0]?.id])
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: '23514', constraint: 'case_deadlines_computed' });
      await client.query('rollback');
      // through the SDK's error map, the same refusal is typed
      const typed = await db
        .withTenant(lawyer, (t) => t.deadlines.override(deadlines[0]?.id ?? '', { dueOn: '2026-10-30', reason: ' ' }))
        .catch((e: unknown) => e);
      expect(typed).toBeInstanceOf(ValidationError);
    } finally {
      await client.end();
    }
    const bad = await db
      .withTenant(lawyer, (t) =>
        t.deadlines.createRuleSet({
          jurisdiction: 'US-FED',
          name: 'Bad',
          triggerEvent: 'x',
          rules: [{ name: 'Too far', offsetDays: 4000 }],
        }),
      )
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues[0]?.path).toBe('rules.0.offsetDays');
    const forbidden = await db
      .withTenant({ tenantId: firm.tenantId, userId: viewer }, (t) =>
        t.deadlines.addHolidays({
          jurisdiction: 'US-FED',
          days: [{ day: '2026-07-03', name: 'Independence Day (observed)' }],
        }),
      )
      .catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ForbiddenError);
  });

  it("never crosses firms: the rival's rule sets, holidays and deadlines are invisible, and its holidays move nothing here", async () => {
    const seen = await db.withTenant({ tenantId: rival.tenantId, userId: rival.userId }, async (t) => ({
      sets: await t.deadlines.listRuleSets(),
      set: await t.deadlines.findRuleSet(setup.ruleSet.id),
      deadlines: await t.deadlines.list(setup.matter.id),
      holidays: (await t.deadlines.holidays('US-FED')).map((h) => h.name),
    }));
    expect(seen).toEqual({ sets: [], set: undefined, deadlines: [], holidays: ['Rival firm day'] });
  });
});
