import { type RawBuilder, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { CaseActivities, CaseMembers, CaseParties, Cases, DB } from '../generated/db.js';
import {
  type CreateCaseInput,
  commentSchema,
  createCaseSchema,
  type ListCasesInput,
  listCasesSchema,
  memberSchema,
  type PartyInput,
  partySchema,
  searchSchema,
  transitionSchema,
  type UpdateCaseInput,
  updateCaseSchema,
} from '../schemas/cases.js';
import { id as idSchema } from '../schemas/common.js';
import type { Grants } from '../tenant/grants.js';
import { decodeCursor, type Page, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import { queryTemplate } from './query-template.js';
import type { RepositoryContext } from './repository-context.js';

export type Case = Omit<Selectable<Cases>, 'searchVector'>;

const CASE_COLUMNS = [
  'cases.id',
  'cases.tenantId',
  'cases.ownerId',
  'cases.createdBy',
  'cases.assignedTo',
  'cases.clientId',
  'cases.title',
  'cases.description',
  'cases.clientName',
  'cases.matterNumber',
  'cases.caseType',
  'cases.status',
  'cases.priority',
  'cases.court',
  'cases.caseNumber',
  'cases.incidentDate',
  'cases.filingDate',
  'cases.discoveryDeadline',
  'cases.trialDate',
  'cases.statuteOfLimitations',
  'cases.caseValue',
  'cases.folderPath',
  'cases.storagePrefix',
  'cases.totalSizeBytes',
  'cases.fileCount',
  'cases.isPinned',
  'cases.tags',
  'cases.customFields',
  'cases.createdAt',
  'cases.updatedAt',
  'cases.lastAccessed',
  'cases.closedAt',
  'cases.legalHold',
  'cases.legalHoldReason',
  'cases.legalHoldSetAt',
  'cases.legalHoldSetBy',
] as const;

/** One case by id (the firm's, explicitly: the index's first column, and one shard on Citus). */
const CASE_BY_ID = queryTemplate((db, p: { tenantId: string; id: string }) =>
  db.selectFrom('cases').select(CASE_COLUMNS).where('cases.tenantId', '=', p.tenantId).where('cases.id', '=', p.id),
);

interface CaseListValues {
  tenantId: string;
  limit: number;
  status: readonly string[];
  caseType: readonly string[];
  assignedTo: string;
  clientId: string;
  tags: readonly string[];
  pinned: boolean;
  createdFrom: string;
  createdTo: string;
  afterSort: string;
  afterId: string;
}
type CaseListVariant = { sort: 'createdAt' | 'lastAccessed' } & {
  [K in
    | 'status'
    | 'caseType'
    | 'assignedTo'
    | 'clientId'
    | 'tags'
    | 'pinned'
    | 'createdFrom'
    | 'createdTo'
    | 'cursor'
    | 'narrow']: boolean;
};

/** A page of cases in keyset order (newest or most recently accessed first) with the filters the variant names. */
const CASE_LIST = queryTemplate((db, p: CaseListValues, v: CaseListVariant) => {
  const sort = sql.ref(v.sort === 'lastAccessed' ? 'cases.last_accessed' : 'cases.created_at');
  // the filters, the cursor and the order: of the page, and of each arm of a narrowed list
  // (unqualified `cases.` names the innermost `legal.cases`, so one set serves both)
  const filtered = <Q extends SelectQueryBuilder<DB, 'cases', object>>(query: Q): Q => {
    let q = query.where('cases.tenantId', '=', p.tenantId);
    if (v.status) q = q.where(sql<boolean>`cases.status = any (${p.status}::text[])`);
    if (v.caseType) q = q.where(sql<boolean>`cases.case_type = any (${p.caseType}::text[])`);
    if (v.assignedTo) q = q.where(sql<boolean>`cases.assigned_to = ${p.assignedTo}::uuid`);
    if (v.clientId) q = q.where(sql<boolean>`cases.client_id = ${p.clientId}::uuid`);
    if (v.tags) q = q.where(sql<boolean>`cases.tags @> ${p.tags}::text[]`);
    if (v.pinned) q = q.where(sql<boolean>`cases.is_pinned = ${p.pinned}::boolean`);
    if (v.createdFrom) q = q.where(sql<boolean>`cases.created_at >= ${p.createdFrom}::timestamptz`);
    if (v.createdTo) q = q.where(sql<boolean>`cases.created_at < ${p.createdTo}::timestamptz`);
    if (v.cursor) q = q.where(sql<boolean>`(${sort}, cases.id) < (${p.afterSort}::timestamptz, ${p.afterId}::uuid)`);
    return q.orderBy(v.sort, 'desc').orderBy('id', 'desc').limit(p.limit) as Q;
  };
  let query = filtered(db.selectFrom('cases').select(CASE_COLUMNS).select(sql<string>`${sort}::text`.as('sortKey')));
  // A user who sees only some matters: their page is the newest of their own pages as owner,
  // as assignee and as member, each read from its (tenant, user, created_at) index — a page
  // of rows, not the firm's 100,000 or their thousand. Row level security still decides; the
  // caller re-runs without this when the unit found the user's access widened.
  if (v.narrow) {
    const arm = (condition: RawBuilder<boolean>) =>
      filtered(db.selectFrom('cases').select('cases.id').where(condition));
    query = query.where(
      sql<boolean>`cases.id in ((${arm(sql`cases.owner_id = legal.current_user_id()`)})
                   union all (${arm(sql`cases.assigned_to = legal.current_user_id()`)})
                   union all (${arm(sql`cases.id = any ((select legal.member_case_ids())::uuid[])`)}))`,
    );
  }
  return query;
});

export type CaseMember = Selectable<CaseMembers>;
export type CaseParty = Selectable<CaseParties>;
export type CaseActivity = Selectable<CaseActivities>;
export interface CaseSearchHit {
  case: Case;
  rank: number;
  /** The matching words in context, marked with <b>…</b>. */
  headline: string;
}

/**
 * Matters. Reading needs `cases.read_all`, or `cases.read_assigned` for the cases one owns,
 * is assigned to or is a member of; writing needs `cases.create` / `cases.update`;
 * the workflow `cases.transition`; assignments `cases.assign`.
 */
export function casesRepository(ctx: RepositoryContext) {
  const me = ctx.context.userId;

  /**
   * Reading cases needs `cases.read_all` or `cases.read_assigned` (row level security then
   * shows exactly the matters the user may see: all, or their own, assigned and member ones,
   * never one behind an ethical wall).
   */
  async function mayRead(): Promise<void> {
    await ctx.access.requireAny(
      ['cases.read_all', 'cases.read_assigned'],
      'Reading cases needs the permission cases.read_all or cases.read_assigned',
    );
  }

  /** After the user changed what they may see (a case they opened, a member added): the unit's grants follow. */
  async function refreshAccess(): Promise<void> {
    if (await ctx.access.has('cases.read_all')) return;
    const { rows } = await sql<{ grants: Grants }>`select legal.refresh_unit() as grants`.execute(ctx.db);
    ctx.access.established(rows[0]?.grants);
  }

  async function find(id: string): Promise<Case | undefined> {
    const caseId = parseInput(idSchema, id, 'id');
    await mayRead();
    const [row] = await CASE_BY_ID.execute(ctx.db, { tenantId: ctx.context.tenantId, id: caseId });
    return row;
  }

  async function get(id: string): Promise<Case> {
    const found = await find(id);
    if (!found) throw new NotFoundError('case', id);
    return found;
  }

  async function activity(
    caseId: string,
    activityType: CaseActivity['activityType'],
    body?: string,
    details: object = {},
  ) {
    await ctx.db
      .insertInto('caseActivities')
      .values({ caseId, userId: me, activityType, body: body ?? null, details: JSON.stringify(details) })
      .execute();
  }

  return {
    /** Opens a case (status `new`) owned by the current user unless `ownerId` says otherwise. */
    async create(input: CreateCaseInput): Promise<Case> {
      const values = parseInput(createCaseSchema, input);
      await requirePermission(ctx, 'cases.create');
      let clientName = values.clientName;
      if (values.clientId && !clientName) {
        const client = await ctx.db
          .selectFrom('clients')
          .select('name')
          .where('id', '=', values.clientId)
          .executeTakeFirst();
        clientName = client?.name;
      }
      const created = await ctx.db
        .insertInto('cases')
        .values({
          ...values,
          clientName: clientName ?? null,
          ownerId: values.ownerId ?? me,
          createdBy: me,
          tags: values.tags ?? [],
          customFields: JSON.stringify(values.customFields ?? {}),
        })
        .returning(CASE_COLUMNS)
        .executeTakeFirstOrThrow();
      await refreshAccess();
      await activity(created.id, 'created');
      return created;
    },
    find,
    get,
    /** Changes case details (not the status: see `transition`). */
    async update(id: string, patch: UpdateCaseInput): Promise<Case> {
      const caseId = parseInput(idSchema, id, 'id');
      const values = parseInput(updateCaseSchema, patch, 'patch');
      await requirePermission(ctx, 'cases.update');
      const { customFields, ...rest } = values;
      const updated = await ctx.db
        .updateTable('cases')
        .set({ ...rest, ...(customFields ? { customFields: JSON.stringify(customFields) } : {}) })
        .where('id', '=', caseId)
        .returning(CASE_COLUMNS)
        .executeTakeFirst();
      if (!updated) throw new NotFoundError('case', id);
      await activity(caseId, 'updated', undefined, { fields: Object.keys(values) });
      return updated;
    },
    /** Keyset-paginated, newest (or most recently accessed) first, with filters. */
    async list(input: ListCasesInput = {}): Promise<Page<Case>> {
      const f = parseInput(listCasesSchema, input);
      await mayRead();
      const at = f.cursor ? decodeCursor(f.cursor) : undefined;
      const restricted = () => ctx.access.cached !== undefined && ctx.access.cached.cases !== '*';
      const run = (narrow: boolean) =>
        CASE_LIST.execute(
          ctx.db,
          {
            tenantId: ctx.context.tenantId,
            limit: f.limit + 1,
            status: f.status ?? [],
            caseType: f.caseType ?? [],
            assignedTo: f.assignedTo ?? '',
            clientId: f.clientId ?? '',
            tags: f.tags ?? [],
            pinned: f.pinned ?? false,
            createdFrom: f.createdFrom ?? '',
            createdTo: f.createdTo ?? '',
            afterSort: at?.sortValue ?? '',
            afterId: at?.id ?? '',
          },
          {
            sort: f.sort,
            status: f.status !== undefined,
            caseType: f.caseType !== undefined,
            assignedTo: f.assignedTo !== undefined,
            clientId: f.clientId !== undefined,
            tags: f.tags !== undefined,
            pinned: f.pinned !== undefined,
            createdFrom: f.createdFrom !== undefined,
            createdTo: f.createdTo !== undefined,
            cursor: at !== undefined,
            narrow,
          },
        );
      const narrowed = restricted();
      let rows = await run(narrowed);
      // the unit's context found the user's access widened to every matter since the grants were cached
      if (narrowed && !restricted()) rows = await run(false);
      return toPage(rows, f.limit);
    },
    /**
     * Full-text search over title, client name and description, best match first. The
     * matches are found and ranked by `legal.search_cases` (the index serves the firm and the
     * words together; the access rules are applied in its query), then read back through
     * row level security.
     */
    async search(query: string, options: { limit?: number } = {}): Promise<CaseSearchHit[]> {
      const input = parseInput(searchSchema, { query, ...options });
      await mayRead();
      const tsquery = sql`websearch_to_tsquery('english'::regconfig, ${input.query})`;
      const { rows } = await sql<Case & { rank: number; headline: string }>`
        select ${sql.join(CASE_COLUMNS.map((c) => sql.ref(c)))}, s.rank,
               ts_headline('english'::regconfig, cases.title || ' ' || coalesce(cases.description, ''), ${tsquery}) as headline
          from legal.search_cases(${input.query}, ${input.limit}) s
          join legal.cases on cases.tenant_id = ${ctx.context.tenantId}::uuid and cases.id = s.id
         order by s.rank desc, cases.id`.execute(ctx.db);
      return rows.map(({ rank, headline, ...row }) => ({ case: row, rank, headline }));
    },
    /**
     * Moves a case through the workflow, one statement: the database checks the step, the
     * permission it needs (e.g. only `cases.review` moves pending_review → assigned) and its
     * preconditions (an assignee before `assigned`); the reason goes to the case's history
     * and the audit trail of this step only.
     * @throws {InvalidTransitionError} the workflow does not allow the step
     * @throws {ForbiddenError} the user lacks the step's permission
     * @throws {NotFoundError} no such case, or not one the user may change
     */
    async transition(id: string, to: string, options: { reason?: string } = {}): Promise<Case> {
      const input = parseInput(transitionSchema, { id, to, ...options });
      const { rows } = await sql<Case>`
        with step as materialized (select legal.set_statement_reason(${input.reason ?? null}) as ok)
        update legal.cases set status = ${input.to} from step
         where step.ok and cases.tenant_id = ${ctx.context.tenantId}::uuid and cases.id = ${input.id}::uuid
        returning ${sql.join(CASE_COLUMNS.map((c) => sql.ref(c)))}`.execute(ctx.db);
      const updated = rows[0];
      if (!updated) throw new NotFoundError('case', id);
      await activity(input.id, 'status_changed', input.reason, { to: input.to });
      return updated;
    },
    /** Makes `userId` the case's assignee (and a member). */
    async assign(caseId: string, userId: string): Promise<CaseMember> {
      const input = parseInput(memberSchema, { caseId, userId, permissionLevel: 'editor' });
      await requirePermission(ctx, 'cases.assign');
      const updated = await ctx.db
        .updateTable('cases')
        .set({ assignedTo: input.userId })
        .where('id', '=', input.caseId)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw new NotFoundError('case', caseId);
      const member = await upsertMember(input.caseId, input.userId, 'assigned', 'editor');
      await activity(input.caseId, 'assigned', undefined, { userId: input.userId });
      return member;
    },
    /** Adds a collaborator with a permission level (seed 000: viewer, editor, admin). */
    async addCollaborator(
      caseId: string,
      userId: string,
      permissionLevel: 'viewer' | 'editor' | 'admin' = 'viewer',
    ): Promise<CaseMember> {
      const input = parseInput(memberSchema, { caseId, userId, permissionLevel });
      await requirePermission(ctx, 'cases.assign');
      await get(input.caseId);
      return upsertMember(input.caseId, input.userId, 'collaborator', input.permissionLevel);
    },
    async removeMember(caseId: string, userId: string): Promise<boolean> {
      const input = parseInput(memberSchema, { caseId, userId });
      await requirePermission(ctx, 'cases.assign');
      const result = await ctx.db
        .deleteFrom('caseMembers')
        .where('caseId', '=', input.caseId)
        .where('userId', '=', input.userId)
        .executeTakeFirst();
      if (result.numDeletedRows > 0n) await activity(input.caseId, 'unassigned', undefined, { userId: input.userId });
      return result.numDeletedRows > 0n;
    },
    async members(caseId: string): Promise<CaseMember[]> {
      await get(parseInput(idSchema, caseId, 'caseId'));
      return ctx.db.selectFrom('caseMembers').selectAll().where('caseId', '=', caseId).orderBy('addedAt').execute();
    },
    async addParty(caseId: string, input: PartyInput): Promise<CaseParty> {
      const values = parseInput(partySchema, input);
      const id = parseInput(idSchema, caseId, 'caseId');
      await requirePermission(ctx, 'cases.update');
      await get(id);
      return ctx.db
        .insertInto('caseParties')
        .values({ ...values, caseId: id })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    async parties(caseId: string): Promise<CaseParty[]> {
      await get(parseInput(idSchema, caseId, 'caseId'));
      return ctx.db
        .selectFrom('caseParties')
        .selectAll()
        .where('caseId', '=', caseId)
        .orderBy('partyRole')
        .orderBy('name')
        .execute();
    },
    /** Adds a comment to the case's activity stream. */
    async comment(caseId: string, body: string): Promise<CaseActivity> {
      const input = parseInput(commentSchema, { caseId, body });
      await get(input.caseId);
      return ctx.db
        .insertInto('caseActivities')
        .values({ caseId: input.caseId, userId: me, activityType: 'commented', body: input.body })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** The case's activities, newest first. */
    async activities(caseId: string): Promise<CaseActivity[]> {
      await get(parseInput(idSchema, caseId, 'caseId'));
      return ctx.db
        .selectFrom('caseActivities')
        .selectAll()
        .where('caseId', '=', caseId)
        .orderBy('occurredAt', 'desc')
        .orderBy('id')
        .execute();
    },
    async pin(caseId: string, pinned = true): Promise<Case> {
      const id = parseInput(idSchema, caseId, 'caseId');
      await get(id);
      return ctx.db
        .updateTable('cases')
        .set({ isPinned: pinned })
        .where('id', '=', id)
        .returning(CASE_COLUMNS)
        .executeTakeFirstOrThrow();
    },
    /** Marks the case as just accessed (sorting by `lastAccessed`). */
    async touch(caseId: string): Promise<void> {
      const id = parseInput(idSchema, caseId, 'caseId');
      await get(id);
      await ctx.db.updateTable('cases').set({ lastAccessed: sql`now()` }).where('id', '=', id).execute();
    },
  };

  async function upsertMember(
    caseId: string,
    userId: string,
    memberRole: string,
    permissionLevel: string,
  ): Promise<CaseMember> {
    return ctx.db
      .insertInto('caseMembers')
      .values({ caseId, userId, memberRole, permissionLevel, addedBy: me })
      .onConflict((oc) => oc.columns(['tenantId', 'caseId', 'userId']).doUpdateSet({ memberRole, permissionLevel }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}

export type CasesRepository = ReturnType<typeof casesRepository>;
