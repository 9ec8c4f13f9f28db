import { type Selectable, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { ConversationMessages, Conversations } from '../generated/db.js';
import {
  type CreateConversationInput,
  createConversationSchema,
  type ListConversationsInput,
  listConversationsSchema,
  type MessageInput,
  messageSchema,
} from '../schemas/ai.js';
import { id as idSchema } from '../schemas/common.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = {
  sort: sql`conversations.updated_at`,
  id: sql`conversations.id`,
  type: 'timestamptz',
  direction: 'desc',
};

export type Conversation = Selectable<Conversations>;
export type ConversationMessage = Selectable<ConversationMessages>;

/** AI assistant conversations of the current user, per client or case. Needs `ai.query`. */
export function conversationsRepository(ctx: RepositoryContext) {
  const me = ctx.context.userId;
  const find = async (id: string): Promise<Conversation | undefined> => {
    const cid = parseInput(idSchema, id, 'id');
    await requirePermission(ctx, 'ai.query');
    return ctx.db
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', cid)
      .where('userId', '=', me)
      .executeTakeFirst();
  };
  const get = async (id: string): Promise<Conversation> => {
    const found = await find(id);
    if (!found) throw new NotFoundError('conversation', id);
    return found;
  };
  return {
    /** @example `const c = await t.conversations.create({ caseId, title: 'Limitation question' });` */
    async create(input: CreateConversationInput = {}): Promise<Conversation> {
      const v = parseInput(createConversationSchema, input);
      await requirePermission(ctx, 'ai.query');
      return ctx.db
        .insertInto('conversations')
        .values({ ...v, userId: me })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    find,
    get,
    /** Appends a message (user, assistant or system). */
    async addMessage(conversationId: string, message: MessageInput): Promise<ConversationMessage> {
      const id = parseInput(idSchema, conversationId, 'conversationId');
      const v = parseInput(messageSchema, message, 'message');
      const conversation = await get(id);
      await ctx.db
        .updateTable('conversations')
        .set({ updatedAt: sql`now()` })
        .where('id', '=', conversation.id)
        .execute();
      return ctx.db
        .insertInto('conversationMessages')
        .values({ ...v, conversationId: conversation.id, metadata: JSON.stringify(v.metadata) })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** The messages, oldest first. */
    async messages(conversationId: string): Promise<ConversationMessage[]> {
      const conversation = await get(parseInput(idSchema, conversationId, 'conversationId'));
      return ctx.db
        .selectFrom('conversationMessages')
        .selectAll()
        .where('conversationId', '=', conversation.id)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
    },
    async archive(id: string): Promise<Conversation> {
      const conversation = await get(id);
      return ctx.db
        .updateTable('conversations')
        .set({ archivedAt: sql`now()` })
        .where('id', '=', conversation.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** The user's conversations, most recently active first. */
    async list(input: ListConversationsInput = {}): Promise<Page<Conversation>> {
      const f = parseInput(listConversationsSchema, input);
      await requirePermission(ctx, 'ai.query');
      let q = ctx.db
        .selectFrom('conversations')
        .selectAll()
        .select(sortKey(KEYSET))
        .where('userId', '=', me)
        .where('archivedAt', f.archived ? 'is not' : 'is', null)
        .orderBy('updatedAt', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.clientId) q = q.where('clientId', '=', f.clientId);
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      return toPage(await q.execute(), f.limit);
    },
  };
}

export type ConversationsRepository = ReturnType<typeof conversationsRepository>;
