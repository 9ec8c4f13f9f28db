import type pg from 'pg';

/** Where the SDK's diagnostics go (pino, console, …). Never receives SQL parameters. */
export interface LegalLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** Field-encryption keys (used by the repositories of sensitive fields). */
export interface EncryptionOptions {
  /** Key id → 32-byte key (base64 or Buffer). */
  keys: Readonly<Record<string, string | Uint8Array>>;
  /** The key new values are encrypted with. */
  activeKeyId: string;
}

/** Options of {@link createLegalDb}. Give `connectionString` or `pool`. */
export interface CreateLegalDbOptions {
  /** Connection string of the application's login role (a member of legal_app). */
  connectionString?: string;
  /** An existing pool to use instead; it is not ended by `close()`. */
  pool?: pg.Pool;
  /** Pool size when the SDK creates the pool. Default: 10. */
  maxConnections?: number;
  /** statement_timeout of every transaction, in milliseconds. Default: 30_000. */
  statementTimeoutMs?: number;
  /** Diagnostics. Default: silent. */
  logger?: LegalLogger;
  /** Field-encryption keys. Default: none (encrypted fields cannot be written). */
  encryption?: EncryptionOptions;
  /** bcrypt cost of new password hashes. Default: 12. */
  passwordHashCost?: number;
}
