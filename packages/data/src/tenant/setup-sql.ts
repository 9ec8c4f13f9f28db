import type { Statement } from '../unit/statement.js';
import type { TransactionOptions } from './transaction-options.js';

/** A `client.escapeLiteral`-compatible quoting function (pg's, passed in). */
export type QuoteLiteral = (value: string) => string;

const ISOLATION = {
  'read committed': 'READ COMMITTED',
  'repeatable read': 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
} as const;

/** `BEGIN` with the unit's isolation level and access mode: only validated enum values reach the text. */
export function beginSql(options: Pick<TransactionOptions, 'isolationLevel' | 'readOnly'>): string {
  const level = options.isolationLevel ? ` ISOLATION LEVEL ${ISOLATION[options.isolationLevel]}` : '';
  return `BEGIN${level}${options.readOnly ? ' READ ONLY' : ''}`;
}

/**
 * The statements that give a system unit its role, its limits and its context, each a
 * `SET LOCAL` (transaction-scoped; Citus propagates SET LOCAL to its workers). Numbers are
 * integers checked by zod; every context value was validated and is still quoted as a
 * literal (those statements are not prepared: their text differs every time).
 */
export function systemContextStatements(
  settings: Readonly<Record<string, string | undefined>>,
  limits: { statementTimeoutMs: number; lockTimeoutMs: number },
  quote: QuoteLiteral,
): Statement[] {
  return [
    { text: 'SET LOCAL ROLE legal_system' },
    { text: `SET LOCAL statement_timeout = ${Math.max(0, Math.floor(limits.statementTimeoutMs))}` },
    { text: `SET LOCAL lock_timeout = ${Math.max(0, Math.floor(limits.lockTimeoutMs))}` },
    { text: 'SET LOCAL jit = off' },
    // On a Citus coordinator the settings below reach the workers (the role does not need to:
    // Citus connects as it). On plain PostgreSQL this only sets an unused placeholder.
    { text: "SET LOCAL citus.propagate_set_commands = 'local'" },
    ...Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => ({ text: `SET LOCAL legal.${name} = ${quote(value as string)}`, prepare: false })),
  ];
}
