import { type Selectable, sql } from 'kysely';
import { newToken } from '../crypto/tokens.js';
import { NotFoundError } from '../errors/legal-error.js';
import type { AccessTokens, UserSessions } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import { accessTokenSchema, type CreateAccessTokenInput, sessionOptionsSchema } from '../schemas/users.js';
import { parseInput } from './parse-input.js';
import { hasPermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

export type Session = Omit<Selectable<UserSessions>, 'tokenHash'>;
export type AccessToken = Omit<Selectable<AccessTokens>, 'tokenHash'>;

const SESSION_COLUMNS = [
  'id',
  'tenantId',
  'userId',
  'containerId',
  'containerPort',
  'activeCaseId',
  'workspacePath',
  'ip',
  'userAgent',
  'isActive',
  'expiresAt',
  'createdAt',
  'lastActivity',
  'revokedAt',
  'revokedReason',
] as const;
const TOKEN_COLUMNS = [
  'id',
  'tenantId',
  'userId',
  'name',
  'tokenPrefix',
  'scopes',
  'lastUsedAt',
  'expiresAt',
  'revokedAt',
  'createdAt',
] as const;

/** The current user's sessions: the token is returned once, only its SHA-256 is stored. */
export function sessionsRepository(ctx: RepositoryContext) {
  return {
    async create(options: { ttlSeconds?: number } = {}): Promise<{ token: string; session: Session }> {
      const { ttlSeconds } = parseInput(sessionOptionsSchema, options, 'options');
      const { token, hash } = newToken('session', ctx.context.tenantId);
      const session = await ctx.db
        .insertInto('userSessions')
        .values({
          userId: ctx.context.userId,
          tokenHash: hash,
          ip: ctx.context.ip ?? null,
          userAgent: ctx.context.userAgent ?? null,
          expiresAt: sql`now() + make_interval(secs => ${ttlSeconds})`,
        })
        .returning(SESSION_COLUMNS)
        .executeTakeFirstOrThrow();
      return { token, session };
    },
    async list(): Promise<Session[]> {
      return ctx.db
        .selectFrom('userSessions')
        .select(SESSION_COLUMNS)
        .where('userId', '=', ctx.context.userId)
        .orderBy('createdAt', 'desc')
        .execute();
    },
    /** Revokes one of the user's sessions (any user's with `users.manage`). */
    async revoke(id: string, reason = 'revoked'): Promise<void> {
      const sessionId = parseInput(idSchema, id, 'id');
      let query = ctx.db
        .updateTable('userSessions')
        .set({ isActive: false, revokedAt: sql`now()`, revokedReason: reason })
        .where('id', '=', sessionId);
      if (!(await hasPermission(ctx, 'users.manage'))) query = query.where('userId', '=', ctx.context.userId);
      const result = await query.executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFoundError('session', id);
      await ctx.db
        .insertInto('securityEvents')
        .values({ eventType: 'session_revoked', userId: ctx.context.userId, details: JSON.stringify({ sessionId }) })
        .execute();
    },
  };
}

/** API tokens of the current user: returned once on creation, only hashes stored. */
export function accessTokensRepository(ctx: RepositoryContext) {
  return {
    async create(input: CreateAccessTokenInput): Promise<{ token: string; accessToken: AccessToken }> {
      const values = parseInput(accessTokenSchema, input);
      const { token, hash, prefix } = newToken('access', ctx.context.tenantId);
      const accessToken = await ctx.db
        .insertInto('accessTokens')
        .values({
          userId: ctx.context.userId,
          name: values.name,
          scopes: values.scopes,
          expiresAt: values.expiresAt ?? null,
          tokenHash: hash,
          tokenPrefix: prefix,
        })
        .returning(TOKEN_COLUMNS)
        .executeTakeFirstOrThrow();
      await ctx.db
        .insertInto('securityEvents')
        .values({
          eventType: 'token_created',
          userId: ctx.context.userId,
          details: JSON.stringify({ tokenId: accessToken.id }),
        })
        .execute();
      return { token, accessToken };
    },
    async list(): Promise<AccessToken[]> {
      return ctx.db
        .selectFrom('accessTokens')
        .select(TOKEN_COLUMNS)
        .where('userId', '=', ctx.context.userId)
        .orderBy('createdAt', 'desc')
        .execute();
    },
    async revoke(id: string): Promise<void> {
      const tokenId = parseInput(idSchema, id, 'id');
      let query = ctx.db
        .updateTable('accessTokens')
        .set({ revokedAt: sql`now()` })
        .where('id', '=', tokenId)
        .where('revokedAt', 'is', null);
      if (!(await hasPermission(ctx, 'users.manage'))) query = query.where('userId', '=', ctx.context.userId);
      const result = await query.executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new NotFoundError('access token', id);
      await ctx.db
        .insertInto('securityEvents')
        .values({ eventType: 'token_revoked', userId: ctx.context.userId, details: JSON.stringify({ tokenId }) })
        .execute();
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
export type AccessTokensRepository = ReturnType<typeof accessTokensRepository>;
