import type pg from 'pg';

/** Where the SDK's diagnostics go (pino, console, …). Never receives SQL parameters. */
export interface LegalLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Field-encryption keys (AES-256-GCM, seed 004). See docs/encryption.md.
 *
 * @example
 * ```ts
 * encryption: {
 *   keys: { '2026-11': process.env.LEGAL_KEY_2026_11, '2026-05': process.env.LEGAL_KEY_2026_05 },
 *   activeKeyId: '2026-11',
 *   blindIndexKey: process.env.LEGAL_BLIND_INDEX_KEY,
 * }
 * ```
 */
export interface EncryptionOptions {
  /** Key id (1-64 of `A-Z a-z 0-9 . _ -`) → 32-byte key, as base64 or bytes. Keep old keys until `rotateKeys()` ran. */
  keys: Readonly<Record<string, string | Uint8Array>>;
  /** The key new values are encrypted with. Must be in `keys`. */
  activeKeyId: string;
  /** 32-byte HMAC key of the blind indexes (equality lookups of encrypted identifiers). Never rotated by `rotateKeys()`. */
  blindIndexKey: string | Uint8Array;
}

/** Options of {@link createLegalDb}. Give `connectionString` or `pool`. */
export interface CreateLegalDbOptions {
  /** Connection string of the application's login role (a member of legal_app). */
  connectionString?: string;
  /** An existing pool to use instead; it is not ended by `close()`. */
  pool?: pg.Pool;
  /**
   * The database's context key (32 bytes: 64 hex digits, base64 or bytes): every unit's
   * context is a ticket signed with it, which the database verifies, so SQL inside a unit
   * cannot forge a context. Print it with `legal-schema context-key` (as the migrating role)
   * and keep it with your other secrets. Required.
   */
  contextKey: string | Uint8Array;
  /** Pool size when the SDK creates the pool. Default: 10. */
  maxConnections?: number;
  /**
   * Streaming replicas (hot standbys) of the database: connection strings (a pool of
   * `maxConnections` each, ended by `close()`) or pools of your own. Units run with
   * `{ readOnly: true }` go to them, in turn; every other unit, the sign-in and `asSystem`
   * go to the primary. Default: none (every unit on the primary).
   */
  readReplicas?: readonly (string | pg.Pool)[];
  /**
   * What a read-only unit of a firm does when that firm wrote on the primary since the replica
   * last caught up: `'wait'` for the replica to replay past the firm's last write (up to
   * `replicaWaitMs`, then the primary), `'primary'` run on the primary at once, `'none'` read
   * the replica as it is (possibly without the firm's latest writes). Tracking a firm's last
   * write costs one `pg_current_wal_insert_lsn()` after each unit that is not read-only. Default: `'wait'`.
   */
  readYourWrites?: 'wait' | 'primary' | 'none';
  /** How long a read-only unit waits for a lagging replica before it runs on the primary, in ms. Default: 2_000. */
  replicaWaitMs?: number;
  /** `statement_timeout` of every unit, in milliseconds (0: none); a unit's options may override it. Default: 30_000. */
  statementTimeoutMs?: number;
  /** `lock_timeout` of every unit, in milliseconds (0: none); a unit's options may override it. Default: 0. */
  lockTimeoutMs?: number;
  /**
   * Whether a read-committed unit that wrote nothing may return its result before its COMMIT
   * completes (the connection returns to the pool when it has). Nothing can be lost: no row
   * was written. (On a Citus server every unit waits for its COMMIT: the coordinator cannot
   * see the workers' writes.) Default: true.
   */
  earlyCommit?: boolean;
  /**
   * Whether each connection prepares the statements it runs (named, planned once per session):
   * a unit's statements are the same few texts again and again, and planning a query under
   * row level security costs more than running it. Turn it off behind a pooler in transaction
   * mode that does not keep prepared statements (pgbouncer before 1.21, or without
   * `max_prepared_statements`). Default: true.
   */
  preparedStatements?: boolean;
  /** Diagnostics. Default: silent. */
  logger?: LegalLogger;
  /** Field-encryption keys. Default: none (encrypted fields cannot be written). */
  encryption?: EncryptionOptions;
  /** bcrypt cost of new password hashes. Default: 12. */
  passwordHashCost?: number;
  /** Embedding dimension of each model, checked when chunks are stored. Default: a model's first stored chunk fixes it. */
  embeddingDimensions?: Readonly<Record<string, number>>;
}
