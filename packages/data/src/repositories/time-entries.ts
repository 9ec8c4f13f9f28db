import { type Selectable, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { TimeEntries } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type CreateTimeEntryInput,
  createTimeEntrySchema,
  type ListTimeInput,
  listTimeSchema,
} from '../schemas/money.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = { sort: sql`time_entries.work_date`, id: sql`time_entries.id`, type: 'date', direction: 'desc' };

/** A time entry; `amount` (minutes × rate / 60) is computed by the database, money as strings. */
export type TimeEntry = Selectable<TimeEntries>;

/** Time recorded on cases. Writing needs `time.record`. */
export function timeEntriesRepository(ctx: RepositoryContext) {
  const find = async (id: string): Promise<TimeEntry | undefined> => {
    const tid = parseInput(idSchema, id, 'id');
    return ctx.db.selectFrom('timeEntries').selectAll().where('id', '=', tid).executeTakeFirst();
  };
  return {
    /** @example `await t.timeEntries.create({ caseId, minutes: 90, rate: '250.00', description: 'Drafted the claim' });` */
    async create(input: CreateTimeEntryInput): Promise<TimeEntry> {
      const v = parseInput(createTimeEntrySchema, input);
      await requirePermission(ctx, 'time.record');
      return ctx.db
        .insertInto('timeEntries')
        .values({ ...v, userId: v.userId ?? ctx.context.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    find,
    async get(id: string): Promise<TimeEntry> {
      const found = await find(id);
      if (!found) throw new NotFoundError('time entry', id);
      return found;
    },
    /** Newest work date first; `unbilled: true` lists billable entries not on an invoice yet. */
    async list(input: ListTimeInput = {}): Promise<Page<TimeEntry>> {
      const f = parseInput(listTimeSchema, input);
      let q = ctx.db
        .selectFrom('timeEntries')
        .selectAll()
        .select(sortKey(KEYSET))
        .orderBy('workDate', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.userId) q = q.where('userId', '=', f.userId);
      if (f.from) q = q.where('workDate', '>=', f.from);
      if (f.to) q = q.where('workDate', '<=', f.to);
      if (f.unbilled) q = q.where('billable', '=', true).where('invoiceId', 'is', null);
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      return toPage(await q.execute(), f.limit);
    },
  };
}

export type TimeEntriesRepository = ReturnType<typeof timeEntriesRepository>;
