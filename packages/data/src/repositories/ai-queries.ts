import { type Selectable, sql } from 'kysely';
import type { AiQueries } from '../generated/db.js';
import { type ListQueriesInput, listQueriesSchema, type RecordQueryInput, recordQuerySchema } from '../schemas/ai.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { hasPermission, requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = {
  sort: sql`ai_queries.created_at`,
  id: sql`ai_queries.id`,
  type: 'timestamptz',
  direction: 'desc',
};

export type AiQuery = Selectable<AiQueries>;

/**
 * The log of AI assistant queries (seed 003): the question, retrieved documents, answer or
 * refusal, confidence, sources and response time. Recording needs `ai.query`; listing other
 * users' queries needs `audit.read`.
 */
export function aiQueriesRepository(ctx: RepositoryContext) {
  const me = ctx.context.userId;
  return {
    /** @example `await t.aiQueries.record({ queryText: 'When does limitation expire?', answer: '…', confidenceScore: 0.82, responseTimeMs: 1840 });` */
    async record(input: RecordQueryInput): Promise<AiQuery> {
      const { retrievedDocuments, sources, ...v } = parseInput(recordQuerySchema, input);
      await requirePermission(ctx, 'ai.query');
      return ctx.db
        .insertInto('aiQueries')
        .values({
          ...v,
          userId: me,
          retrievedDocuments: JSON.stringify(retrievedDocuments),
          sources: JSON.stringify(sources),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** Newest first; by default the current user's. */
    async list(input: ListQueriesInput = {}): Promise<Page<AiQuery>> {
      const f = parseInput(listQueriesSchema, input);
      const userId = f.userId ?? me;
      if (userId !== me) await requirePermission(ctx, 'audit.read');
      else if (!(await hasPermission(ctx, 'audit.read'))) await requirePermission(ctx, 'ai.query');
      let q = ctx.db
        .selectFrom('aiQueries')
        .selectAll()
        .select(sortKey(KEYSET))
        .where('userId', '=', userId)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.from) q = q.where(sql<boolean>`ai_queries.created_at >= ${f.from}::date`);
      if (f.to) q = q.where(sql<boolean>`ai_queries.created_at < ${f.to}::date + 1`);
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      return toPage(await q.execute(), f.limit);
    },
  };
}

export type AiQueriesRepository = ReturnType<typeof aiQueriesRepository>;
