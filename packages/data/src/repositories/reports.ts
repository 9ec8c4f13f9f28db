import { sql } from 'kysely';
import { ForbiddenError } from '../errors/legal-error.js';
import { type MonthInput, type MonthlyByCaseInput, monthlyByCaseSchema, monthSchema } from '../schemas/money.js';
import { decodeCursor, encodeCursor, type Page } from './keyset.js';
import { parseInput } from './parse-input.js';
import { hasPermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

/** A tenant's month in money; amounts are exact decimal strings. */
export interface MonthlyFinancialReport {
  /** First day of the month, `YYYY-MM-DD`. */
  month: string;
  /** Σ total of invoices sent or paid, issued in the month. */
  billed: string;
  /** Σ amount paid of invoices settled (paid in full) in the month. */
  collected: string;
  /** Σ (total − amount paid) of invoices issued up to the month's end that are still sent (unpaid). */
  outstanding: string;
  /** Time worked in the month, per lawyer. */
  byLawyer: { userId: string; minutes: number; billableMinutes: number; billableAmount: string }[];
}

/** One matter's month: billable time and expenses, and the month's billed invoices. */
export interface MonthlyCaseLine {
  caseId: string;
  timeAmount: string;
  expenseAmount: string;
  billed: string;
}

/** `YYYY-MM-01` of a validated month. */
function firstOfMonth(v: { year: number; month: number }): string {
  return `${String(v.year).padStart(4, '0')}-${String(v.month).padStart(2, '0')}-01`;
}

/** Firm reports. Needs `billing.read` or `reports.read`. */
export function reportsRepository(ctx: RepositoryContext) {
  const mayRead = async () => {
    if (!(await hasPermission(ctx, 'billing.read')) && !(await hasPermission(ctx, 'reports.read'))) {
      throw new ForbiddenError('Reports need the permission billing.read or reports.read', 'reports.read');
    }
  };
  return {
    /**
     * The monthly financial report: the firm's totals and per-lawyer time, computed in one
     * query over indexed date ranges. The per-matter lines are pages of `monthlyByCase`.
     * @example `const report = await t.reports.monthly({ year: 2026, month: 11 });`
     */
    async monthly(input: MonthInput): Promise<MonthlyFinancialReport> {
      const v = parseInput(monthSchema, input);
      await mayRead();
      const start = firstOfMonth(v);
      const { rows } = await sql<{ report: MonthlyFinancialReport }>`
        with bounds as (select ${start}::date as first, (${start}::date + interval '1 month')::date as next)
        select jsonb_build_object(
          'month', (select first from bounds)::text,
          'billed', (select coalesce(sum(i.total), 0.00) from legal.invoices i, bounds b
                       where i.tenant_id = ${ctx.context.tenantId}::uuid and i.issue_date >= b.first and i.issue_date < b.next
                         and i.status in ('sent', 'paid'))::text,
          'collected', (select coalesce(sum(i.amount_paid), 0.00) from legal.invoices i, bounds b
                          where i.tenant_id = ${ctx.context.tenantId}::uuid and i.status = 'paid' and i.paid_at >= b.first and i.paid_at < b.next)::text,
          'outstanding', (select coalesce(sum(i.total - i.amount_paid), 0.00) from legal.invoices i, bounds b
                          where i.tenant_id = ${ctx.context.tenantId}::uuid and i.status = 'sent' and i.issue_date < b.next)::text,
          'byLawyer', coalesce((select jsonb_agg(jsonb_build_object(
                          'userId', user_id, 'minutes', minutes, 'billableMinutes', billable_minutes,
                          'billableAmount', billable_amount::text) order by user_id)
                        from (select t.user_id, sum(t.minutes)::int as minutes,
                                     (sum(t.minutes) filter (where t.billable))::int as billable_minutes,
                                     coalesce(sum(t.amount) filter (where t.billable), 0.00) as billable_amount
                                from legal.time_entries t, bounds b
                               where t.tenant_id = ${ctx.context.tenantId}::uuid and t.work_date >= b.first and t.work_date < b.next
                               group by t.user_id) l), '[]'::jsonb)
        ) as report`.execute(ctx.db);
      const report = (rows[0] as { report: MonthlyFinancialReport }).report;
      return { ...report, byLawyer: report.byLawyer.map((l) => ({ ...l, billableMinutes: l.billableMinutes ?? 0 })) };
    },

    /**
     * The month per matter (time, billable expenses, billed invoices), a page at a time in matter-id order.
     * @example `const page = await t.reports.monthlyByCase({ year: 2026, month: 11, limit: 100 });`
     */
    async monthlyByCase(input: MonthlyByCaseInput): Promise<Page<MonthlyCaseLine>> {
      const v = parseInput(monthlyByCaseSchema, input);
      await mayRead();
      const after = v.cursor ? decodeCursor(v.cursor).id : undefined;
      const start = firstOfMonth(v);
      const next = sql`(${start}::date + interval '1 month')::date`;
      const tenant = sql`${ctx.context.tenantId}::uuid`;
      const from = after ? sql`and case_id > ${after}::uuid` : sql``;
      const first = sql`${start}::date`;
      const limit = v.limit + 1;
      // the page's matters first (each source walked in matter order on its (tenant, case, date)
      // index, stopping at the page's size), then each matter's sums: never the whole month
      const { rows } = await sql<MonthlyCaseLine>`
        with ids as (
          select case_id from (
            (select distinct case_id from legal.time_entries
              where tenant_id = ${tenant} and work_date >= ${first} and work_date < ${next} ${from}
              order by case_id limit ${limit})
            union
            (select distinct case_id from legal.expenses
              where tenant_id = ${tenant} and incurred_on >= ${first} and incurred_on < ${next} and billable ${from}
              order by case_id limit ${limit})
            union
            (select distinct case_id from legal.invoices
              where tenant_id = ${tenant} and issue_date >= ${first} and issue_date < ${next}
                and status in ('sent', 'paid') and case_id is not null ${from}
              order by case_id limit ${limit})
          ) u order by case_id limit ${limit})
        select i.case_id::text as "caseId",
               coalesce((select sum(t.amount) filter (where t.billable) from legal.time_entries t
                          where t.tenant_id = ${tenant} and t.case_id = i.case_id
                            and t.work_date >= ${first} and t.work_date < ${next}), 0.00)::text as "timeAmount",
               coalesce((select sum(e.amount) from legal.expenses e
                          where e.tenant_id = ${tenant} and e.case_id = i.case_id and e.billable
                            and e.incurred_on >= ${first} and e.incurred_on < ${next}), 0.00)::text as "expenseAmount",
               coalesce((select sum(n.total) from legal.invoices n
                          where n.tenant_id = ${tenant} and n.case_id = i.case_id and n.status in ('sent', 'paid')
                            and n.issue_date >= ${first} and n.issue_date < ${next}), 0.00)::text as billed
          from ids i
         order by i.case_id`.execute(ctx.db);
      const kept = rows.length > v.limit ? rows.slice(0, v.limit) : rows;
      const last = kept.at(-1);
      return { items: kept, nextCursor: rows.length > v.limit && last ? encodeCursor('', last.caseId) : undefined };
    },
  };
}

export type ReportsRepository = ReturnType<typeof reportsRepository>;
