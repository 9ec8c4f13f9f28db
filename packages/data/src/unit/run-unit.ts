import type pg from 'pg';
import type { LegalLogger } from '../database/options.js';
import { LegalError } from '../errors/legal-error.js';
import { wrapError } from '../errors/wrap-error.js';
import type { StatementResult } from './batch.js';
import { preparedStatementsOf } from './prepared-statements.js';
import type { Statement } from './statement.js';
import { Unit } from './unit.js';

/** What a unit needs from the LegalDb that runs it. */
export interface UnitRunner {
  readonly pool: pg.Pool;
  readonly logger?: LegalLogger | undefined;
  /** Whether units that wrote nothing may return before their COMMIT completes. */
  readonly earlyCommit: boolean;
  /** Whether statements are prepared (named) on the connections. */
  readonly preparedStatements: boolean;
  /** Whether read-only units may leave their COMMIT to the next unit (only on a pool the SDK owns). */
  readonly coalesceCommits: boolean;
}

/** How one unit opens. */
export interface UnitPlan {
  readonly begin: string;
  /** Built once a connection is checked out (quoting is the connection's). */
  readonly context: (client: pg.PoolClient) => readonly Statement[];
  readonly contextError: (error: unknown) => LegalError;
  readonly readCommitted: boolean;
  readonly retries: number;
  /** Receives what the context statements returned. */
  readonly onContext?: (results: readonly StatementResult[]) => void;
}

const DATE_OID = 1082;

/**
 * Checks out a connection, runs `fn` as one unit on it, and retries the whole unit after a
 * serialization failure or deadlock when `plan.retries` allows.
 */
export async function runUnit<S, T>(
  runner: UnitRunner,
  plan: UnitPlan,
  makeScope: (unit: Unit) => S,
  fn: (scope: S) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await runner.pool.connect();
    } catch (error) {
      throw wrapError(error);
    }
    // A date is a calendar day, not an instant: strings, on every connection the SDK uses (a pool passed in included).
    client.setTypeParser(DATE_OID, (value: string) => value);
    const unit = new Unit({
      client,
      begin: plan.begin,
      context: plan.context(client),
      contextError: plan.contextError,
      earlyCommit: runner.earlyCommit && plan.readCommitted,
      coalesceCommits: runner.coalesceCommits,
      logger: runner.logger,
      onContext: plan.onContext,
      prepared: runner.preparedStatements ? preparedStatementsOf(client) : undefined,
    });
    try {
      return await unit.run(() => fn(makeScope(unit)));
    } catch (error) {
      const retryable = error instanceof LegalError && (error.code === 'SERIALIZATION' || error.code === 'DEADLOCK');
      if (retryable && attempt < plan.retries) {
        runner.logger?.debug?.('retrying a unit after a serialization failure or deadlock', { attempt: attempt + 1 });
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
        continue;
      }
      throw error;
    }
  }
}

/** 20 ms, 40 ms, 80 ms … up to 1 s, with ±50 % jitter. */
function backoffMs(attempt: number): number {
  const base = Math.min(1000, 20 * 2 ** attempt);
  return base / 2 + Math.random() * base;
}
