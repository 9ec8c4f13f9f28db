import { CamelCasePlugin, Kysely } from 'kysely';
import pg from 'pg';
import { type Auth, createAuth } from '../auth/auth.js';
import { createFieldCipher, requireCipher } from '../crypto/field-encryption.js';
import { rotateKeys } from '../crypto/rotate-keys.js';
import { LegalError, TenantContextError, ValidationError } from '../errors/legal-error.js';
import { isDatabaseError, wrapError } from '../errors/wrap-error.js';
import { fieldIssues } from '../errors/zod-issues.js';
import type { DB } from '../generated/db.js';
import { type AiQueriesRepository, aiQueriesRepository } from '../repositories/ai-queries.js';
import { type CasesRepository, casesRepository } from '../repositories/cases.js';
import { type ChunksRepository, chunksRepository } from '../repositories/chunks.js';
import { CLIENT_ENCRYPTED_FIELDS, type ClientsRepository, clientsRepository } from '../repositories/clients.js';
import {
  COMMUNICATION_BODY_FIELD,
  type CommunicationsRepository,
  communicationsRepository,
} from '../repositories/communications.js';
import { type ConversationsRepository, conversationsRepository } from '../repositories/conversations.js';
import { type DocumentsRepository, documentsRepository } from '../repositories/documents.js';
import { type ExpensesRepository, expensesRepository } from '../repositories/expenses.js';
import { type InvoicesRepository, invoicesRepository } from '../repositories/invoices.js';
import { hasPermission } from '../repositories/permissions.js';
import { type ReportsRepository, reportsRepository } from '../repositories/reports.js';
import type { RepositoryContext } from '../repositories/repository-context.js';
import {
  type AccessTokensRepository,
  accessTokensRepository,
  type SessionsRepository,
  sessionsRepository,
} from '../repositories/sessions.js';
import { type TasksRepository, tasksRepository } from '../repositories/tasks.js';
import { type TemplatesRepository, templatesRepository } from '../repositories/templates.js';
import { type TenantsRepository, tenantsRepository } from '../repositories/tenants.js';
import { type TimeEntriesRepository, timeEntriesRepository } from '../repositories/time-entries.js';
import { type UsersRepository, usersRepository } from '../repositories/users.js';
import { setupSql } from '../tenant/setup-sql.js';
import {
  type SystemContext,
  systemContextSchema,
  type TenantContext,
  tenantContextSchema,
} from '../tenant/tenant-context.js';
import type { TransactionOptions } from '../tenant/transaction-options.js';
import type { CreateLegalDbOptions } from './options.js';
import { singleConnectionDialect } from './single-connection-dialect.js';

/** What `fn` receives inside `withTenant`: the transaction, bound to one tenant. */
export interface TenantScope {
  /** The validated context of this transaction. */
  readonly context: TenantContext;
  /** Kysely over this transaction (camelCase, schema `legal`), under RLS as legal_app. */
  readonly db: Kysely<DB>;
  readonly cases: CasesRepository;
  readonly clients: ClientsRepository;
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly accessTokens: AccessTokensRepository;
  readonly documents: DocumentsRepository;
  readonly chunks: ChunksRepository;
  readonly tasks: TasksRepository;
  readonly communications: CommunicationsRepository;
  readonly templates: TemplatesRepository;
  readonly timeEntries: TimeEntriesRepository;
  readonly expenses: ExpensesRepository;
  readonly invoices: InvoicesRepository;
  readonly reports: ReportsRepository;
  readonly conversations: ConversationsRepository;
  readonly aiQueries: AiQueriesRepository;
  /** The current user's permissions (role permissions and personal grants). */
  readonly roles: { hasPermission(code: string): Promise<boolean> };
}

/** What `fn` receives inside `asSystem`: a cross-tenant transaction as legal_system. */
export interface SystemScope {
  readonly context: SystemContext;
  readonly db: Kysely<DB>;
  readonly tenants: TenantsRepository;
}

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
   * Runs `fn` in one transaction acting for one tenant and user: `SET LOCAL ROLE legal_app`
   * and the context, sent with BEGIN in one round trip; commits, or rolls back if `fn` throws.
   */
  withTenant<T>(
    context: TenantContext,
    fn: (scope: TenantScope) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /** Runs `fn` as legal_system (across tenants); the use and its reason are audited. */
  asSystem<T>(context: SystemContext, fn: (scope: SystemScope) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Sign-in and tokens, before a tenant context exists. */
  readonly auth: Auth;
  /**
   * Re-encrypts every encrypted field not under `encryption.activeKeyId`, in batches of
   * `batchSize` rows (default 500), each batch one audited `asSystem` transaction. Afterwards
   * the old keys can be removed from `encryption.keys`.
   */
  rotateKeys(options?: RotateKeysOptions): Promise<RotateKeysResult>;
  /** Ends the pool the SDK created (a pool passed in is left open). Idempotent. */
  close(): Promise<void>;
}

const DATE_OID = 1082;

/**
 * Creates the SDK. Nothing connects until the first transaction.
 *
 * @example
 * ```ts
 * await using db = createLegalDb({ connectionString: process.env.DATABASE_URL });
 * const cases = await db.withTenant({ tenantId, userId }, ({ db }) => db.selectFrom('cases').selectAll().execute());
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
  pool.on('error', (error) =>
    options.logger?.warn?.('idle connection failed', { code: (error as { code?: string }).code }),
  );
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const passwordHashCost = options.passwordHashCost ?? 12;
  const cipher = options.encryption ? createFieldCipher(options.encryption) : undefined;
  const embeddingDimensions = options.embeddingDimensions ?? {};
  let closing: Promise<void> | undefined;
  // One Kysely per pooled connection, built the first time the connection is used: pg's pool
  // reuses its client objects, so transactions after the first skip kysely's setup.
  const kyselies = new WeakMap<pg.PoolClient, Kysely<DB>>();
  const kyselyFor = (client: pg.PoolClient): Kysely<DB> => {
    let kysely = kyselies.get(client);
    if (!kysely) {
      kysely = new Kysely<DB>({
        dialect: singleConnectionDialect(client),
        plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
      }).withSchema('legal');
      kyselies.set(client, kysely);
    }
    return kysely;
  };

  async function transaction<T, S>(
    role: 'legal_app' | 'legal_system',
    settings: Record<string, string | undefined>,
    makeScope: (db: Kysely<DB>) => S,
    fn: (scope: S) => Promise<T>,
    txOptions: TransactionOptions,
    afterBegin?: (client: pg.PoolClient) => Promise<void>,
  ): Promise<T> {
    if (closing) throw new TypeError('This LegalDb is closed');
    const retries = Math.max(0, txOptions.retries ?? 0);
    for (let attempt = 0; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw wrapError(error);
      }
      // A date is a calendar day, not an instant: strings, on every connection the SDK uses (a pool passed in included).
      client.setTypeParser(DATE_OID, (value: string) => value);
      let broken: Error | undefined;
      try {
        await client.query(
          setupSql(role, settings, { ...txOptions, statementTimeoutMs }, (v) => client.escapeLiteral(v)),
        );
        if (afterBegin) await afterBegin(client);
        const result = await fn(makeScope(kyselyFor(client)));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        // The caller's own errors pass through untouched; the database's become LegalErrors.
        if (!(error instanceof LegalError) && !isDatabaseError(error)) throw error;
        const wrapped: LegalError = wrapError(error);
        if (wrapped.code === 'SERIALIZATION' && attempt < retries) {
          options.logger?.debug?.('retrying after a serialization failure', { attempt: attempt + 1 });
          await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
          continue;
        }
        throw wrapped;
      } finally {
        // A connection whose rollback failed is not returned to the pool.
        client.release(broken);
      }
    }
  }

  const NIL_USER = '00000000-0000-0000-0000-000000000000';
  const auth = createAuth({
    passwordHashCost,
    // Before a user is known: legal_app, the tenant when known, the nil user as actor.
    run: (tenantId, meta, fn) =>
      transaction(
        'legal_app',
        { tenant_id: tenantId, user_id: NIL_USER, ip: meta.ip, user_agent: meta.userAgent },
        (kysely) => kysely,
        fn,
        {},
      ),
  });

  const db: LegalDb = {
    auth,
    async withTenant(context, fn, txOptions = {}) {
      const parsed = tenantContextSchema.safeParse(context);
      if (!parsed.success) {
        throw new TenantContextError('Invalid tenant context', fieldIssues(parsed.error, 'context'), {
          cause: parsed.error,
        });
      }
      const c = parsed.data;
      return transaction(
        'legal_app',
        {
          tenant_id: c.tenantId,
          user_id: c.userId,
          ip: c.ip,
          user_agent: c.userAgent,
          request_id: c.requestId,
          reason: c.reason,
        },
        (kysely): TenantScope => {
          const repo: RepositoryContext = {
            db: kysely,
            context: c,
            permissionCache: new Map(),
            passwordHashCost,
            cipher,
            embeddingDimensions,
          };
          // repositories are built on first use: most transactions touch one or two
          return lazyScope<TenantScope>({
            context: () => c,
            db: () => kysely,
            cases: () => casesRepository(repo),
            clients: () => clientsRepository(repo),
            users: () => usersRepository(repo),
            sessions: () => sessionsRepository(repo),
            accessTokens: () => accessTokensRepository(repo),
            documents: () => documentsRepository(repo),
            chunks: () => chunksRepository(repo),
            tasks: () => tasksRepository(repo),
            communications: () => communicationsRepository(repo),
            templates: () => templatesRepository(repo),
            timeEntries: () => timeEntriesRepository(repo),
            expenses: () => expensesRepository(repo),
            invoices: () => invoicesRepository(repo),
            reports: () => reportsRepository(repo),
            conversations: () => conversationsRepository(repo),
            aiQueries: () => aiQueriesRepository(repo),
            roles: () => ({ hasPermission: (code: string) => hasPermission(repo, code) }),
          });
        },
        fn,
        txOptions,
      );
    },

    async asSystem(context, fn, txOptions = {}) {
      const parsed = systemContextSchema.safeParse(context);
      if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error, 'context'), { cause: parsed.error });
      const c = parsed.data;
      return transaction(
        'legal_system',
        { reason: c.reason, request_id: c.requestId },
        (kysely): SystemScope => ({
          context: c,
          db: kysely,
          tenants: tenantsRepository(kysely, passwordHashCost),
        }),
        fn,
        txOptions,
        // Every use of the system role is audited (the system chain), with its reason.
        (client) => client.query("select legal.log_event('system_access', 'system', null)").then(() => undefined),
      );
    },

    async rotateKeys(rotateOptions = {}) {
      const keys = requireCipher(cipher, 'rotateKeys');
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
      closing ??= ownsPool ? pool.end() : Promise.resolve();
      return closing;
    },
    [Symbol.asyncDispose]() {
      return db.close();
    },
  };
  return db;
}

/** An object whose properties are built on first read, then kept. */
function lazyScope<S extends object>(factories: { [K in keyof S]: () => S[K] }): S {
  const scope = {} as S;
  for (const key of Object.keys(factories) as (keyof S)[]) {
    Object.defineProperty(scope, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factories[key]();
        Object.defineProperty(scope, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return scope;
}

/** 20 ms, 40 ms, 80 ms … up to 1 s, with ±50 % jitter. */
function backoffMs(attempt: number): number {
  const base = Math.min(1000, 20 * 2 ** attempt);
  return base / 2 + Math.random() * base;
}
