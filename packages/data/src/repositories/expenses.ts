import { type Selectable, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { Expenses } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type CreateExpenseInput,
  createExpenseSchema,
  type ListExpensesInput,
  listTimeSchema,
} from '../schemas/money.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = { sort: sql`expenses.incurred_on`, id: sql`expenses.id`, type: 'date', direction: 'desc' };

/** An expense (money as exact strings). */
export type Expense = Selectable<Expenses>;

/** Expenses of cases (filing fees, travel, experts…). Writing needs `time.record`. */
export function expensesRepository(ctx: RepositoryContext) {
  const find = async (id: string): Promise<Expense | undefined> => {
    const tid = parseInput(idSchema, id, 'id');
    return ctx.db.selectFrom('expenses').selectAll().where('id', '=', tid).executeTakeFirst();
  };
  return {
    /** @example `await t.expenses.create({ caseId, category: 'filing_fee', amount: '350.00', description: 'Court filing fee' });` */
    async create(input: CreateExpenseInput): Promise<Expense> {
      const v = parseInput(createExpenseSchema, input);
      await requirePermission(ctx, 'time.record');
      return ctx.db
        .insertInto('expenses')
        .values({ ...v, userId: v.userId ?? ctx.context.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    find,
    async get(id: string): Promise<Expense> {
      const found = await find(id);
      if (!found) throw new NotFoundError('expense', id);
      return found;
    },
    /** Newest first; `unbilled: true` lists billable expenses not on an invoice yet. */
    async list(input: ListExpensesInput = {}): Promise<Page<Expense>> {
      const f = parseInput(listTimeSchema, input);
      let q = ctx.db
        .selectFrom('expenses')
        .selectAll()
        .select(sortKey(KEYSET))
        .orderBy('incurredOn', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.userId) q = q.where('userId', '=', f.userId);
      if (f.from) q = q.where('incurredOn', '>=', f.from);
      if (f.to) q = q.where('incurredOn', '<=', f.to);
      if (f.unbilled) q = q.where('billable', '=', true).where('invoiceId', 'is', null);
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      return toPage(await q.execute(), f.limit);
    },
  };
}

export type ExpensesRepository = ReturnType<typeof expensesRepository>;
