import { type Selectable, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { CaseDeadlineSets, CourtHolidays, DeadlineRuleSets, DeadlineRules } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type ApplyDeadlinesInput,
  applySchema,
  type ChangeTriggerInput,
  type ComputeDeadlinesInput,
  type CourtHolidaysInput,
  changeTriggerSchema,
  computeSchema,
  type DeadlineRuleSetInput,
  holidaysSchema,
  jurisdiction as jurisdictionSchema,
  type OverrideDeadlineInput,
  overrideSchema,
  ruleSetSchema,
} from '../schemas/deadlines.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

export type CourtHoliday = Selectable<CourtHolidays>;
export type DeadlineRule = Selectable<DeadlineRules>;
/** A jurisdiction's rule set: a trigger event and its deadlines. */
export type DeadlineRuleSet = Selectable<DeadlineRuleSets> & { rules: DeadlineRule[] };
/** A rule set applied to a matter from a trigger date. */
export type CaseDeadlineSet = Selectable<CaseDeadlineSets>;

/** A deadline of a matter: its rule, its task, the computed day and a manual override. */
export interface CaseDeadline {
  id: string;
  deadlineSetId: string;
  caseId: string;
  ruleId: string;
  name: string;
  taskId: string;
  /** The day in force: the override when there is one, else the computed day. */
  dueOn: string;
  computedDue: string;
  overridden: boolean;
  overrideReason: string | null;
}

/** A computed (not saved) deadline of a rule set. */
export interface DeadlinePreview {
  ruleId: string;
  name: string;
  dueOn: string;
}

/**
 * Court-rule deadlines: rule sets per jurisdiction, the jurisdiction's court holidays, and
 * the deadlines of a matter computed from a trigger date (calendar or court days, before or
 * after, rolled off weekends and holidays, extra days by service method) as linked tasks.
 * Changing the trigger date recomputes them, keeping manual overrides (marked as such). Rule
 * sets and holidays need `deadlines.manage`; a matter's deadlines `tasks.manage` and write
 * access to the matter.
 */
export function deadlinesRepository(ctx: RepositoryContext) {
  const findRuleSet = async (id: string): Promise<DeadlineRuleSet | undefined> => {
    const rs = await ctx.db
      .selectFrom('deadlineRuleSets')
      .selectAll()
      .where('id', '=', parseInput(idSchema, id, 'id'))
      .executeTakeFirst();
    if (!rs) return undefined;
    const rules = await ctx.db
      .selectFrom('deadlineRules')
      .selectAll()
      .where('ruleSetId', '=', rs.id)
      .orderBy('sortOrder')
      .orderBy('name')
      .execute();
    return { ...rs, rules };
  };
  const deadlinesOf = async (filter: { caseId?: string; deadlineSetId?: string }): Promise<CaseDeadline[]> => {
    let q = ctx.db
      .selectFrom('caseDeadlines as d')
      .innerJoin('deadlineRules as r', (j) => j.onRef('r.tenantId', '=', 'd.tenantId').onRef('r.id', '=', 'd.ruleId'))
      .select([
        'd.id',
        'd.deadlineSetId',
        'd.caseId',
        'd.ruleId',
        'r.name',
        'd.taskId',
        sql<string>`coalesce(d.override_due, d.computed_due)::text`.as('dueOn'),
        'd.computedDue',
        sql<boolean>`d.override_due is not null`.as('overridden'),
        'd.overrideReason',
      ])
      .orderBy(sql`coalesce(d.override_due, d.computed_due)`)
      .orderBy('r.name');
    if (filter.caseId) q = q.where('d.caseId', '=', filter.caseId);
    if (filter.deadlineSetId) q = q.where('d.deadlineSetId', '=', filter.deadlineSetId);
    return q.execute();
  };

  return {
    /** Adds court holidays of a jurisdiction (a day already listed is skipped). Needs `deadlines.manage`. */
    async addHolidays(input: CourtHolidaysInput): Promise<{ added: number }> {
      const v = parseInput(holidaysSchema, input);
      await requirePermission(ctx, 'deadlines.manage');
      const rows = await ctx.db
        .insertInto('courtHolidays')
        .values(v.days.map((d) => ({ jurisdiction: v.jurisdiction, day: d.day, name: d.name })))
        .onConflict((c) => c.columns(['tenantId', 'jurisdiction', 'day']).doNothing())
        .returning('id')
        .execute();
      return { added: rows.length };
    },
    /** A jurisdiction's court holidays, by day. */
    async holidays(jurisdiction: string): Promise<CourtHoliday[]> {
      return ctx.db
        .selectFrom('courtHolidays')
        .selectAll()
        .where('jurisdiction', '=', parseInput(jurisdictionSchema, jurisdiction, 'jurisdiction'))
        .orderBy('day')
        .execute();
    },
    /**
     * Records a jurisdiction's rule set: a trigger event and the deadlines it starts. Needs `deadlines.manage`.
     * @example
     * ```ts
     * await t.deadlines.createRuleSet({
     *   jurisdiction: 'US-FED', name: 'Complaint served', triggerEvent: 'Service of the complaint',
     *   rules: [{ name: 'Answer due', offsetDays: 21, serviceDays: { mail: 3 } }],
     * });
     * ```
     */
    async createRuleSet(input: DeadlineRuleSetInput): Promise<DeadlineRuleSet> {
      const { rules, ...v } = parseInput(ruleSetSchema, input);
      await requirePermission(ctx, 'deadlines.manage');
      const rs = await ctx.db
        .insertInto('deadlineRuleSets')
        .values({ ...v, description: v.description ?? null, createdBy: ctx.context.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      const inserted = await ctx.db
        .insertInto('deadlineRules')
        .values(
          rules.map((r, i) => ({
            ruleSetId: rs.id,
            name: r.name,
            offsetDays: r.offsetDays,
            dayKind: r.dayKind,
            direction: r.direction,
            roll: r.roll,
            serviceDays: JSON.stringify(r.serviceDays),
            taskKind: r.taskKind,
            sortOrder: r.sortOrder ?? i,
          })),
        )
        .returningAll()
        .execute();
      return { ...rs, rules: inserted };
    },
    findRuleSet,
    async getRuleSet(id: string): Promise<DeadlineRuleSet> {
      const found = await findRuleSet(id);
      if (!found) throw new NotFoundError('deadline rule set', id);
      return found;
    },
    /** The firm's rule sets (of one jurisdiction), by jurisdiction and name. */
    async listRuleSets(jurisdiction?: string): Promise<Selectable<DeadlineRuleSets>[]> {
      let q = ctx.db.selectFrom('deadlineRuleSets').selectAll().orderBy('jurisdiction').orderBy('name');
      if (jurisdiction !== undefined)
        q = q.where('jurisdiction', '=', parseInput(jurisdictionSchema, jurisdiction, 'jurisdiction'));
      return q.execute();
    },
    /** The deadlines a rule set gives from a trigger date, computed by the database and not saved. */
    async compute(ruleSetId: string, input: ComputeDeadlinesInput): Promise<DeadlinePreview[]> {
      const rsid = parseInput(idSchema, ruleSetId, 'ruleSetId');
      const v = parseInput(computeSchema, input);
      const rs = await findRuleSet(rsid);
      if (!rs) throw new NotFoundError('deadline rule set', ruleSetId);
      const { rows } = await sql<DeadlinePreview>`
        select r.id as rule_id, r.name,
               legal.court_deadline(s.jurisdiction, ${v.triggerDate}::date, r.offset_days, r.day_kind, r.direction, r.roll,
                                    coalesce((r.service_days ->> ${v.serviceMethod})::integer, 0))::text as due_on
          from legal.deadline_rules r join legal.deadline_rule_sets s on s.tenant_id = r.tenant_id and s.id = r.rule_set_id
         where r.rule_set_id = ${rsid}
         order by r.sort_order, r.name`.execute(ctx.db);
      return rows;
    },
    /**
     * Applies a rule set to a matter from a trigger date: one deadline task per rule, linked.
     * Needs `tasks.manage` and write access to the matter.
     * @example
     * ```ts
     * const { deadlines } = await t.deadlines.apply(caseId, { ruleSetId, triggerDate: '2026-11-04', serviceMethod: 'mail' });
     * ```
     */
    async apply(
      caseId: string,
      input: ApplyDeadlinesInput,
    ): Promise<{ set: CaseDeadlineSet; deadlines: CaseDeadline[] }> {
      const cid = parseInput(idSchema, caseId, 'caseId');
      const v = parseInput(applySchema, input);
      await requirePermission(ctx, 'tasks.manage');
      const set = await ctx.db
        .insertInto('caseDeadlineSets')
        .values({
          caseId: cid,
          ruleSetId: v.ruleSetId,
          triggerDate: v.triggerDate,
          serviceMethod: v.serviceMethod,
          assignedTo: v.assignedTo ?? null,
          appliedBy: ctx.context.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { set, deadlines: await deadlinesOf({ deadlineSetId: set.id }) };
    },
    /**
     * Moves the trigger date (and/or the service method) of an applied rule set: every
     * deadline is recomputed, and its task follows — except those overridden by hand, which
     * keep their day (`overridden: true`). Needs `tasks.manage`.
     */
    async changeTrigger(deadlineSetId: string, input: ChangeTriggerInput): Promise<CaseDeadline[]> {
      const sid = parseInput(idSchema, deadlineSetId, 'deadlineSetId');
      const v = parseInput(changeTriggerSchema, input);
      await requirePermission(ctx, 'tasks.manage');
      const row = await ctx.db
        .updateTable('caseDeadlineSets')
        .set({
          triggerDate: v.triggerDate,
          ...(v.serviceMethod ? { serviceMethod: v.serviceMethod } : {}),
          updatedAt: sql<Date>`now()`,
        })
        .where('id', '=', sid)
        .returning('id')
        .executeTakeFirst();
      if (!row) throw new NotFoundError('applied rule set', deadlineSetId);
      return deadlinesOf({ deadlineSetId: sid });
    },
    /** Sets a deadline's day by hand, with the reason; recomputations keep it. Needs `tasks.manage`. */
    async override(deadlineId: string, input: OverrideDeadlineInput): Promise<CaseDeadline> {
      const did = parseInput(idSchema, deadlineId, 'deadlineId');
      const v = parseInput(overrideSchema, input);
      await requirePermission(ctx, 'tasks.manage');
      const row = await ctx.db
        .updateTable('caseDeadlines')
        .set({ overrideDue: v.dueOn, overrideReason: v.reason, updatedAt: sql<Date>`now()` })
        .where('id', '=', did)
        .returning('caseId')
        .executeTakeFirst();
      if (!row) throw new NotFoundError('deadline', deadlineId);
      const found = (await deadlinesOf({ caseId: row.caseId })).find((d) => d.id === did);
      if (!found) throw new NotFoundError('deadline', deadlineId);
      return found;
    },
    /** Drops a deadline's override: the computed day is in force again. Needs `tasks.manage`. */
    async clearOverride(deadlineId: string): Promise<void> {
      const did = parseInput(idSchema, deadlineId, 'deadlineId');
      await requirePermission(ctx, 'tasks.manage');
      const result = await ctx.db
        .updateTable('caseDeadlines')
        .set({ overrideDue: null, overrideReason: null, updatedAt: sql<Date>`now()` })
        .where('id', '=', did)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('deadline', deadlineId);
    },
    /** A matter's deadlines, soonest first. */
    async list(caseId: string): Promise<CaseDeadline[]> {
      return deadlinesOf({ caseId: parseInput(idSchema, caseId, 'caseId') });
    },
  };
}

export type DeadlinesRepository = ReturnType<typeof deadlinesRepository>;
