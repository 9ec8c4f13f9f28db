import { ProviderSkippedError } from './errors.js';
import type { ProviderContext, ProviderInstance } from './types.js';

/** The `env` provider: an existing server named by `LEGAL_TEST_DATABASE_URL` or `DATABASE_URL`. */
export async function startFromEnv(context: ProviderContext): Promise<ProviderInstance> {
  const url = context.env.LEGAL_TEST_DATABASE_URL || context.env.DATABASE_URL;
  if (!url) throw new ProviderSkippedError('neither LEGAL_TEST_DATABASE_URL nor DATABASE_URL is set');
  return {
    url,
    // The server is not ours: stopping releases nothing on it.
    async stop() {},
  };
}
