import type pg from 'pg';
import { LockNotAcquiredError } from './errors.js';

/** Key of the session-level advisory lock every runner takes on the target database. */
const KEY = "hashtextextended('legal.schema_migrations', 0)";

/** How to wait for the lock. */
export interface LockOptions {
  /** `false`: fail at once when another runner holds the lock. */
  wait: boolean;
  /** Longest wait in milliseconds. */
  timeoutMs: number;
}

/** Pause between two tries while another runner holds the lock. */
const POLL_MS = 200;

/**
 * Takes the migration lock on `client`'s session. It is held until {@link releaseMigrationLock}
 * or until the session ends — so a runner that is killed releases it with its connection.
 *
 * A waiting runner polls with `pg_try_advisory_lock` instead of blocking in
 * `pg_advisory_lock`: a blocked statement holds a snapshot, and the holder's
 * `CREATE INDEX CONCURRENTLY` waits for every such snapshot to go away — the two would
 * deadlock. Between tries the waiting session is idle and holds nothing.
 */
export async function acquireMigrationLock(client: pg.ClientBase, options: LockOptions): Promise<void> {
  const deadline = Date.now() + (options.wait ? options.timeoutMs : 0);
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(`select pg_try_advisory_lock(${KEY}) as locked`);
    if (rows[0]?.locked) return;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const message = options.wait
        ? `Another migration runner held the lock for the whole wait of ${options.timeoutMs} ms`
        : 'Another migration runner holds the lock (--no-wait)';
      throw new LockNotAcquiredError(message, await describeHolder(client));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, remaining)));
  }
}

export async function releaseMigrationLock(client: pg.ClientBase): Promise<void> {
  await client.query(`select pg_advisory_unlock(${KEY})`);
}

/** Who holds the lock: pid, application, client address and since when. */
async function describeHolder(client: pg.ClientBase): Promise<string | undefined> {
  const { rows } = await client.query<{ pid: number; app: string; addr: string | null; since: Date }>(`
    select a.pid, a.application_name as app, a.client_addr::text as addr, a.backend_start as since
      from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())
       and ((l.classid::bigint << 32) | l.objid::bigint) = ${KEY}
     limit 1`);
  const row = rows[0];
  if (!row) return undefined;
  return `pid ${row.pid} (${row.app || 'unnamed application'}${row.addr ? ` from ${row.addr}` : ''}, connected since ${row.since.toISOString()})`;
}
