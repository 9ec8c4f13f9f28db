import { randomBytes } from 'node:crypto';
import { chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterInstance } from './cluster-instance.js';
import { messageOf, ProviderStepError } from './errors.js';
import { findFreePort } from './free-port.js';
import { assertReachableBy, type OsUser, run } from './os-user.js';
import { readPostmasterPid } from './postmaster-pid.js';
import { killPostmasterSync, stopPostmaster } from './process-cleanup.js';
import { clusterDirPrefix } from './run-directory.js';
import { pgCtlStart } from './server-args.js';
import type { LocalProviderOptions, ProviderContext, ProviderInstance } from './types.js';

/** Settings that make a throwaway test cluster fast; durability is not wanted here. */
const FAST_SETTINGS: Readonly<Record<string, string>> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '200',
};

const PORT_ATTEMPTS = 3;

/** What {@link startThrowawayCluster} runs, and as whom. */
export interface ThrowawayClusterSpec {
  provider: 'local' | 'embedded';
  /**
   * Directory holding `initdb`, `pg_ctl` and `postgres`, or a function that makes one inside
   * the cluster's own directory (called once that directory exists; removed with it).
   */
  binDir: string | ((root: string) => Promise<string>);
  /** OS user that runs the server (root only); `undefined` runs it as this process's user. */
  user: OsUser | undefined;
  options: LocalProviderOptions;
}

/**
 * A throwaway cluster from a directory of PostgreSQL binaries: initdb in a fresh temp dir,
 * `pg_ctl start` on a free loopback port, run as `spec.user` through `runuser` when root.
 * Every failure removes what was made and throws a {@link ProviderStepError} naming the step.
 */
export async function startThrowawayCluster(
  context: ProviderContext,
  spec: ThrowawayClusterSpec,
): Promise<ProviderInstance> {
  const { options, user, provider } = spec;
  const fail = (step: string, error: unknown): never => {
    throw new ProviderStepError(provider, step, messageOf(error), { cause: error });
  };

  // Step: prepare the directory. From here on every failure removes it.
  const root = await mkdtemp(join(context.tmpDir, clusterDirPrefix(context.env))).catch((e) =>
    fail('create temp dir', e),
  );
  const dataDir = join(root, 'data');
  const password = options.password ?? randomBytes(18).toString('base64url');
  let postmasterPid: number | undefined;
  try {
    try {
      await mkdir(join(root, 'socket'));
      await writeFile(join(root, 'pwfile'), `${password}\n`, { mode: 0o600 });
      if (user) {
        for (const path of [root, join(root, 'socket'), join(root, 'pwfile')]) await chown(path, user.uid, user.gid);
        await assertReachableBy(user, join(root, 'pwfile'), 'file');
      }
    } catch (error) {
      fail('create temp dir', error);
    }
    const binDir =
      typeof spec.binDir === 'string' ? spec.binDir : await spec.binDir(root).catch((e) => fail('copy binaries', e));

    context.logger.debug(`${provider}: initdb in ${dataDir} with ${binDir}`);
    await run(
      join(binDir, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        `--pwfile=${join(root, 'pwfile')}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
      ],
      { user, timeoutMs: context.startupTimeoutMs },
    ).catch((e) => fail('initdb', e));
    if (options.hba && options.hba.length > 0) {
      const hbaFile = join(dataDir, 'pg_hba.conf');
      const current = await readFile(hbaFile, 'utf8').catch((e) => fail('pg_hba.conf', e));
      await writeFile(hbaFile, `${options.hba.join('\n')}\n${current}`).catch((e) => fail('pg_hba.conf', e));
    }

    const settings = { ...FAST_SETTINGS, unix_socket_directories: join(root, 'socket'), ...options.settings };
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = options.port ?? (await findFreePort().catch((e) => fail('choose port', e)));
      context.logger.debug(`${provider}: starting on 127.0.0.1:${port}`);
      try {
        await pgCtlStart({ binDir, dataDir, root, port, settings, user, timeoutMs: context.startupTimeoutMs });
        break;
      } catch (error) {
        const portTaken = /could not bind|address already in use/i.test((error as { log?: string }).log ?? '');
        postmasterPid = await readPostmasterPid(dataDir);
        if (postmasterPid !== undefined) killPostmasterSync(postmasterPid);
        if (portTaken && options.port === undefined && attempt < PORT_ATTEMPTS) continue;
        fail('start', error);
      }
    }

    return await clusterInstance({
      provider,
      root,
      dataDir,
      port,
      password,
      logger: context.logger,
      shutdown: (pid) => stopPostmaster(pid),
    });
  } catch (error) {
    if (postmasterPid !== undefined) killPostmasterSync(postmasterPid);
    await rm(root, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    throw error;
  }
}
