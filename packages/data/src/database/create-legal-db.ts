import pg from 'pg';
import { type Auth, createAuth } from '../auth/auth.js';
import { createFieldCipher, requireCipher } from '../crypto/field-encryption.js';
import { rotateKeys } from '../crypto/rotate-keys.js';
import { ForbiddenError, LegalError, TenantContextError, ValidationError } from '../errors/legal-error.js';
import { wrapError } from '../errors/wrap-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import { CLIENT_ENCRYPTED_FIELDS } from '../repositories/clients.js';
import { COMMUNICATION_BODY_FIELD } from '../repositories/communications.js';
import { USER_COLUMNS } from '../repositories/users.js';
import { contextSigner } from '../tenant/context-key.js';
import { type Grants, GrantsCache } from '../tenant/grants.js';
import { beginSql, systemContextStatements } from '../tenant/setup-sql.js';
import {
  type SystemContext,
  systemContextSchema,
  type TenantContext,
  tenantContextSchema,
} from '../tenant/tenant-context.js';
import { type TransactionOptions, transactionOptionsSchema } from '../tenant/transaction-options.js';
import { UnitAccess } from '../tenant/unit-access.js';
import { runOutsideUnit } from '../unit/deferred-commit.js';
import { preparedStatementsOf } from '../unit/prepared-statements.js';
import { runUnit, type UnitRunner } from '../unit/run-unit.js';
import type { Statement } from '../unit/statement.js';
import { unitKyselyFactory } from '../unit/unit-dialect.js';
import type { CreateLegalDbOptions } from './options.js';
import { createReplicaRouter } from './read-replicas.js';
import { type ScopeServices, type SystemScope, systemScope, type TenantScope, tenantScope } from './scopes.js';

/** Options of {@link LegalDb.rotateKeys}. */
export interface RotateKeysOptions {
  /** Rows per transaction. Default: 500. */
  batchSize?: number;
}

/** What {@link LegalDb.rotateKeys} re-encrypted: rows per table. */
export interface RotateKeysResult {
  clients: number;
  communications: number;
}

/** The SDK's entry point. */
export interface LegalDb extends AsyncDisposable {
  /**
   * Runs `fn` as one unit of work acting for one firm and user: one transaction as
   * legal_app under row level security, opened together with the first statement `fn` sends
   * (one round trip), committed when `fn` returns, rolled back when it throws. The scope `t`
   * is closed when the unit settles. See docs/data.md, "Units of work".
   *
   * @example
   * ```ts
   * const page = await db.withTenant({ tenantId, userId }, (t) => t.cases.list({ limit: 50 }));
   * ```
   * @throws {TenantContextError} the context is invalid (nothing was sent)
   * @throws {ValidationError} `options` are invalid (nothing was sent)
   * @throws {TransactionAbortedError} a statement failed and `fn` returned anyway
   * @throws {UnawaitedWorkError} `fn` returned while work it started was still running
   * @throws {ConnectionLostError} the connection died during the unit
   */
  withTenant<T>(
    context: TenantContext,
    fn: (scope: TenantScope) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /**
   * Runs `fn` as one unit as legal_system (across tenants); the use and its reason are
   * audited. Same unit rules as `withTenant`.
   */
  asSystem<T>(context: SystemContext, fn: (scope: SystemScope) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Sign-in and tokens, before a tenant context exists. */
  readonly auth: Auth;
  /**
   * Re-encrypts every encrypted field not under `encryption.activeKeyId`, in batches of
   * `batchSize` rows (default 500), each batch one audited `asSystem` unit. Afterwards
   * the old keys can be removed from `encryption.keys`.
   */
  rotateKeys(options?: RotateKeysOptions): Promise<RotateKeysResult>;
  /** Ends the pool the SDK created (a pool passed in is left open). Idempotent. */
  close(): Promise<void>;
}

/**
 * Creates the SDK. Nothing connects until the first unit.
 *
 * @example
 * ```ts
 * await using db = createLegalDb({ connectionString: process.env.DATABASE_URL });
 * const cases = await db.withTenant({ tenantId, userId }, (t) => t.cases.list());
 * ```
 */
export function createLegalDb(options: CreateLegalDbOptions): LegalDb {
  if (!options.pool && !options.connectionString)
    throw new TypeError('createLegalDb needs a connectionString or a pool');
  const ownsPool = !options.pool;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      application_name: 'legal-data',
    });
  // an idle pooled connection that fails is the pool's: it is removed, and the process lives on
  pool.on('error', (error) =>
    options.logger?.warn?.('idle connection failed', { code: (error as { code?: string }).code }),
  );
  const defaults = {
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    lockTimeoutMs: options.lockTimeoutMs ?? 0,
  };
  const passwordHashCost = options.passwordHashCost ?? 12;
  if (options.contextKey === undefined) {
    throw new TypeError(
      'createLegalDb needs the contextKey of the database (print it with `legal-schema context-key`; see docs/access.md)',
    );
  }
  const signer = contextSigner(options.contextKey);
  const grantsCache = new GrantsCache();
  const services: ScopeServices = {
    passwordHashCost,
    cipher: options.encryption ? createFieldCipher(options.encryption) : undefined,
    embeddingDimensions: options.embeddingDimensions ?? {},
    signer,
  };
  const runner: UnitRunner = {
    pool,
    logger: options.logger,
    earlyCommit: options.earlyCommit ?? true,
    preparedStatements: options.preparedStatements ?? true,
    // only on a pool the SDK owns: a pool passed in may hand a connection to code outside the SDK
    coalesceCommits: ownsPool && (options.earlyCommit ?? true),
  };
  const replicas =
    options.readReplicas && options.readReplicas.length > 0
      ? createReplicaRouter({
          replicas: options.readReplicas,
          primary: pool,
          readYourWrites: options.readYourWrites ?? 'wait',
          waitMs: options.replicaWaitMs ?? 2_000,
          maxConnections: options.maxConnections ?? 10,
          logger: options.logger,
        })
      : undefined;
  const preparedOf = (client: pg.PoolClient) => (runner.preparedStatements ? preparedStatementsOf(client) : undefined);
  const kyselyFor = unitKyselyFactory();
  let closing: Promise<void> | undefined;

  function parseOptions(input: TransactionOptions | undefined) {
    const parsed = transactionOptionsSchema.safeParse(input ?? {});
    if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error, 'options'), { cause: parsed.error });
    return { ...defaults, ...parsed.data };
  }

  function plan(o: ReturnType<typeof parseOptions>, context: (client: pg.PoolClient) => readonly Statement[]) {
    return {
      begin: beginSql(o),
      context,
      contextError: (error: unknown) => {
        const wrapped = wrapError(error);
        return wrapped.code === 'DATABASE_ERROR'
          ? new TenantContextError(`The unit's context was refused by the database: ${wrapped.message}`, [], {
              cause: error,
            })
          : wrapped;
      },
      readCommitted: (o.isolationLevel ?? 'read committed') === 'read committed',
      retries: o.retries ?? 0,
    };
  }

  function ensureOpen() {
    if (closing) throw new TypeError('This LegalDb is closed');
  }

  /** Records that a unit was refused (a denial, a foreign or inactive user), in its own statement after the rollback. */
  async function reportRefusal(error: unknown, c: TenantContext): Promise<void> {
    const cause = error instanceof LegalError ? (error.cause as { code?: string } | undefined) : undefined;
    const type =
      error instanceof TenantContextError && error.reason === 'foreign'
        ? 'cross_tenant_attempt'
        : (error instanceof ForbiddenError && (error.permission || cause?.code === '42501')) ||
            (error instanceof TenantContextError && error.reason === 'inactive')
          ? 'permission_denied'
          : undefined;
    if (!type) return;
    const details = {
      message: (error as Error).message,
      ...(error instanceof ForbiddenError && error.permission ? { permission: error.permission } : {}),
      ...(error instanceof TenantContextError ? { reason: error.reason } : {}),
    };
    await runOutsideUnit(
      pool,
      {
        text: 'select legal.record_security_event($1)',
        values: [
          signer.ticket({
            op: 'event',
            t: c.tenantId,
            u: c.userId,
            type,
            ip: c.ip ?? null,
            ua: c.userAgent ?? null,
            details,
            at: Date.now(),
          }),
        ],
      },
      preparedOf,
    ).catch((recordError: unknown) =>
      options.logger?.warn?.('could not record a security event', { code: (recordError as { code?: string }).code }),
    );
  }

  const auth = createAuth({
    passwordHashCost,
    signer,
    query: async <R>(text: string, values: readonly unknown[]) => {
      ensureOpen();
      try {
        return await runOutsideUnit<R>(pool, { text, values }, preparedOf);
      } catch (error) {
        throw wrapError(error);
      }
    },
    userOf: (context) =>
      db.withTenant(context, (t) =>
        t.db.selectFrom('users').select(USER_COLUMNS).where('id', '=', context.userId).executeTakeFirstOrThrow(),
      ),
  });

  const db: LegalDb = {
    auth,
    async withTenant(context, fn, txOptions) {
      ensureOpen();
      const parsed = tenantContextSchema.safeParse(context);
      if (!parsed.success) {
        throw new TenantContextError('Invalid tenant context', fieldIssues(parsed.error, 'context'), {
          cause: parsed.error,
        });
      }
      const c = parsed.data;
      const o = parseOptions(txOptions);
      const cacheKey = GrantsCache.key(c.tenantId, c.userId, c.scopes);
      let access: UnitAccess | undefined;
      // Two statements, the same text every time (prepared once per connection): the role, and
      // the ticket legal.enter_unit verifies — who, with which scopes, the grants cached for
      // them, the unit's limits and what the audit trail records of the request.
      const contextStatements = (): Statement[] => [
        { text: 'SET LOCAL ROLE legal_app' },
        {
          text: 'select legal.enter_unit($1) as grants',
          values: [
            signer.timedTicket({
              t: c.tenantId,
              u: c.userId,
              s: c.scopes ?? null,
              g: grantsCache.get(cacheKey) ?? null,
              o: {
                st: o.statementTimeoutMs,
                lt: o.lockTimeoutMs,
                ip: c.ip ?? null,
                ua: c.userAgent ?? null,
                rq: c.requestId ?? null,
                why: c.reason ?? null,
              },
            }),
          ],
        },
      ];
      // a read-only unit runs on a replica (that has replayed the firm's last write), the others on the primary
      const readOnly = o.readOnly === true;
      const unitRunner =
        replicas && readOnly ? { ...runner, pool: await replicas.poolFor(c.tenantId), coalesceCommits: false } : runner;
      try {
        const result = await runUnit(
          unitRunner,
          {
            ...plan(o, contextStatements),
            onContext: (results) => {
              const fresh = results[results.length - 1]?.rows[0]?.grants as Grants | null | undefined;
              if (fresh) grantsCache.set(cacheKey, fresh);
              access?.established(fresh);
            },
          },
          (unit) => {
            access = new UnitAccess(unit, grantsCache, cacheKey);
            return tenantScope(unit, kyselyFor(unit, c.tenantId), c, access, services);
          },
          fn,
        );
        if (replicas && !readOnly) await replicas.wrote(c.tenantId);
        return result;
      } catch (error) {
        await reportRefusal(error, c);
        throw error;
      }
    },

    async asSystem(context, fn, txOptions) {
      ensureOpen();
      const parsed = systemContextSchema.safeParse(context);
      if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error, 'context'), { cause: parsed.error });
      const c = parsed.data;
      const o = parseOptions(txOptions);
      return runUnit(
        runner,
        // every use of the system role is audited (the system chain), with its reason
        plan(o, (client) => [
          ...systemContextStatements({ reason: c.reason, request_id: c.requestId }, o, (v) => client.escapeLiteral(v)),
          { text: "select legal.log_event('system_access', 'system', null)" },
        ]),
        (unit) => systemScope(unit, kyselyFor(unit), c, services),
        fn,
      );
    },

    async rotateKeys(rotateOptions = {}) {
      const keys = requireCipher(services.cipher, 'rotateKeys');
      const changed = await rotateKeys(
        keys,
        [
          {
            table: 'clients',
            columns: CLIENT_ENCRYPTED_FIELDS,
          },
          { table: 'communications', columns: [{ column: 'bodyEncrypted', field: COMMUNICATION_BODY_FIELD }] },
        ],
        (fn) => db.asSystem({ reason: 'rotate field encryption keys' }, (scope) => fn(scope.db)),
        Math.max(1, Math.floor(rotateOptions.batchSize ?? 500)),
      );
      const result: RotateKeysResult = { clients: changed.clients ?? 0, communications: changed.communications ?? 0 };
      options.logger?.debug?.('rotated field encryption keys', { ...result });
      return result;
    },

    close() {
      closing ??= Promise.all([ownsPool ? pool.end() : undefined, replicas?.close()]).then(() => undefined);
      return closing;
    },
    [Symbol.asyncDispose]() {
      return db.close();
    },
  };
  return db;
}
