import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../postgres/free-port.js';
import { findOsUser, isRoot } from '../postgres/os-user.js';

/** Options of {@link startPgBouncer}. */
export interface PgBouncerOptions {
  /** Logins pgbouncer accepts and uses towards the server. Default: the one in `serverUrl`. */
  users?: readonly { user: string; password: string }[];
  /** Pool mode. Default: `transaction` (the mode the SDK is built for: it only uses SET LOCAL). */
  poolMode?: 'session' | 'transaction';
  /** Server connections per (database, user). Default: 4. */
  poolSize?: number;
  /** The pgbouncer binary. Default: `pgbouncer` on PATH, else `/usr/sbin/pgbouncer`. */
  binary?: string;
  /** Seconds to wait for it to listen. Default: 10. */
  startupTimeoutSeconds?: number;
}

/** A running pgbouncer; `stop()` ends it and removes its files. */
export interface PgBouncer extends AsyncDisposable {
  /** `serverUrl` with host and port replaced by pgbouncer's. */
  url: string;
  port: number;
  /** The same URL for another login of `options.users`. */
  urlFor(user: string, password: string): string;
  stop(): Promise<void>;
}

/** The pgbouncer binary, or undefined when it is not installed (tests skip with this reason). */
export function findPgBouncer(binary?: string): string | undefined {
  if (binary) return existsSync(binary) ? binary : undefined;
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/usr/local/bin'])) {
    const candidate = join(dir, 'pgbouncer');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Starts pgbouncer on 127.0.0.1 in front of a PostgreSQL server (transaction pooling by
 * default), for tests that must hold behind a pooler. When the process is root, pgbouncer
 * runs as the `postgres` OS user (it refuses root).
 *
 * @example
 * ```ts
 * await using bouncer = await startPgBouncer(server.url);
 * const db = createLegalDb({ connectionString: bouncer.url });
 * ```
 */
export async function startPgBouncer(serverUrl: string, options: PgBouncerOptions = {}): Promise<PgBouncer> {
  const binary = findPgBouncer(options.binary);
  if (!binary) throw new Error('pgbouncer is not installed (Debian: apt-get install pgbouncer)');
  const server = new URL(serverUrl);
  const users = options.users ?? [
    { user: decodeURIComponent(server.username), password: decodeURIComponent(server.password) },
  ];
  const port = await findFreePort();
  const dir = await mkdtemp(join(tmpdir(), 'legal-pgbouncer-'));
  const osUser = isRoot() ? await findOsUser('postgres') : undefined;
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  await writeFile(join(dir, 'users.txt'), `${users.map((u) => `${quote(u.user)} ${quote(u.password)}`).join('\n')}\n`);
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      "unix_socket_dir = ''",
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      `default_pool_size = ${options.poolSize ?? 4}`,
      'max_client_conn = 500',
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      'server_reset_query = DISCARD ALL',
      '',
    ].join('\n'),
  );
  if (osUser) {
    await chmod(dir, 0o700);
    await chown(dir, osUser.uid, osUser.gid);
    for (const f of ['users.txt', 'pgbouncer.ini']) await chown(join(dir, f), osUser.uid, osUser.gid);
  }
  const [command, args] = osUser
    ? ['runuser', ['-u', osUser.name, '--', binary, join(dir, 'pgbouncer.ini')]]
    : [binary, [join(dir, 'pgbouncer.ini')]];
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const deadline = Date.now() + (options.startupTimeoutSeconds ?? 10) * 1000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = await readFile(join(dir, 'pgbouncer.log'), 'utf8').catch(() => '');
      await stop();
      throw new Error(`pgbouncer exited with code ${child.exitCode}: ${(output + log).trim().slice(-2000)}`);
    }
    if (await listening(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`pgbouncer did not listen on 127.0.0.1:${port} within ${options.startupTimeoutSeconds ?? 10} s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const urlFor = (user: string, password: string) => {
    const url = new URL(serverUrl);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    url.username = encodeURIComponent(user);
    url.password = encodeURIComponent(password);
    return url.toString();
  };
  const first = users[0] as { user: string; password: string };
  const stopAll = async () => {
    process.removeListener('exit', onExit);
    await stop();
  };
  return {
    url: urlFor(first.user, first.password),
    port,
    urlFor,
    stop: stopAll,
    [Symbol.asyncDispose]: stopAll,
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
