import { type Selectable, sql } from 'kysely';
import { hashPassword, verifyPassword } from '../crypto/passwords.js';
import { sha256Hex } from '../crypto/tokens.js';
import { LegalError, NotFoundError, ValidationError } from '../errors/legal-error.js';
import type { Users } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type ChangePasswordInput,
  type CreateUserInput,
  changePasswordSchema,
  createUserSchema,
  type ListUsersInput,
  listUsersSchema,
  type SetPasswordInput,
  setPasswordSchema,
  type UpdateUserInput,
  updateUserSchema,
} from '../schemas/users.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = { sort: sql`lower(users.email)`, id: sql`users.id`, type: 'text', direction: 'asc' };

/** A user as the SDK returns it: never the password hash. */
export type User = Omit<Selectable<Users>, 'passwordHash'>;

export const USER_COLUMNS = [
  'id',
  'tenantId',
  'email',
  'username',
  'fullName',
  'firstName',
  'lastName',
  'role',
  'organization',
  'barNumber',
  'practiceAreas',
  'storageNode',
  'isActive',
  'emailVerified',
  'lastLogin',
  'failedLoginCount',
  'lockedUntil',
  'passwordUpdatedAt',
  'subscriptionTier',
  'subscriptionExpiresAt',
  'deactivatedAt',
  'createdAt',
  'updatedAt',
] as const;

/** Users of the tenant. Reading needs `users.read`, writing `users.manage`. */
export function usersRepository(ctx: RepositoryContext) {
  async function find(id: string): Promise<User | undefined> {
    const userId = parseInput(idSchema, id, 'id');
    await requirePermission(ctx, 'users.read');
    return ctx.db.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).executeTakeFirst();
  }
  return {
    /** Creates a user with a bcrypt hash of the password (the cost comes from createLegalDb). */
    async create(input: CreateUserInput): Promise<User> {
      const { password, ...values } = parseInput(createUserSchema, input);
      await requirePermission(ctx, 'users.manage');
      return ctx.db
        .insertInto('users')
        .values({
          ...values,
          passwordHash: await hashPassword(password, ctx.passwordHashCost),
          passwordUpdatedAt: sql`now()`,
        })
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow();
    },
    find,
    async get(id: string): Promise<User> {
      const user = await find(id);
      if (!user) throw new NotFoundError('user', id);
      return user;
    },
    async update(id: string, patch: UpdateUserInput): Promise<User> {
      const userId = parseInput(idSchema, id, 'id');
      const values = parseInput(updateUserSchema, patch, 'patch');
      await requirePermission(ctx, 'users.manage');
      const user = await ctx.db
        .updateTable('users')
        .set(values)
        .where('id', '=', userId)
        .returning(USER_COLUMNS)
        .executeTakeFirst();
      if (!user) throw new NotFoundError('user', id);
      return user;
    },
    /** Deactivates a user and revokes their sessions and tokens. */
    async deactivate(id: string): Promise<User> {
      const userId = parseInput(idSchema, id, 'id');
      await requirePermission(ctx, 'users.manage');
      const user = await ctx.db
        .updateTable('users')
        .set({ isActive: false, deactivatedAt: sql`now()` })
        .where('id', '=', userId)
        .returning(USER_COLUMNS)
        .executeTakeFirst();
      if (!user) throw new NotFoundError('user', id);
      await ctx.db
        .updateTable('userSessions')
        .set({ isActive: false, revokedAt: sql`now()`, revokedReason: 'user deactivated' })
        .where('userId', '=', userId)
        .where('revokedAt', 'is', null)
        .execute();
      await ctx.db
        .updateTable('accessTokens')
        .set({ revokedAt: sql`now()` })
        .where('userId', '=', userId)
        .where('revokedAt', 'is', null)
        .execute();
      return user;
    },
    /**
     * Changes the unit's own user's password after checking the current one. Every other
     * session and API token of the user ends (`keepSessionToken` keeps the caller's session);
     * a lockout is lifted; a `password_changed` security event is recorded.
     * @throws {ValidationError} `currentPassword` is wrong, or `newPassword` too weak
     */
    async changePassword(input: ChangePasswordInput): Promise<void> {
      const values = parseInput(changePasswordSchema, input);
      const { rows } = await sql<{ hash: string | null }>`select legal.my_password_hash() as hash`.execute(ctx.db);
      if (!(await verifyPassword(values.currentPassword, rows[0]?.hash ?? undefined, ctx.passwordHashCost))) {
        throw new ValidationError([{ path: 'currentPassword', message: 'is not the current password' }]);
      }
      const hash = await hashPassword(values.newPassword, ctx.passwordHashCost);
      await sql`select legal.change_password(${ctx.signer.ticket({
        op: 'password',
        t: ctx.context.tenantId,
        u: ctx.context.userId,
        hash,
        keep: values.keepSessionToken ? sha256Hex(values.keepSessionToken) : null,
        at: Date.now(),
      })})`.execute(ctx.db);
    },
    /**
     * Sets another user's password (an administrator's reset). Needs `users.manage`. Every
     * session and API token of that user ends; a `password_changed` security event names
     * who changed it.
     * @throws {NotFoundError} no such user in the firm
     */
    async setPassword(input: SetPasswordInput): Promise<void> {
      const values = parseInput(setPasswordSchema, input);
      await requirePermission(ctx, 'users.manage');
      const hash = await hashPassword(values.newPassword, ctx.passwordHashCost);
      try {
        await sql`select legal.change_password(${ctx.signer.ticket({
          op: 'password',
          t: ctx.context.tenantId,
          u: values.userId,
          hash,
          keep: null,
          at: Date.now(),
        })})`.execute(ctx.db);
      } catch (error) {
        if (error instanceof LegalError && (error.cause as { code?: string } | undefined)?.code === 'LG011') {
          throw new NotFoundError('user', values.userId);
        }
        throw error;
      }
    },
    /**
     * Lifts a lockout after failed sign-ins. Needs `users.manage`; records `account_unlocked`.
     * @returns false when the firm has no such user
     */
    async unlock(id: string): Promise<boolean> {
      const userId = parseInput(idSchema, id, 'id');
      await requirePermission(ctx, 'users.manage');
      const { rows } = await sql<{ unlocked: boolean }>`select legal.unlock_user(${userId}::uuid) as unlocked`.execute(
        ctx.db,
      );
      return rows[0]?.unlocked === true;
    },
    /** Alphabetical by email, keyset-paginated. */
    async list(input: ListUsersInput = {}): Promise<Page<User>> {
      const f = parseInput(listUsersSchema, input);
      await requirePermission(ctx, 'users.read');
      let query = ctx.db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .select(sortKey(KEYSET))
        .orderBy(sql`lower(users.email)`)
        .orderBy('id')
        .limit(f.limit + 1);
      if (f.active !== undefined) query = query.where('isActive', '=', f.active);
      if (f.role) query = query.where('role', '=', f.role);
      if (f.cursor) query = query.where(afterCursor(f.cursor, KEYSET));
      return toPage(await query.execute(), f.limit);
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
