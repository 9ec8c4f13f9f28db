import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseIdentifier, withAdminClient } from '../database/admin-client.js';
import { withDatabase } from '../database/database-url.js';
import { startPostgres } from '../postgres/start-postgres.js';
import type { PostgresLogger, PostgresServer } from '../postgres/types.js';
import { type EnsureCitusOptions, ensureCitus } from './ensure-citus.js';

/** The roles the @legal schema runs units as: Citus opens worker connections as them. */
const LEGAL_ROLES = 'legal_owner,legal_app,legal_readonly,legal_system';

/** Options of {@link startCitus}. Every field is optional. */
export interface StartCitusOptions {
  /** Number of worker nodes. Default: `2`. */
  workers?: number;
  /** Database created (with the extension) on every node and registered on the coordinator. Default: `legal`. */
  database?: string;
  /** Extra server settings for every node. Default: none beyond the ones Citus needs. */
  settings?: Readonly<Record<string, string>>;
  /** Extra server settings for the coordinator only. Default: none. */
  coordinatorSettings?: Readonly<Record<string, string>>;
  /** Builds Citus from source when it is missing (see {@link ensureCitus}); `false` refuses instead. Default: `{}`. */
  build?: EnsureCitusOptions | false;
  /** Receives one line per step. Default: silent. */
  logger?: PostgresLogger;
  /** Milliseconds each node may take to start. Default: `60_000`. */
  startupTimeoutMs?: number;
  /** Parent directory of the nodes' clusters. Default: `os.tmpdir()`. */
  tmpDir?: string;
  /** Environment to read (`LEGAL_TEST_RUN`, `LEGAL_CITUS_SOURCE`). Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** One node of a {@link CitusCluster}. */
export interface CitusNode {
  readonly server: PostgresServer;
  readonly port: number;
}

/** A running Citus cluster on loopback. `stop()` stops every node and removes their directories. */
export interface CitusCluster extends AsyncDisposable {
  /** Superuser connection string of the cluster's database on the coordinator. */
  readonly url: string;
  /** The database every node has (see {@link StartCitusOptions.database}). */
  readonly database: string;
  readonly coordinator: CitusNode;
  readonly workers: readonly CitusNode[];
  /** The nodes' superuser URLs (plain data: what a test process needs for {@link createCitusDatabase}). */
  readonly nodes: CitusNodes;
  /** Creates another Citus database on every node, registers the workers, and returns its coordinator URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a Citus cluster on loopback — a coordinator and `workers` workers, each a
 * throwaway `local` PostgreSQL server — with one database registered across them. Builds
 * the extension from the vendored source first when it is missing (cached per machine).
 *
 * @example
 * ```ts
 * await using cluster = await startCitus({ workers: 2 });
 * await createMigrator({ connectionString: cluster.url }).up();
 * ```
 */
export async function startCitus(options: StartCitusOptions = {}): Promise<CitusCluster> {
  const env = options.env ?? process.env;
  const workerCount = options.workers ?? 2;
  if (!Number.isInteger(workerCount) || workerCount < 1) {
    throw new TypeError(`startCitus: workers must be a positive integer, got ${workerCount}`);
  }
  const logger = options.logger ?? { debug() {} };
  if (options.build !== false) await ensureCitus({ logger, env, ...options.build });

  const password = randomBytes(18).toString('base64url');
  const common = {
    shared_preload_libraries: 'citus',
    max_prepared_transactions: '200',
    wal_level: 'logical',
    max_replication_slots: '20',
    max_wal_senders: '20',
    'citus.max_background_task_executors_per_node': '2',
    max_worker_processes: '64',
    ...options.settings,
  };
  const start = (settings: Readonly<Record<string, string>>) =>
    startPostgres({
      provider: 'local',
      env,
      logger,
      ...(options.startupTimeoutMs !== undefined ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
      ...(options.tmpDir !== undefined ? { tmpDir: options.tmpDir } : {}),
      // the schema's roles log in between nodes (Citus connects as the unit's role); on
      // loopback only, and only on this throwaway cluster
      local: { password, settings, hba: [`host all ${LEGAL_ROLES} 127.0.0.1/32 trust`] },
    });

  const servers = await Promise.allSettled([
    start({ ...common, ...options.coordinatorSettings }),
    ...Array.from({ length: workerCount }, () => start(common)),
  ]);
  const started = servers.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = servers.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => s.stop().catch(() => {})));
    throw failed.reason;
  }
  const nodes = started.map((server) => ({ server, port: Number(new URL(server.url).port) }));
  const [coordinator, ...workers] = nodes as [CitusNode, ...CitusNode[]];

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= Promise.all(nodes.map((n) => n.server.stop())).then(() => undefined);
    return stopping;
  };

  const nodesOf: CitusNodes = {
    coordinator: coordinator.server.url,
    workers: workers.map((w) => w.server.url),
  };
  const createDatabase = (name?: string) => createCitusDatabase(nodesOf, name, logger);

  try {
    const database = options.database ?? 'legal';
    const url = await createDatabase(database);
    return {
      url,
      database,
      coordinator,
      workers,
      nodes: nodesOf,
      createDatabase,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

/** Superuser URLs (on their `postgres` database) of a Citus cluster's nodes. */
export interface CitusNodes {
  readonly coordinator: string;
  readonly workers: readonly string[];
}

/**
 * Creates a database on every node of a Citus cluster — the extension installed, the nodes'
 * connections to each other authenticated, the workers registered on the coordinator — and
 * returns its coordinator URL. Each test file can have its own (databases are cheap; a
 * template cannot be cloned across nodes).
 *
 * @example
 * ```ts
 * const url = await createCitusDatabase(inject('legalCitus'));
 * await createMigrator({ connectionString: url }).up();
 * ```
 */
export async function createCitusDatabase(
  nodes: CitusNodes,
  name?: string,
  logger: PostgresLogger = { debug() {} },
): Promise<string> {
  const db = name ?? `legal_citus_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const identifier = databaseIdentifier(db);
  const all = [nodes.coordinator, ...nodes.workers];
  await Promise.all(
    all.map(async (nodeUrl) => {
      await withAdminClient(nodeUrl, (c) => c.query(`create database ${identifier}`));
      await withAdminClient(withDatabase(nodeUrl, db), async (c) => {
        await c.query('create extension citus');
        // every node's connections to the others (workers query each other too) log in as postgres
        const password = decodeURIComponent(new URL(nodeUrl).password);
        await c.query(`insert into pg_dist_authinfo (nodeid, rolename, authinfo) values (0, 'postgres', $1)`, [
          `password=${password}`,
        ]);
      });
    }),
  );
  const url = withDatabase(nodes.coordinator, db);
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`select citus_set_coordinator_host('127.0.0.1', $1)`, [Number(new URL(nodes.coordinator).port)]);
    for (const worker of nodes.workers) {
      await client.query(`select citus_add_node('127.0.0.1', $1)`, [Number(new URL(worker).port)]);
    }
  } finally {
    await client.end().catch(() => {});
  }
  logger.debug(`citus: database ${db} on ${all.length} nodes`);
  return url;
}
