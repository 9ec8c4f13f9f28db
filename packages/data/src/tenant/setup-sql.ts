import type { TransactionOptions } from './transaction-options.js';

/** A `client.escapeLiteral`-compatible quoting function (pg's, passed in). */
export type QuoteLiteral = (value: string) => string;

/**
 * The statements that open a tenant or system transaction, sent as ONE simple query (one
 * round trip): BEGIN, the role, the statement timeout and every context value with
 * SET LOCAL (transaction-scoped; Citus propagates SET LOCAL to its workers). Values were
 * validated already; they are still quoted as literals.
 */
export function setupSql(
  role: 'legal_app' | 'legal_system',
  settings: Readonly<Record<string, string | undefined>>,
  options: TransactionOptions & { statementTimeoutMs: number },
  quote: QuoteLiteral,
): string {
  const begin = [
    'BEGIN',
    options.isolationLevel ? `ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}` : '',
    options.readOnly ? 'READ ONLY' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const statements = [
    begin,
    `SET LOCAL ROLE ${role}`,
    `SET LOCAL statement_timeout = ${Math.max(0, Math.floor(options.statementTimeoutMs))}`,
    ...Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `SET LOCAL legal.${name} = ${quote(value as string)}`),
  ];
  return `${statements.join('; ')};`;
}
