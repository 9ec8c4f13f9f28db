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
  try {
    module = await import('@testcontainers/postgresql');
  } catch {
    throw new ProviderSkippedError(
      'the optional peer dependencies testcontainers and @testcontainers/postgresql are not installed',
    );
  }
  const image = context.options.container?.image ?? DEFAULT_IMAGE;
  context.logger.debug(`container: starting ${image} via ${detection.endpoint}`);
  try {
    const container = await new module.PostgreSqlContainer(image)
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
