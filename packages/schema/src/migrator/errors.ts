/** Stable codes of every error the migrator throws; the CLI maps them to exit codes. */
export type MigrationErrorCode =
  | 'MIGRATION_FAILED'
  | 'DRIFT'
  | 'LOCK_NOT_ACQUIRED'
  | 'CONNECTION_FAILED'
  | 'INVALID_MIGRATIONS'
  | 'UNKNOWN_MIGRATION'
  | 'UNSUPPORTED_SERVER'
  | 'TOOL_MISSING'
  | 'BACKUP_FAILED'
  | 'RESTORE_REFUSED'
  | 'RESTORE_FAILED'
  | 'TENANT_NOT_FOUND'
  | 'IMPORT_REFUSED'
  | 'LEGAL_HOLD'
  | 'OFFBOARD_FAILED';

/** Base class of the migrator's errors. */
export class MigrationError extends Error {
  override readonly name: string = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Where in a migration file PostgreSQL reported the error. */
export interface SqlLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A migration's SQL failed. In a transactional migration everything was rolled back and
 * nothing recorded; in a `-- legal:no-transaction` one, `applied` lists the statements that
 * stay applied and `cleanup` what must be undone by hand before a retry.
 */
export class MigrationFailedError extends MigrationError {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly migration: string,
    readonly file: string,
    readonly location: SqlLocation | undefined,
    readonly sqlState: string | undefined,
    reason: string,
    readonly applied: readonly string[] = [],
    readonly cleanup: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    const where = location ? `${location.file}:${location.line}:${location.column}` : file;
    const lines = [`Migration ${migration} failed at ${where}: ${reason}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`];
    if (applied.length > 0 || cleanup.length > 0) {
      lines.push('This migration runs outside a transaction, so it was NOT rolled back and is not recorded.');
      for (const statement of applied) lines.push(`  applied and still in place: ${statement}`);
      for (const step of cleanup) lines.push(`  clean up: ${step}`);
    } else {
      lines.push('Rolled back: nothing of it was applied or recorded.');
    }
    super('MIGRATION_FAILED', lines.join('\n'), options);
  }
}

/** One way the applied history disagrees with the migration files. */
export interface DriftProblem {
  name: string;
  kind: 'changed' | 'missing' | 'out_of_order';
  detail: string;
}

/** `changed`, `missing`, `out of order`: how a drift kind reads in human output. */
export function driftLabel(kind: DriftProblem['kind']): string {
  return kind.replaceAll('_', ' ');
}

/** Applied migrations no longer match their files; `migrate up` refuses to run. */
export class DriftError extends MigrationError {
  override readonly name = 'DriftError';
  constructor(readonly problems: readonly DriftProblem[]) {
    super(
      'DRIFT',
      [
        `Migration history drifted from the files (${problems.length} problem${problems.length === 1 ? '' : 's'}):`,
        ...problems.map((p) => `  ${driftLabel(p.kind)}: ${p.name}: ${p.detail}`),
      ].join('\n'),
    );
  }
}

/** Another runner holds the migration lock (and `wait` was off, or the wait timed out). */
export class LockNotAcquiredError extends MigrationError {
  override readonly name = 'LockNotAcquiredError';
  constructor(
    message: string,
    readonly holder: string | undefined,
  ) {
    super('LOCK_NOT_ACQUIRED', holder ? `${message}; held by ${holder}` : message);
  }
}

/** The database could not be reached. The message names host and port, never the password. */
export class ConnectionError extends MigrationError {
  override readonly name = 'ConnectionError';
  constructor(target: string, reason: string, options?: ErrorOptions) {
    super('CONNECTION_FAILED', `Cannot connect to PostgreSQL at ${target}: ${reason}`, options);
  }
}

/** The migration files themselves are malformed (names, pairs, duplicates). */
export class InvalidMigrationsError extends MigrationError {
  override readonly name = 'InvalidMigrationsError';
  constructor(
    readonly dir: string,
    readonly problems: readonly string[],
  ) {
    super('INVALID_MIGRATIONS', [`Invalid migrations in ${dir}:`, ...problems.map((p) => `  ${p}`)].join('\n'));
  }
}

/** `--to NAME` names no migration that could be the target. */
export class UnknownMigrationError extends MigrationError {
  override readonly name = 'UnknownMigrationError';
  constructor(name: string, direction: 'up' | 'down') {
    super(
      'UNKNOWN_MIGRATION',
      `No ${direction === 'up' ? 'pending' : 'applied'} migration named "${name}" (a target must be ${direction === 'up' ? 'pending' : 'applied'})`,
    );
  }
}

/** The server is older than the schema supports (PostgreSQL 15): nothing was applied. */
export class UnsupportedServerError extends MigrationError {
  override readonly name = 'UnsupportedServerError';
  constructor(
    readonly serverVersion: string,
    readonly minimum: string,
  ) {
    super(
      'UNSUPPORTED_SERVER',
      `PostgreSQL ${serverVersion} is not supported: the legal schema needs PostgreSQL ${minimum} or later. Nothing was applied.`,
    );
  }
}

/**
 * A backup, restore, tenant export/import or offboarding step refused or failed. `code`
 * says which (`TOOL_MISSING`, `BACKUP_FAILED`, `RESTORE_REFUSED`, `RESTORE_FAILED`,
 * `TENANT_NOT_FOUND`, `IMPORT_REFUSED`, `LEGAL_HOLD`); the message says what to do.
 */
export class OperationError extends MigrationError {
  override readonly name = 'OperationError';
}
