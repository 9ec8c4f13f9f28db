import { ProviderSkippedError } from './errors.js';
import { locateBinDir } from './local-binaries.js';
import { findOsUser, isRoot, type OsUser } from './os-user.js';
import { startThrowawayCluster } from './throwaway-cluster.js';
import type { ProviderContext, ProviderInstance } from './types.js';

/**
 * The `local` provider: a throwaway cluster from the machine's PostgreSQL binaries,
 * in a temp dir, on a free loopback port, run as the `postgres` OS user when root.
 */
export async function startLocal(context: ProviderContext): Promise<ProviderInstance> {
  const options = context.options.local ?? {};
  if (process.platform === 'win32') throw new ProviderSkippedError('not supported on Windows');
  const located = await locateBinDir(options.binDir);
  if ('reasons' in located) throw new ProviderSkippedError(`no PostgreSQL binaries: ${located.reasons.join('; ')}`);

  let user: OsUser | undefined;
  if (isRoot()) {
    const name = options.osUser ?? 'postgres';
    user = await findOsUser(name);
    if (!user) throw new ProviderSkippedError(`running as root and there is no "${name}" OS user to run the server as`);
  }
  return startThrowawayCluster(context, { provider: 'local', binDir: located.binDir, user, options });
}
