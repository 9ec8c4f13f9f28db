import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { Tasks } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type CreateTaskInput,
  createTaskSchema,
  dueWithinSchema,
  type ListTasksInput,
  listTasksSchema,
  type UpdateTaskInput,
  updateTaskSchema,
} from '../schemas/work.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = {
  sort: sql`coalesce(tasks.due_at, 'infinity'::timestamptz)`,
  id: sql`tasks.id`,
  type: 'timestamptz',
  direction: 'asc',
};

export type Task = Selectable<Tasks>;
const OPEN = ['todo', 'in_progress', 'blocked'] as const;

/** Tasks, deadlines, court dates and statutes of limitations. Writing needs `tasks.manage`. */
export function tasksRepository(ctx: RepositoryContext) {
  const find = async (id: string): Promise<Task | undefined> => {
    const taskId = parseInput(idSchema, id, 'id');
    return ctx.db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  };
  /** Changes fields; `status: 'done'` stamps `completedAt`, any other status clears it. */
  async function update(id: string, patch: UpdateTaskInput): Promise<Task> {
    const taskId = parseInput(idSchema, id, 'id');
    const v = parseInput(updateTaskSchema, patch, 'patch');
    await requirePermission(ctx, 'tasks.manage');
    const completed = v.status === undefined ? {} : { completedAt: v.status === 'done' ? sql<Date>`now()` : null };
    const task = await ctx.db
      .updateTable('tasks')
      .set({ ...v, ...completed, updatedAt: sql`now()` })
      .where('id', '=', taskId)
      .returningAll()
      .executeTakeFirst();
    if (!task) throw new NotFoundError('task', id);
    return task;
  }
  return {
    /** @example `await t.tasks.create({ caseId, title: 'File the defence', kind: 'deadline', dueAt: '2027-01-15T17:00:00Z' });` */
    async create(input: CreateTaskInput): Promise<Task> {
      const v = parseInput(createTaskSchema, input);
      await requirePermission(ctx, 'tasks.manage');
      return ctx.db
        .insertInto('tasks')
        .values({ ...v, createdBy: ctx.context.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    find,
    async get(id: string): Promise<Task> {
      const task = await find(id);
      if (!task) throw new NotFoundError('task', id);
      return task;
    },
    update,
    /** Marks a task done. */
    complete(id: string): Promise<Task> {
      return update(id, { status: 'done' });
    },
    /** By due date (soonest first, undated last), keyset-paginated. */
    async list(input: ListTasksInput = {}): Promise<Page<Task>> {
      const f = parseInput(listTasksSchema, input);
      let q = ctx.db
        .selectFrom('tasks')
        .selectAll()
        .select(sortKey(KEYSET))
        .orderBy(sql`coalesce(tasks.due_at, 'infinity'::timestamptz)`)
        .orderBy('id')
        .limit(f.limit + 1);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.assignedTo) q = q.where('assignedTo', '=', f.assignedTo);
      if (f.status) q = q.where('status', 'in', f.status);
      if (f.kind) q = q.where('kind', 'in', f.kind);
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      return toPage(await q.execute(), f.limit);
    },
    /** Open tasks due from now to `days` days ahead, soonest first. */
    async dueWithin(days: number, filters: { caseId?: string; assignedTo?: string } = {}): Promise<Task[]> {
      const f = parseInput(dueWithinSchema, { days, ...filters });
      let q = ctx.db
        .selectFrom('tasks')
        .selectAll()
        .where('status', 'in', OPEN)
        .where(sql<boolean>`due_at >= now() and due_at < now() + make_interval(days => ${f.days})`)
        .orderBy('dueAt')
        .orderBy('id');
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.assignedTo) q = q.where('assignedTo', '=', f.assignedTo);
      return q.execute();
    },
    /** Open tasks whose due time has passed, most overdue first. */
    async overdue(filters: { caseId?: string; assignedTo?: string } = {}): Promise<Task[]> {
      const f = parseInput(dueWithinSchema.omit({ days: true }), filters, 'filters');
      let q = ctx.db
        .selectFrom('tasks')
        .selectAll()
        .where('status', 'in', OPEN)
        .where(sql<boolean>`due_at < now()`)
        .orderBy('dueAt')
        .orderBy('id');
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.assignedTo) q = q.where('assignedTo', '=', f.assignedTo);
      return q.execute();
    },
  };
}

export type TasksRepository = ReturnType<typeof tasksRepository>;
