/** The stable codes of every error `@legal/data` throws. Branch on these, not on messages. */
export type LegalErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FOREIGN_KEY'
  | 'CHECK_VIOLATION'
  | 'FORBIDDEN'
  | 'INVALID_TRANSITION'
  | 'TENANT_CONTEXT'
  | 'TENANT_SUSPENDED'
  | 'SERIALIZATION'
  | 'DEADLOCK'
  | 'STATEMENT_TIMEOUT'
  | 'LOCK_TIMEOUT'
  | 'CONNECTION_LOST'
  | 'SCOPE_CLOSED'
  | 'TRANSACTION_ABORTED'
  | 'UNAWAITED_WORK'
  | 'UNSUPPORTED_STATEMENT'
  | 'DATABASE_UNAVAILABLE'
  | 'DECRYPTION'
  | 'ENCRYPTION_NOT_CONFIGURED'
  | 'ERASURE_REFUSED'
  | 'DATABASE_ERROR';

/**
 * Base class of every error `@legal/data` throws: a stable `code`, the underlying error
 * (a pg error, a zod error) as `cause`, and never a SQL parameter in the message.
 *
 * @example
 * ```ts
 * try { await db.withTenant(ctx, (t) => t.cases.get(id)); }
 * catch (error) { if (error instanceof LegalError && error.code === 'NOT_FOUND') return res.status(404); }
 * ```
 */
export class LegalError extends Error {
  override readonly name: string = 'LegalError';
  constructor(
    readonly code: LegalErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** One invalid field: its path (`address.city`, `tags.2`) and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Input that failed validation; `issues` name each field. Nothing was written. */
export class ValidationError extends LegalError {
  override readonly name = 'ValidationError';
  constructor(
    readonly issues: readonly FieldIssue[],
    options?: ErrorOptions,
  ) {
    super(
      'VALIDATION',
      `Invalid input: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      options,
    );
  }
}

/** `get*` found nothing (within the current tenant). */
export class NotFoundError extends LegalError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super('NOT_FOUND', `${entity} ${key} not found`, options);
  }
}

/** A unique constraint rejected the write (SQLSTATE 23505). */
export class ConflictError extends LegalError {
  override readonly name = 'ConflictError';
  constructor(
    readonly constraint: string | undefined,
    options?: ErrorOptions,
  ) {
    super('CONFLICT', `Conflicts with an existing row${constraint ? ` (${constraint})` : ''}`, options);
  }
}

/** A foreign key rejected the write: the referenced row does not exist in this tenant (23503). */
export class ForeignKeyError extends LegalError {
  override readonly name = 'ForeignKeyError';
  constructor(
    readonly constraint: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      'FOREIGN_KEY',
      `Refers to a row that does not exist, or is still referenced${constraint ? ` (${constraint})` : ''}`,
      options,
    );
  }
}

/** A CHECK constraint (or a trigger raising a check violation) rejected the row (23514). */
export class CheckViolationError extends LegalError {
  override readonly name = 'CheckViolationError';
  constructor(
    readonly constraint: string | undefined,
    options?: ErrorOptions,
  ) {
    super('CHECK_VIOLATION', `Violates a rule of the schema${constraint ? ` (${constraint})` : ''}`, options);
  }
}

/** Not allowed: a missing permission, row level security (42501), or a legal hold. */
export class ForbiddenError extends LegalError {
  override readonly name: string = 'ForbiddenError';
  constructor(
    message: string,
    readonly permission?: string,
    options?: ErrorOptions,
  ) {
    super('FORBIDDEN', message, options);
  }
}

/**
 * The row is under legal hold (SQLSTATE LG002): it can be neither changed in that way nor
 * deleted until the hold is released. A {@link ForbiddenError} (code `FORBIDDEN`) of its own
 * class, so an HTTP layer can answer 423 Locked.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof LegalHoldError) return reply.status(423).send({ code: error.code }); }
 * ```
 */
export class LegalHoldError extends ForbiddenError {
  override readonly name = 'LegalHoldError';
  constructor(options?: ErrorOptions) {
    super('The document is under legal hold', undefined, options);
  }
}

/** Why the database refused to erase a client (see {@link ErasureRefusedError}). */
export type ErasureRefusal = 'legal_hold' | 'open_matter' | 'trust_balance' | 'retention' | 'erased';

/**
 * The database refused to erase a client (SQLSTATE LG015), and nothing was erased: a legal
 * hold covers one of its matters or documents, one of its matters is still open, the firm holds
 * money of the client in trust, the firm's retention period has not run (`until` says to when),
 * or the client was erased already.
 *
 * @example
 * ```ts
 * catch (error) { if (error instanceof ErasureRefusedError) return reply.status(409).send({ reason: error.reason, until: error.until }); }
 * ```
 */
export class ErasureRefusedError extends LegalError {
  override readonly name = 'ErasureRefusedError';
  constructor(
    readonly reason: ErasureRefusal,
    message: string,
    readonly until?: string,
    options?: ErrorOptions,
  ) {
    super('ERASURE_REFUSED', `Erasure refused: ${message}`, options);
  }
}

/**
 * A status workflow does not allow this change: a case (the workflow trigger, SQLSTATE
 * LG001), an invoice or a document upload. `entity` says which.
 */
export class InvalidTransitionError extends LegalError {
  override readonly name = 'InvalidTransitionError';
  readonly entity: string;
  constructor(
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly string[],
    options?: ErrorOptions & { entity?: string },
  ) {
    const entity = options?.entity ?? 'case';
    super('INVALID_TRANSITION', `Invalid ${entity} status transition from "${from}" to "${to}"`, options);
    this.entity = entity;
  }
}

/**
 * The context is invalid (nothing was sent), or the database refused it: the user is not an
 * active member of the firm (`reason: 'foreign' | 'inactive'`), or the context's ticket does
 * not verify (`reason: 'signature'`: is the SDK configured with this database's context key?).
 */
export class TenantContextError extends LegalError {
  override readonly name = 'TenantContextError';
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    options?: ErrorOptions & { reason?: 'invalid' | 'foreign' | 'inactive' | 'signature' },
  ) {
    super('TENANT_CONTEXT', message, options);
    this.reason = options?.reason ?? 'invalid';
  }
  readonly reason: 'invalid' | 'foreign' | 'inactive' | 'signature';
}

/** The firm is suspended or closed: it cannot sign in or open a unit (only `asSystem` can change its status). */
export class TenantSuspendedError extends LegalError {
  override readonly name = 'TenantSuspendedError';
  constructor(
    readonly status: string,
    options?: ErrorOptions,
  ) {
    super('TENANT_SUSPENDED', `The firm is ${status}: it cannot sign in or open a unit`, options);
  }
}

/** A serialization failure (40001): retry the unit (`retries` does it for you). */
export class SerializationError extends LegalError {
  override readonly name = 'SerializationError';
  constructor(message: string, options?: ErrorOptions) {
    super('SERIALIZATION', message, options);
  }
}

/** PostgreSQL broke a deadlock by aborting this unit (40P01): retry it (`retries` does it for you). */
export class DeadlockError extends LegalError {
  override readonly name = 'DeadlockError';
  constructor(options?: ErrorOptions) {
    super('DEADLOCK', 'Deadlock detected: this unit was aborted to break it; retry it', options);
  }
}

/** A statement ran longer than the unit's `statementTimeoutMs` (57014) and was cancelled. */
export class StatementTimeoutError extends LegalError {
  override readonly name = 'StatementTimeoutError';
  constructor(options?: ErrorOptions) {
    super('STATEMENT_TIMEOUT', 'A statement ran longer than the statement timeout and was cancelled', options);
  }
}

/** A statement waited longer than the unit's `lockTimeoutMs` for a lock (55P03). */
export class LockTimeoutError extends LegalError {
  override readonly name = 'LockTimeoutError';
  constructor(options?: ErrorOptions) {
    super('LOCK_TIMEOUT', 'A statement waited longer than the lock timeout for a lock', options);
  }
}

/**
 * The connection died during the unit (terminated backend, idle-in-transaction timeout,
 * a cut network link). Nothing of the unit was committed, unless `duringCommit` is true:
 * then the COMMIT was sent and its outcome is unknown. The pool replaces the connection.
 */
export class ConnectionLostError extends LegalError {
  override readonly name = 'ConnectionLostError';
  constructor(
    readonly duringCommit: boolean,
    options?: ErrorOptions,
  ) {
    super(
      'CONNECTION_LOST',
      duringCommit
        ? 'The connection was lost while committing: the outcome of the unit is unknown'
        : 'The connection was lost during the unit: nothing of it was committed',
      options,
    );
  }
}

/**
 * A scope (`t`, `t.db`, a repository) was used after its unit settled: nothing was sent.
 * Keep work inside the `withTenant` callback and await it.
 */
export class ScopeClosedError extends LegalError {
  override readonly name = 'ScopeClosedError';
  constructor() {
    super('SCOPE_CLOSED', 'This scope belongs to a unit that has already settled: nothing was sent');
  }
}

/**
 * A statement of the unit failed and the callback returned normally anyway (it caught the
 * error): PostgreSQL had aborted the transaction, so nothing of the unit was committed.
 * `cause` is the first failure. Use `t.savepoint()` to recover from an error inside a unit.
 */
export class TransactionAbortedError extends LegalError {
  override readonly name = 'TransactionAbortedError';
  constructor(readonly firstFailure: LegalError) {
    super(
      'TRANSACTION_ABORTED',
      `The unit was aborted by its first failure (${firstFailure.code}: ${firstFailure.message}); nothing was committed`,
      { cause: firstFailure },
    );
  }
}

/**
 * The callback returned while work it started was still running (a missing `await`). The
 * unit waited for that work, then rolled back: nothing was committed.
 */
export class UnawaitedWorkError extends LegalError {
  override readonly name = 'UnawaitedWorkError';
  constructor(readonly operations: readonly string[]) {
    super(
      'UNAWAITED_WORK',
      `The unit's callback returned while ${operations.length} operation(s) were still running (${operations.join(', ')}): await every call inside the unit; nothing was committed`,
    );
  }
}

/**
 * A statement that would end or change the unit's transaction or leave state on the pooled
 * connection (COMMIT, ROLLBACK, BEGIN, SAVEPOINT, …) was refused before it was sent.
 */
export class UnsupportedStatementError extends LegalError {
  override readonly name = 'UnsupportedStatementError';
  constructor(
    readonly statement: string,
    hint: string,
  ) {
    super('UNSUPPORTED_STATEMENT', `${statement} is not allowed inside a unit: ${hint}`);
  }
}

/** The database cannot be reached or is shutting down; the operation may be retried later. */
export class DatabaseUnavailableError extends LegalError {
  override readonly name = 'DatabaseUnavailableError';
  constructor(message: string, options?: ErrorOptions) {
    super('DATABASE_UNAVAILABLE', message, options);
  }
}

/**
 * An encrypted field could not be decrypted: its ciphertext was altered, belongs to another
 * row or field, or names a key that is not in the key ring. The plaintext is never guessed.
 */
export class DecryptionError extends LegalError {
  override readonly name = 'DecryptionError';
  constructor(
    readonly field: string,
    readonly keyId: string | undefined,
    options?: ErrorOptions,
  ) {
    super('DECRYPTION', `Cannot decrypt ${field}${keyId ? ` (key "${keyId}")` : ''}`, options);
  }
}

/** An encrypted field was written or read but `createLegalDb` was given no `encryption` keys. */
export class EncryptionNotConfiguredError extends LegalError {
  override readonly name = 'EncryptionNotConfiguredError';
  constructor(readonly field: string) {
    super('ENCRYPTION_NOT_CONFIGURED', `${field} is encrypted, and createLegalDb has no encryption keys`);
  }
}
