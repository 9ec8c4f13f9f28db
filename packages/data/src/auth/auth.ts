import { hashCost, hashPassword, verifyPassword } from '../crypto/passwords.js';
import { newToken, sha256Hex, tenantOfToken } from '../crypto/tokens.js';
import { ForbiddenError, TenantSuspendedError } from '../errors/legal-error.js';
import { parseInput } from '../repositories/parse-input.js';
import type { User } from '../repositories/users.js';
import { type LoginInput, loginSchema, resetPasswordSchema, resetRequestSchema } from '../schemas/users.js';
import type { ContextSigner } from '../tenant/context-key.js';
import type { TenantContext } from '../tenant/tenant-context.js';

/** Runs one statement outside any unit (each sign-in function is atomic on its own) and returns its rows. */
export type AuthQuery = <R>(text: string, values: readonly unknown[]) => Promise<R[]>;

export interface AuthOptions {
  query: AuthQuery;
  signer: ContextSigner;
  passwordHashCost: number;
  /** Failed logins before a lockout (seed 002). Default 5. */
  maxFailedLogins?: number;
  /** Lockout duration in minutes. Default 15. */
  lockoutMinutes?: number;
  /** Lifetime of a session opened by login, in seconds. Default 12 hours. */
  sessionTtlSeconds?: number;
  /** The signed-in user, read in a unit of their own context. */
  userOf: (context: TenantContext) => Promise<User>;
}

export interface LoginResult {
  /** The session token: give it to the client once; only its hash is stored. */
  token: string;
  context: TenantContext;
  user: User;
}

const FAILED = 'Invalid email or password';

interface LookupRow {
  tenant_id: string | null;
  tenant_status: string | null;
  user_id: string | null;
  password_hash: string | null;
  is_active: boolean | null;
  locked: boolean | null;
  /** The bcrypt cost most of the firm's hashes have: the dummy comparison's, when there is no user. */
  hash_cost: number | null;
}

/**
 * Sign-in and tokens, before a tenant context exists: `login`, `logout`, `resolveSession`,
 * `resolveAccessToken`, `requestPasswordReset`, `resetPassword`. Each step is one function
 * of the schema (atomic; the application role never reads a hash); the ones that reveal a
 * hash or create a secret take a ticket only the SDK can sign. Failures are uniform and
 * recorded as security events.
 */
export function createAuth(options: AuthOptions) {
  const maxFailed = options.maxFailedLogins ?? 5;
  const lockoutMinutes = options.lockoutMinutes ?? 15;
  const ticket = (payload: object) => options.signer.ticket({ ...payload, at: Date.now() });

  return {
    /**
     * Checks a firm's user's password; on success opens a session. Concurrent failures all
     * count; the account locks at the threshold.
     * @throws {ForbiddenError} wrong email or password, inactive or locked account (one message for all)
     * @throws {TenantSuspendedError} the firm is suspended or closed
     */
    async login(input: LoginInput): Promise<LoginResult> {
      const v = parseInput(loginSchema, input);
      const [found] = await options.query<LookupRow>('select * from legal.sign_in_lookup($1)', [
        ticket({ op: 'sign_in', slug: v.tenantSlug, email: v.email }),
      ]);
      const row = found as LookupRow;
      // the comparison runs whatever exists (a dummy hash of the same cost when there is none)
      const passwordOk = await verifyPassword(
        v.password,
        row.password_hash ?? undefined,
        row.hash_cost ?? options.passwordHashCost,
      );
      const reason = !row.tenant_id
        ? 'unknown firm'
        : !row.user_id
          ? 'unknown email'
          : !row.is_active
            ? 'inactive'
            : row.locked
              ? 'locked'
              : passwordOk
                ? undefined
                : 'wrong password';
      const session = reason === undefined && row.tenant_id ? newToken('session', row.tenant_id) : undefined;
      const [result] = await options.query<{ outcome: string }>('select legal.sign_in_result($1) as outcome', [
        ticket({
          op: 'sign_in_result',
          slug: v.tenantSlug,
          t: row.tenant_id,
          u: row.user_id,
          email: v.email,
          ok: reason === undefined,
          reason,
          session: session?.hash,
          ttl: options.sessionTtlSeconds ?? 12 * 3600,
          max: maxFailed,
          lockMinutes: lockoutMinutes,
          ip: v.ip ?? null,
          ua: v.userAgent ?? null,
        }),
      ]);
      if (result?.outcome === 'suspended') throw new TenantSuspendedError(row.tenant_status ?? 'suspended');
      if (result?.outcome !== 'ok' || !session || !row.tenant_id || !row.user_id) throw new ForbiddenError(FAILED);
      if (row.password_hash && hashCost(row.password_hash) !== options.passwordHashCost) {
        // a hash of another cost: rehashed now, so every account compares in the same time
        await options.query('select legal.upgrade_password_hash($1)', [
          ticket({
            op: 'rehash',
            t: row.tenant_id,
            u: row.user_id,
            old: row.password_hash,
            hash: await hashPassword(v.password, options.passwordHashCost),
          }),
        ]);
      }
      const context: TenantContext = {
        tenantId: row.tenant_id,
        userId: row.user_id,
        ...(v.ip ? { ip: v.ip } : {}),
        ...(v.userAgent ? { userAgent: v.userAgent } : {}),
      };
      return { token: session.token, context, user: await options.userOf(context) };
    },

    /** Ends a session (records `logout`); false when it was not a live session. */
    async logout(token: string): Promise<boolean> {
      const tenantId = tenantOfToken('session', token);
      if (!tenantId) return false;
      const [row] = await options.query<{ ok: boolean }>('select legal.sign_out($1, $2) as ok', [
        tenantId,
        sha256Hex(token),
      ]);
      return row?.ok === true;
    },

    /** The context of a live session of an active user of an active firm (updates its last activity), or undefined. */
    async resolveSession(token: string): Promise<TenantContext | undefined> {
      const tenantId = tenantOfToken('session', token);
      if (!tenantId) return undefined;
      const [row] = await options.query<{ user_id: string; ip: string | null; user_agent: string | null }>(
        'select * from legal.resolve_session($1, $2)',
        [tenantId, sha256Hex(token)],
      );
      return row
        ? {
            tenantId,
            userId: row.user_id,
            ...(row.ip ? { ip: row.ip } : {}),
            ...(row.user_agent ? { userAgent: row.user_agent } : {}),
          }
        : undefined;
    },

    /**
     * The context of a valid API token of an active user of an active firm (records its use),
     * or undefined. The context carries the token's scopes: a unit opened with it can do no
     * more than the scopes allow (and no more than the user may).
     */
    async resolveAccessToken(token: string): Promise<TenantContext | undefined> {
      const tenantId = tenantOfToken('access', token);
      if (!tenantId) return undefined;
      const [row] = await options.query<{ user_id: string; scopes: string[] }>(
        'select * from legal.resolve_access_token($1, $2)',
        [tenantId, sha256Hex(token)],
      );
      return row ? { tenantId, userId: row.user_id, scopes: row.scopes } : undefined;
    },

    /**
     * A single-use reset token (1 hour) for a known active user of an active firm; undefined
     * otherwise (do not tell the caller). A new token ends the user's earlier ones.
     */
    async requestPasswordReset(input: { tenantSlug: string; email: string; ip?: string }): Promise<string | undefined> {
      const v = parseInput(resetRequestSchema, input);
      const [firm] = await options.query<{ id: string | null }>('select legal.tenant_id_by_slug($1) as id', [
        v.tenantSlug,
      ]);
      // a token is made whatever exists, so the work is the same
      const reset = newToken('reset', firm?.id ?? '00000000-0000-0000-0000-000000000000');
      const [row] = await options.query<{ created: boolean }>('select legal.request_password_reset($1) as created', [
        ticket({ op: 'reset_request', slug: v.tenantSlug, email: v.email, token: reset.hash, ip: v.ip ?? null }),
      ]);
      return row?.created ? reset.token : undefined;
    },

    /**
     * Sets a new password with a reset token: once, within its hour. Ends every session, every
     * API token and every other reset token of the user; unlocks the account.
     * @throws {ForbiddenError} the token is invalid, used or expired
     */
    async resetPassword(input: { token: string; newPassword: string }): Promise<void> {
      const v = parseInput(resetPasswordSchema, input);
      const tenantId = tenantOfToken('reset', v.token);
      const hash = await hashPassword(v.newPassword, options.passwordHashCost);
      const [row] = tenantId
        ? await options.query<{ ok: boolean }>('select legal.reset_password($1) as ok', [
            ticket({ op: 'reset', t: tenantId, token: sha256Hex(v.token), hash }),
          ])
        : [];
      if (!row?.ok) throw new ForbiddenError('The reset token is invalid, used or expired');
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
