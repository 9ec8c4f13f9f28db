import { sql } from 'kysely';
import { ForbiddenError } from '../errors/legal-error.js';
import { monthSchema } from '../schemas/money.js';
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
  /** Per case: billable time and expenses of the month, and the month's billed invoices. */
  byCase: { caseId: string; timeAmount: string; expenseAmount: string; billed: string }[];
}

/** Firm reports. Needs `billing.read` or `reports.read`. */
export function reportsRepository(ctx: RepositoryContext) {
  return {
    /**
     * The monthly financial report, computed in one query over indexed date ranges.
     * @example `const report = await t.reports.monthly({ year: 2026, month: 11 });`
     */
    async monthly(input: { year: number; month: number }): Promise<MonthlyFinancialReport> {
      const v = parseInput(monthSchema, input);
      if (!(await hasPermission(ctx, 'billing.read')) && !(await hasPermission(ctx, 'reports.read'))) {
        throw new ForbiddenError('Reports need the permission billing.read or reports.read', 'reports.read');
      }
      const start = `${String(v.year).padStart(4, '0')}-${String(v.month).padStart(2, '0')}-01`;
      const { rows } = await sql<{ report: MonthlyFinancialReport }>`
        with bounds as (select ${start}::date as first, (${start}::date + interval '1 month')::date as next),
        inv as (select i.* from legal.invoices i, bounds b where i.issue_date >= b.first and i.issue_date < b.next and i.status in ('sent', 'paid')),
        te as (select t.* from legal.time_entries t, bounds b where t.work_date >= b.first and t.work_date < b.next),
        ex as (select e.* from legal.expenses e, bounds b where e.incurred_on >= b.first and e.incurred_on < b.next and e.billable),
        by_case as (
          select case_id, sum(time_amount) as time_amount, sum(expense_amount) as expense_amount, sum(billed) as billed
            from (select case_id, case when billable then amount else 0.00 end as time_amount, 0.00 as expense_amount, 0.00 as billed from te
                  union all select case_id, 0.00, amount, 0.00 from ex
                  union all select case_id, 0.00, 0.00, total from inv where case_id is not null) x
           group by case_id)
        select jsonb_build_object(
          'month', (select first from bounds)::text,
          'billed', (select coalesce(sum(total), 0.00) from inv)::text,
          'collected', (select coalesce(sum(i.amount_paid), 0.00) from legal.invoices i, bounds b
                          where i.status = 'paid' and i.paid_at >= b.first and i.paid_at < b.next)::text,
          'outstanding', (select coalesce(sum(i.total - i.amount_paid), 0.00) from legal.invoices i, bounds b
                          where i.status = 'sent' and i.issue_date < b.next)::text,
          'byLawyer', coalesce((select jsonb_agg(jsonb_build_object(
                          'userId', user_id, 'minutes', minutes, 'billableMinutes', billable_minutes,
                          'billableAmount', billable_amount::text) order by user_id)
                        from (select user_id, sum(minutes)::int as minutes,
                                     (sum(minutes) filter (where billable))::int as billable_minutes,
                                     coalesce(sum(amount) filter (where billable), 0.00) as billable_amount
                                from te group by user_id) l), '[]'::jsonb),
          'byCase', coalesce((select jsonb_agg(jsonb_build_object(
                          'caseId', case_id, 'timeAmount', time_amount::text, 'expenseAmount', expense_amount::text,
                          'billed', billed::text) order by case_id)
                        from by_case), '[]'::jsonb)
        ) as report`.execute(ctx.db);
      const report = (rows[0] as { report: MonthlyFinancialReport }).report;
      return { ...report, byLawyer: report.byLawyer.map((l) => ({ ...l, billableMinutes: l.billableMinutes ?? 0 })) };
    },
  };
}

export type ReportsRepository = ReturnType<typeof reportsRepository>;
