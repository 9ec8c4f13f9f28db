import { rm } from 'node:fs/promises';
import { ProviderStepError } from './errors.js';
import { readPostmasterPid } from './postmaster-pid.js';
import { guardCluster } from './process-cleanup.js';
import type { PostgresLogger, ProviderInstance } from './types.js';

/** A throwaway cluster that a provider has just started in `root`. */
export interface StartedCluster {
  provider: 'local' | 'embedded';
  /** Temp dir holding everything of the cluster; removed on stop. */
  root: string;
  dataDir: string;
  port: number;
  password: string;
  logger: PostgresLogger;
  /** Shuts the server down (the postmaster must be gone when it resolves). */
  shutdown(postmasterPid: number): Promise<void>;
}

/**
 * Turns a started cluster into a provider instance: guarded against every way the
 * process can end (see `guardCluster`), and removed from disk on stop.
 */
export async function clusterInstance(cluster: StartedCluster): Promise<ProviderInstance> {
  const pid = await readPostmasterPid(cluster.dataDir);
  if (pid === undefined) {
    throw new ProviderStepError(cluster.provider, 'start', 'postmaster.pid is missing after start');
  }
  const releaseGuard = guardCluster(pid, cluster.root);
  return {
    url: `postgres://postgres:${encodeURIComponent(cluster.password)}@127.0.0.1:${cluster.port}/postgres`,
    async stop() {
      await cluster.shutdown(pid);
      releaseGuard();
      await rm(cluster.root, { recursive: true, force: true, maxRetries: 3 });
      cluster.logger.debug(`${cluster.provider}: stopped and removed ${cluster.root}`);
    },
  };
}
