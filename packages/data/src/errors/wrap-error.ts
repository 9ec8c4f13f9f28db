import {
  CheckViolationError,
  ConflictError,
  DatabaseUnavailableError,
  DeadlockError,
  type ErasureRefusal,
  ErasureRefusedError,
  ForbiddenError,
  ForeignKeyError,
  InvalidTransitionError,
  LegalError,
  LegalHoldError,
  LockTimeoutError,
  NotFoundError,
  SerializationError,
  StatementTimeoutError,
  TenantContextError,
  TenantSuspendedError,
  ValidationError,
} from './legal-error.js';

/** The fields of a pg error this mapping reads (detail, which holds values, is never copied). */
interface PgErrorLike {
  code?: string;
  constraint?: string;
  column?: string;
  message?: string;
  hint?: string;
  detail?: string;
}

const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08007',
]);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/**
 * Rules of the schema (CHECK violations, by constraint name) that are about one input field:
 * reported as a `ValidationError` naming it, like the SDK's own validation.
 */
const FIELD_RULES: Record<string, { path: string; message: string }> = {
  trust_client_balances_not_negative: { path: 'amount', message: "is more than the client's trust balance" },
  trust_transactions_period_locked: { path: 'occurredOn', message: 'falls in a reconciled (locked) period' },
  trust_bank_lines_period_locked: { path: 'postedOn', message: 'falls in a reconciled (locked) period' },
  trust_reconciliations_period_locked: { path: 'periodEnd', message: 'is not after the last reconciled day' },
  trust_reconciliations_period_ended: { path: 'periodEnd', message: 'has not ended yet' },
  trust_reconciliations_three_way: {
    path: 'statementBalance',
    message: 'the statement, the book and the client ledgers differ on that day (see trust.threeWay)',
  },
  trust_transactions_invoice_of_client: { path: 'invoiceId', message: 'is not a sent invoice of this client' },
  trust_transactions_account_open: { path: 'accountId', message: 'is a closed trust account' },
  trust_bank_lines_match_amount: { path: 'transactionId', message: 'is not a posting of this account and amount' },
  time_entries_utbms_task_code_check: {
    path: 'utbmsTaskCode',
    message: 'is not a billable UTBMS litigation task code',
  },
  time_entries_utbms_activity_code_check: { path: 'utbmsActivityCode', message: 'is not a UTBMS activity code' },
  expenses_utbms_expense_code_check: { path: 'utbmsExpenseCode', message: 'is not a UTBMS expense code' },
};

/** Whether an error came from PostgreSQL or the driver (a SQLSTATE or a socket errno), not from the caller's code. */
export function isDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || UNAVAILABLE_ERRNOS.has(code));
}

/**
 * Maps any error from the database (or the driver) to the `LegalError` hierarchy, by
 * SQLSTATE, in this one place. The original error is kept as `cause`; messages name
 * constraints and statuses, never the values or parameters of the statement.
 */
export function wrapError(error: unknown): LegalError {
  if (error instanceof LegalError) return error;
  const e = (error ?? {}) as PgErrorLike;
  const options = { cause: error };
  switch (e.code) {
    case '23505':
      return new ConflictError(e.constraint, options);
    case '23503':
      return new ForeignKeyError(e.constraint, options);
    case '23514': {
      // Citus relays a worker's error without its constraint field: the name is read from the
      // message (a CHECK) or the detail (the schema's own rules name it there)
      const constraint =
        e.constraint ??
        /constraint "([a-z0-9_]+)"/.exec(e.message ?? '')?.[1] ??
        /constraint "([a-z0-9_]+)"/.exec(e.detail ?? '')?.[1];
      const rule = constraint ? FIELD_RULES[constraint] : undefined;
      return rule ? new ValidationError([rule], options) : new CheckViolationError(constraint, options);
    }
    case '23502':
      return new ValidationError([{ path: camel(e.column ?? ''), message: 'is required' }], options);
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      return new ValidationError([{ path: camel(e.column ?? ''), message: 'has an invalid value' }], options);
    case '42501':
      // the access rules' triggers name the permission they needed in the hint
      if (e.hint && /^[a-z_]+\.[a-z_]+$/.test(e.hint)) {
        return new ForbiddenError(`This action needs the permission ${e.hint}`, e.hint, options);
      }
      return new ForbiddenError(
        /row-level security/.test(e.message ?? '')
          ? 'Not allowed by the access rules (row level security)'
          : 'Not allowed (insufficient privilege)',
        undefined,
        options,
      );
    case 'LG001': {
      const [, from = '', to = ''] = /from "([^"]*)" to "([^"]*)"/.exec(e.message ?? '') ?? [];
      const detail = (error as { detail?: string }).detail ?? '';
      const allowed = [...detail.matchAll(/"([a-z_]+)"/g)].map((m) => m[1] as string).filter((s) => s !== from);
      return new InvalidTransitionError(from, to, allowed, options);
    }
    case 'LG014': {
      const [, from = '', to = ''] = /from "([^"]*)" to "([^"]*)"/.exec(e.message ?? '') ?? [];
      const detail = (error as { detail?: string }).detail ?? '';
      const allowed = [...detail.matchAll(/"([a-z_]+)"/g)].map((m) => m[1] as string);
      return new InvalidTransitionError(from, to, allowed, { ...options, entity: 'invoice' });
    }
    case 'LG002':
      return new LegalHoldError(options);
    case 'LG015': {
      const detail = (error as { detail?: string }).detail ?? '';
      const reason = (/^(legal_hold|open_matter|trust_balance|retention|erased)/.exec(detail)?.[1] ??
        'retention') as ErasureRefusal;
      const until = /until (\d{4}-\d{2}-\d{2})/.exec(detail)?.[1];
      return new ErasureRefusedError(reason, e.message ?? reason, until, options);
    }
    case 'P0002': {
      // a schema function's "no <entity> <id> in this firm" (no_data_found)
      const [, entity = 'record', key = ''] = /^no ([a-z_ ]+?) ([0-9a-f-]{36})/.exec(e.message ?? '') ?? [];
      return new NotFoundError(entity, key, options);
    }
    case 'LG004':
      return new TenantContextError('This operation needs a tenant context', [], options);
    case 'LG010':
      return new TenantSuspendedError(e.detail ?? 'suspended', options);
    case 'LG011':
      return new TenantContextError(`The database refused the context: ${e.message}`, [], {
        ...options,
        reason: e.detail === 'inactive' ? 'inactive' : 'foreign',
      });
    case 'LG012':
      return new TenantContextError(`The database refused the context: ${e.message}`, [], {
        ...options,
        reason: 'signature',
      });
    case 'LG013':
      return new ValidationError(
        [{ path: 'assignedTo', message: 'a case needs an assignee before it is assigned' }],
        options,
      );
    case '40001':
      return new SerializationError('Serialization failure: retry the transaction', options);
    case '40P01':
      return new DeadlockError(options);
    case '57014':
      return new StatementTimeoutError(options);
    case '55P03':
      return new LockTimeoutError(options);
    default:
      if ((e.code && UNAVAILABLE_SQLSTATES.has(e.code)) || (e.code && UNAVAILABLE_ERRNOS.has(e.code))) {
        return new DatabaseUnavailableError(`The database is unavailable (${e.code})`, options);
      }
      // Citus: the firm's shard was split or moved while the unit ran; nothing of it was
      // committed, and the same unit succeeds when run again (`retries` does it)
      if (e.code === 'XX000' && /could not find valid entry for shard/i.test(e.message ?? '')) {
        return new SerializationError('The firm’s shard moved while the unit ran (Citus): retry the unit', options);
      }
      if (/Connection terminated|timeout exceeded when trying to connect/i.test(e.message ?? '')) {
        return new DatabaseUnavailableError('The database is unavailable (connection lost)', options);
      }
      return new LegalError('DATABASE_ERROR', `Database error${e.code ? ` (SQLSTATE ${e.code})` : ''}`, options);
  }
}

function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
