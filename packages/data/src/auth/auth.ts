import { type Kysely, sql } from 'kysely';
import { hashPassword, verifyPassword } from '../crypto/passwords.js';
import { newToken, sha256Hex, tenantOfToken } from '../crypto/tokens.js';
import { ForbiddenError } from '../errors/legal-error.js';
import type { DB } from '../generated/db.js';
import { parseInput } from '../repositories/parse-input.js';
import { USER_COLUMNS, type User } from '../repositories/users.js';
import { type LoginInput, loginSchema, resetPasswordSchema, resetRequestSchema } from '../schemas/users.js';
import type { TenantContext } from '../tenant/tenant-context.js';

/** Runs `fn` as legal_app for a tenant (or none yet) before a user is known; commits. */
export type AnonymousRunner = <T>(
  tenantId: string | undefined,
  meta: { ip?: string | undefined; userAgent?: string | undefined },
  fn: (db: Kysely<DB>) => Promise<T>,
) => Promise<T>;

export interface AuthOptions {
  run: AnonymousRunner;
  passwordHashCost: number;
  /** Failed logins before a lockout (seed 002). Default 5. */
  maxFailedLogins?: number;
  /** Lockout duration in minutes. Default 15. */
  lockoutMinutes?: number;
}

export interface LoginResult {
  /** The session token: give it to the client once; only its hash is stored. */
  token: string;
  context: TenantContext;
  user: User;
}

const FAILED = 'Invalid email or password';

/**
 * Sign-in and tokens, before a tenant context exists: `login`, `resolveSession`,
 * `resolveAccessToken`, `requestPasswordReset`, `resetPassword`. Failures are uniform
 * (an unknown email costs the same bcrypt comparison) and recorded as security events.
 */
export function createAuth(options: AuthOptions) {
  const maxFailed = options.maxFailedLogins ?? 5;
  const lockoutMinutes = options.lockoutMinutes ?? 15;

  async function tenantIdOf(db: Kysely<DB>, slug: string): Promise<string | undefined> {
    const row = await sql<{ id: string | null }>`select legal.tenant_id_by_slug(${slug}) as id`.execute(db);
    return row.rows[0]?.id ?? undefined;
  }

  async function event(
    db: Kysely<DB>,
    eventType: string,
    values: {
      userId?: string | undefined;
      email?: string;
      ip?: string | undefined;
      userAgent?: string | undefined;
      details?: object;
      severity?: string;
    },
  ) {
    await db
      .insertInto('securityEvents')
      .values({
        eventType,
        severity: values.severity ?? 'info',
        userId: values.userId ?? null,
        email: values.email ?? null,
        ip: values.ip ?? null,
        userAgent: values.userAgent ?? null,
        details: JSON.stringify(values.details ?? {}),
      })
      .execute();
  }

  return {
    /** Checks a firm's user's password; on success opens a session. Locks the account after repeated failures. */
    async login(input: LoginInput): Promise<LoginResult> {
      const v = parseInput(loginSchema, input);
      const meta = { ip: v.ip, userAgent: v.userAgent };
      const outcome = await options.run(undefined, meta, async (db) => {
        const tenantId = await tenantIdOf(db, v.tenantSlug);
        if (!tenantId) {
          await verifyPassword(v.password, undefined, options.passwordHashCost);
          return { ok: false as const };
        }
        await sql`select set_config('legal.tenant_id', ${tenantId}, true)`.execute(db);
        const user = await db
          .selectFrom('users')
          .select([...USER_COLUMNS, 'passwordHash'])
          .select(sql<boolean>`coalesce(locked_until > now(), false)`.as('locked'))
          .where(sql<boolean>`lower(email) = lower(${v.email})`)
          .executeTakeFirst();
        const passwordOk = await verifyPassword(v.password, user?.passwordHash, options.passwordHashCost);
        if (!user || !user.isActive || user.locked || !passwordOk) {
          const reason = !user
            ? 'unknown email'
            : !user.isActive
              ? 'inactive'
              : user.locked
                ? 'locked'
                : 'wrong password';
          await event(db, 'login_failed', {
            userId: user?.id,
            email: v.email,
            ...meta,
            severity: 'warning',
            details: { reason },
          });
          if (user && !user.locked && user.isActive && !passwordOk) {
            const failures = user.failedLoginCount + 1;
            const lock = failures >= maxFailed;
            await db
              .updateTable('users')
              .set({
                failedLoginCount: lock ? 0 : failures,
                lockedUntil: lock ? sql`now() + make_interval(mins => ${lockoutMinutes})` : null,
              })
              .where('id', '=', user.id)
              .execute();
            if (lock)
              await event(db, 'account_locked', {
                userId: user.id,
                ...meta,
                severity: 'critical',
                details: { failures },
              });
          }
          return { ok: false as const };
        }
        await sql`select set_config('legal.user_id', ${user.id}, true)`.execute(db);
        await db
          .updateTable('users')
          .set({ failedLoginCount: 0, lockedUntil: null, lastLogin: sql`now()` })
          .where('id', '=', user.id)
          .execute();
        const { token, hash } = newToken('session', tenantId);
        await db
          .insertInto('userSessions')
          .values({
            userId: user.id,
            tokenHash: hash,
            ip: v.ip ?? null,
            userAgent: v.userAgent ?? null,
            expiresAt: sql`now() + interval '12 hours'`,
          })
          .execute();
        await event(db, 'login_succeeded', { userId: user.id, ...meta });
        await sql`select legal.log_event('login', 'users', ${user.id})`.execute(db);
        const { passwordHash: _hash, locked: _locked, ...publicUser } = user;
        return {
          ok: true as const,
          token,
          context: {
            tenantId,
            userId: user.id,
            ...(v.ip ? { ip: v.ip } : {}),
            ...(v.userAgent ? { userAgent: v.userAgent } : {}),
          },
          user: publicUser,
        };
      });
      if (!outcome.ok) throw new ForbiddenError(FAILED);
      return { token: outcome.token, context: outcome.context, user: outcome.user };
    },

    /** The context of a live session token (updates its last activity), or undefined. */
    async resolveSession(token: string): Promise<TenantContext | undefined> {
      const tenantId = tenantOfToken('session', token);
      if (!tenantId) return undefined;
      return options.run(tenantId, {}, async (db) => {
        const row = await db
          .updateTable('userSessions')
          .set({ lastActivity: sql`now()` })
          .where('tokenHash', '=', sha256Hex(token))
          .where('isActive', '=', true)
          .where('revokedAt', 'is', null)
          .where(sql<boolean>`expires_at > now()`)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('users as u')
                .whereRef('u.id', '=', 'userSessions.userId')
                .where('u.isActive', '=', true)
                .select(sql`1`.as('one')),
            ),
          )
          .returning(['userId', 'ip', 'userAgent'])
          .executeTakeFirst();
        return row
          ? {
              tenantId,
              userId: row.userId,
              ...(row.ip ? { ip: row.ip } : {}),
              ...(row.userAgent ? { userAgent: row.userAgent } : {}),
            }
          : undefined;
      });
    },

    /** The context of a valid API token (records its use), or undefined. */
    async resolveAccessToken(token: string): Promise<TenantContext | undefined> {
      const tenantId = tenantOfToken('access', token);
      if (!tenantId) return undefined;
      return options.run(tenantId, {}, async (db) => {
        const row = await db
          .updateTable('accessTokens')
          .set({ lastUsedAt: sql`now()` })
          .where('tokenHash', '=', sha256Hex(token))
          .where('revokedAt', 'is', null)
          .where((eb) => eb.or([eb('expiresAt', 'is', null), eb('expiresAt', '>', sql<Date>`now()`)]))
          .returning(['id', 'userId'])
          .executeTakeFirst();
        if (!row) return undefined;
        await sql`select set_config('legal.user_id', ${row.userId}, true)`.execute(db);
        await sql`select legal.log_event('token_used', 'access_tokens', ${row.id})`.execute(db);
        return { tenantId, userId: row.userId };
      });
    },

    /** A single-use reset token (1 hour) for a known active user; undefined otherwise (do not tell the caller). */
    async requestPasswordReset(input: { tenantSlug: string; email: string; ip?: string }): Promise<string | undefined> {
      const v = parseInput(resetRequestSchema, input);
      return options.run(undefined, { ip: v.ip }, async (db) => {
        const tenantId = await tenantIdOf(db, v.tenantSlug);
        if (!tenantId) return undefined;
        await sql`select set_config('legal.tenant_id', ${tenantId}, true)`.execute(db);
        const user = await db
          .selectFrom('users')
          .select('id')
          .where(sql<boolean>`lower(email) = lower(${v.email})`)
          .where('isActive', '=', true)
          .executeTakeFirst();
        await event(db, 'password_reset_requested', { userId: user?.id, email: v.email, ip: v.ip });
        if (!user) return undefined;
        const { token, hash } = newToken('reset', tenantId);
        await db
          .insertInto('passwordResetTokens')
          .values({ userId: user.id, tokenHash: hash, requestedIp: v.ip ?? null })
          .execute();
        return token;
      });
    },

    /** Sets a new password with a reset token: once, within its hour. Unlocks the account. */
    async resetPassword(input: { token: string; newPassword: string }): Promise<void> {
      const v = parseInput(resetPasswordSchema, input);
      const tenantId = tenantOfToken('reset', v.token);
      const done = tenantId
        ? await options.run(tenantId, {}, async (db) => {
            const used = await db
              .updateTable('passwordResetTokens')
              .set({ usedAt: sql`now()` })
              .where('tokenHash', '=', sha256Hex(v.token))
              .where('usedAt', 'is', null)
              .where(sql<boolean>`expires_at > now()`)
              .returning('userId')
              .executeTakeFirst();
            if (!used) return false;
            await sql`select set_config('legal.user_id', ${used.userId}, true)`.execute(db);
            await db
              .updateTable('users')
              .set({
                passwordHash: await hashPassword(v.newPassword, options.passwordHashCost),
                passwordUpdatedAt: sql`now()`,
                failedLoginCount: 0,
                lockedUntil: null,
              })
              .where('id', '=', used.userId)
              .execute();
            // a reset often follows a compromise: every session of the user ends
            await db
              .updateTable('userSessions')
              .set({ isActive: false, revokedAt: sql`now()`, revokedReason: 'password reset' })
              .where('userId', '=', used.userId)
              .where('revokedAt', 'is', null)
              .execute();
            await event(db, 'password_reset_completed', { userId: used.userId });
            return true;
          })
        : false;
      if (!done) throw new ForbiddenError('The reset token is invalid, used or expired');
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
