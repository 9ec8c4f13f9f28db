import pg from 'pg';
import type { LegalLogger } from './options.js';

/** Options of {@link createReplicaRouter}, as `createLegalDb` passes them on. */
export interface ReplicaRouterOptions {
  replicas: readonly (string | pg.Pool)[];
  primary: pg.Pool;
  readYourWrites: 'wait' | 'primary' | 'none';
  waitMs: number;
  maxConnections: number;
  logger?: LegalLogger | undefined;
}

/** Where read-only units run, and what each firm last wrote (so that it reads its own writes). */
export interface ReplicaRouter {
  /** The pool for a firm's read-only unit: a replica that has replayed the firm's last write, or the primary. */
  poolFor(tenantId: string): Promise<pg.Pool>;
  /** After a unit that may have written: remembers the primary's WAL position for the firm (never throws). */
  wrote(tenantId: string): Promise<void>;
  /** Ends the pools the router created. */
  close(): Promise<void>;
}

const POLL_MS = 10;

/**
 * Read replicas for read-only units: round robin over the replicas; with read-your-writes, a
 * firm's read waits until the replica has replayed past the firm's last write on the primary
 * (`pg_last_wal_replay_lsn() >= lsn`), or runs on the primary.
 */
export function createReplicaRouter(options: ReplicaRouterOptions): ReplicaRouter {
  const owned: pg.Pool[] = [];
  const pools = options.replicas.map((replica) => {
    if (typeof replica !== 'string') return replica;
    const pool = new pg.Pool({
      connectionString: replica,
      max: options.maxConnections,
      application_name: 'legal-data',
    });
    pool.on('error', (error) =>
      options.logger?.warn?.('idle replica connection failed', { code: (error as { code?: string }).code }),
    );
    owned.push(pool);
    return pool;
  });
  // a firm's last write position on the primary; UNKNOWN when it could not be read (then the
  // firm reads the primary until its next write is recorded)
  const lastWrite = new Map<string, string>();
  const UNKNOWN = 'unknown';
  let turn = 0;

  // a replica that cannot answer has not caught up: the unit reads the primary
  const caughtUp = async (pool: pg.Pool, lsn: string): Promise<boolean> => {
    try {
      const { rows } = await pool.query<{ ok: boolean | null }>('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [
        lsn,
      ]);
      return rows[0]?.ok === true;
    } catch (error) {
      options.logger?.warn?.('a replica did not answer: reading the primary', {
        code: (error as { code?: string }).code,
      });
      return false;
    }
  };

  return {
    async poolFor(tenantId) {
      const pool = pools[turn++ % pools.length] as pg.Pool;
      const lsn = options.readYourWrites === 'none' ? undefined : lastWrite.get(tenantId);
      if (lsn === undefined) return pool;
      if (lsn === UNKNOWN) return options.primary;
      const deadline = Date.now() + (options.readYourWrites === 'wait' ? options.waitMs : 0);
      for (;;) {
        if (await caughtUp(pool, lsn)) return pool;
        if (Date.now() >= deadline) {
          options.logger?.debug?.('a replica has not replayed the firm’s last write: reading the primary', { lsn });
          return options.primary;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    async wrote(tenantId) {
      if (options.readYourWrites === 'none') return;
      // the unit has committed: a failure here must not turn its result into an error
      try {
        const { rows } = await options.primary.query<{ lsn: string }>(
          'select pg_current_wal_insert_lsn()::text as lsn',
        );
        lastWrite.set(tenantId, rows[0]?.lsn ?? UNKNOWN);
      } catch (error) {
        lastWrite.set(tenantId, UNKNOWN);
        options.logger?.warn?.('could not read the primary’s WAL position: the firm reads the primary', {
          code: (error as { code?: string }).code,
        });
      }
    },
    async close() {
      await Promise.all(owned.map((pool) => pool.end()));
    },
  };
}
