import type pg from 'pg';
import type { LegalLogger } from '../database/options.js';
import { Batch } from './batch.js';
import type { PreparedStatements } from './prepared-statements.js';
import type { Statement } from './statement.js';

const pending = new WeakSet<pg.ClientBase>();

/**
 * Commit coalescing, for connections of a pool the SDK owns. A read-committed unit that wrote
 * nothing has nothing to lose at COMMIT, so its connection goes back to the pool with the
 * COMMIT still owed: the next unit on that connection sends it first, in the same flight as
 * its own BEGIN (no round trip of its own); if no unit takes the connection within this turn
 * of the event loop, it is sent on its own. A read-only transaction stays open a few
 * microseconds longer, never longer than that turn.
 */
export function deferCommit(
  client: pg.PoolClient,
  prepared: PreparedStatements | undefined,
  logger: LegalLogger | undefined,
): void {
  pending.add(client);
  setImmediate(() => {
    if (!pending.delete(client)) return;
    const batch = new Batch(() => [COMMIT], client, prepared);
    client.query(batch);
    batch.outcome.then((outcome) => {
      if (outcome.failure) {
        logger?.warn?.('a deferred COMMIT of a read-only unit failed', {
          code: (outcome.failure.error as { code?: string } | null)?.code,
        });
      }
    });
  });
}

/** The COMMIT a connection still owes (to send first, before anything else), if any. */
export function owedCommit(client: pg.ClientBase): Statement | undefined {
  return pending.delete(client) ? COMMIT : undefined;
}

const COMMIT: Statement = { text: 'COMMIT' };

/**
 * Runs one statement on a connection of the pool, outside any unit (sign-in, a security
 * event), after the COMMIT the connection may still owe. Returns its rows.
 */
export async function runOutsideUnit<R>(
  pool: pg.Pool,
  statement: Statement,
  prepared: (client: pg.PoolClient) => PreparedStatements | undefined,
): Promise<R[]> {
  const client = await pool.connect();
  let broken = false;
  try {
    const owed = owedCommit(client);
    const statements = owed ? [owed, statement] : [statement];
    const batch = new Batch(() => statements, client, prepared(client));
    client.query(batch);
    const outcome = await batch.outcome;
    if (outcome.failure) {
      broken = outcome.failure.index < statements.length - 1 || !(outcome.failure.error as { code?: string })?.code;
      throw outcome.failure.error;
    }
    return (outcome.results[outcome.results.length - 1]?.rows ?? []) as R[];
  } finally {
    client.release(broken ? new Error('discarded by @legal/data') : undefined);
  }
}
