import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { clusterInstance } from '../postgres/cluster-instance.js';
import { messageOf, ProviderStepError } from '../postgres/errors.js';
import { findFreePort } from '../postgres/free-port.js';
import { locateBinDir } from '../postgres/local-binaries.js';
import { findOsUser, isRoot, type OsUser, run } from '../postgres/os-user.js';
import { readPostmasterPid } from '../postgres/postmaster-pid.js';
import { killPostmasterSync, stopPostmaster } from '../postgres/process-cleanup.js';
import { clusterDirPrefix } from '../postgres/run-directory.js';
import { pgCtlStart } from '../postgres/server-args.js';
import { readServerInfo } from '../postgres/server-info.js';
import type { PostgresLogger } from '../postgres/types.js';

/** Options of {@link startReplica}. Every field is optional. */
export interface StartReplicaOptions {
  /** Directory of `pg_basebackup`, `pg_ctl` and `postgres`. Default: as the `local` provider finds them. */
  binDir?: string;
  /** Extra settings of the standby, e.g. `{ recovery_min_apply_delay: '200ms' }` to make it lag. Default: none. */
  settings?: Readonly<Record<string, string>>;
  /** OS user that runs the standby when the process is root. Default: `postgres`. */
  osUser?: string;
  /** Receives one line per step. Default: silent. */
  logger?: PostgresLogger;
  /** Milliseconds the copy and the start may take. Default: `120_000`. */
  timeoutMs?: number;
  /** Parent directory of the standby's cluster. Default: `os.tmpdir()`. */
  tmpDir?: string;
  /** Environment (`LEGAL_TEST_RUN` names the run in the directory). Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A streaming replica of a primary: a hot standby that reads what the primary wrote, as it replays it. */
export interface PostgresReplica extends AsyncDisposable {
  /** Superuser connection string of the standby (same credentials as the primary's). */
  readonly url: string;
  /** Stops the standby and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a streaming replica of `primary` on loopback: `pg_basebackup` of the primary (over
 * its replication connection, with the primary's superuser), a hot standby on a free port,
 * stopped and removed like `startPostgres`'s servers. The primary must accept replication
 * connections from 127.0.0.1 (the `local` provider's servers do).
 *
 * @example
 * ```ts
 * await using primary = await startPostgres({ provider: 'local' });
 * await using replica = await startReplica(primary);
 * const db = createLegalDb({ connectionString: primary.url, readReplicas: [replica.url], contextKey });
 * ```
 */
export async function startReplica(
  primary: { readonly url: string },
  options: StartReplicaOptions = {},
): Promise<PostgresReplica> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? { debug() {} };
  const timeoutMs = options.timeoutMs ?? 120_000;
  const fail = (step: string, error: unknown): never => {
    throw new ProviderStepError('local', `replica: ${step}`, messageOf(error), { cause: error });
  };
  const located = await locateBinDir(options.binDir);
  if ('reasons' in located) fail('binaries', new Error(located.reasons.join('; ')));
  const { binDir } = located as { binDir: string };
  let user: OsUser | undefined;
  if (isRoot()) {
    user = await findOsUser(options.osUser ?? 'postgres');
    if (!user) fail('os user', new Error(`running as root and there is no "${options.osUser ?? 'postgres'}" OS user`));
  }
  const source = new URL(primary.url);
  const password = decodeURIComponent(source.password);
  const root = await mkdtemp(join(options.tmpDir ?? tmpdir(), clusterDirPrefix(env))).catch((e) => fail('temp dir', e));
  const dataDir = join(root, 'data');
  let pid: number | undefined;
  try {
    // the password travels in a passfile the server's OS user can read, never on a command line
    const passfile = join(root, 'pgpass');
    await writeFile(
      passfile,
      `${source.hostname}:${source.port}:*:${decodeURIComponent(source.username)}:${password}\n`,
      {
        mode: 0o600,
      },
    );
    if (user) {
      await chown(root, user.uid, user.gid);
      await chown(passfile, user.uid, user.gid);
    }
    await chmod(root, 0o700);
    logger.debug(`replica: pg_basebackup of ${source.host} into ${dataDir}`);
    await run(
      'env',
      [
        `PGPASSFILE=${passfile}`,
        join(binDir, 'pg_basebackup'),
        '-h',
        source.hostname,
        '-p',
        source.port || '5432',
        '-U',
        decodeURIComponent(source.username),
        '-D',
        dataDir,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        '--no-sync',
      ],
      { user, timeoutMs },
    ).catch((e) => fail('pg_basebackup', e));
    // the standby finds its primary with the same passfile
    const auto = join(dataDir, 'postgresql.auto.conf');
    const conf = await readFile(auto, 'utf8').catch((e) => fail('postgresql.auto.conf', e));
    await writeFile(auto, `${conf}\nprimary_conninfo = '${conninfo(source, passfile)}'\n`).catch((e) =>
      fail('postgresql.auto.conf', e),
    );
    const port = await findFreePort();
    // a standby needs at least the primary's values of these (the primary may have had them on its command line)
    const client = new pg.Client({ connectionString: primary.url });
    await client.connect().catch((e) => fail('read the primary settings', e));
    const inherited = await client
      .query<{ name: string; setting: string }>(
        `select name, setting from pg_settings
          where name in ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
                         'max_locks_per_transaction')`,
      )
      .finally(() => client.end().catch(() => {}));
    const settings = {
      ...Object.fromEntries(inherited.rows.map((r) => [r.name, r.setting])),
      hot_standby: 'on',
      listen_addresses: '127.0.0.1',
      unix_socket_directories: root,
      ...options.settings,
    };
    await pgCtlStart({ binDir, dataDir, root, port, settings, user, timeoutMs }).catch(async (e) => {
      pid = await readPostmasterPid(dataDir);
      fail('start', e);
    });
    const instance = await clusterInstance({
      provider: 'local',
      root,
      dataDir,
      port,
      password,
      logger,
      shutdown: (p) => stopPostmaster(p),
    });
    await readServerInfo(instance.url, timeoutMs);
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= instance.stop();
      return stopping;
    };
    logger.debug(`replica: hot standby on 127.0.0.1:${port}`);
    return { url: instance.url.replace(/\/postgres$/, source.pathname), stop, [Symbol.asyncDispose]: stop };
  } catch (error) {
    pid ??= await readPostmasterPid(dataDir).catch(() => undefined);
    if (pid !== undefined) killPostmasterSync(pid);
    await rm(root, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    throw error;
  }
}

function conninfo(source: URL, passfile: string): string {
  return `host=${source.hostname} port=${source.port || '5432'} user=${decodeURIComponent(source.username)} passfile=${passfile} application_name=legal_replica`;
}
