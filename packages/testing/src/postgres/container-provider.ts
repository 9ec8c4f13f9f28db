import { randomBytes } from 'node:crypto';
import { detectContainerRuntime } from './detect-container-runtime.js';
import { messageOf, ProviderSkippedError, ProviderStepError } from './errors.js';
import type { ProviderContext, ProviderInstance } from './types.js';

const DEFAULT_IMAGE = 'postgres:18-alpine';

/**
 * The `container` provider: testcontainers' `PostgreSqlContainer`, only when a container
 * runtime is reachable (detected up front) and the optional peer dependency is installed.
 */
export async function startContainer(context: ProviderContext): Promise<ProviderInstance> {
  const detection = await detectContainerRuntime(context.env);
  if (!detection.available) throw new ProviderSkippedError(detection.reason);

  let module: typeof import('@testcontainers/postgresql');
  let core: typeof import('testcontainers');
  try {
    module = await import('@testcontainers/postgresql');
    core = await import('testcontainers');
  } catch {
    throw new ProviderSkippedError(
      'the optional peer dependencies testcontainers and @testcontainers/postgresql are not installed',
    );
  }
  const image = context.options.container?.image ?? DEFAULT_IMAGE;
  context.logger.debug(`container: starting ${image} via ${detection.endpoint}`);
  try {
    const container = await new module.PostgreSqlContainer(image)
      // What every provider hands out: a superuser on the `postgres` database (the module's
      // default is user `test` on database `test`), with a password of its own.
      .withUsername('postgres')
      .withPassword(randomBytes(18).toString('base64url'))
      .withDatabase('postgres')
      // Ready when the entrypoint's final server says so (its temporary one said it first).
      // The module's default waits for the image's health check, which Podman runs only
      // through systemd timers: without systemd it never reports healthy.
      .withWaitStrategy(core.Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .withStartupTimeout(context.startupTimeoutMs)
      .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])
      .start();
    return {
      url: container.getConnectionUri(),
      async stop() {
        await container.stop();
      },
    };
  } catch (error) {
    // testcontainers removes a container that failed to start (and Ryuk reaps the rest).
    throw new ProviderStepError('container', 'start container', messageOf(error), { cause: error });
  }
}
