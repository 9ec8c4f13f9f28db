import { describe, expect, inject, it } from 'vitest';
import { PostgresUnavailableError, startPostgres } from '../src/index.js';
import { findFreePort } from '../src/postgres/free-port.js';
import { canConnect } from './support/cluster.js';

const runServer = inject('legalPostgres');

describe('env provider', () => {
  it('uses LEGAL_TEST_DATABASE_URL, and stopping leaves that server running', async () => {
    const server = await startPostgres({ env: { LEGAL_TEST_DATABASE_URL: runServer.url } });
    expect(server.provider).toBe('env');
    expect(server.url).toBe(runServer.url);
    expect(server.version).toBe(runServer.version);
    await server.stop();
    expect(await canConnect(runServer.url)).toBe(true);
  });

  it('falls back to DATABASE_URL, and prefers LEGAL_TEST_DATABASE_URL when both are set', async () => {
    await using fromDatabaseUrl = await startPostgres({ env: { DATABASE_URL: runServer.url } });
    expect(fromDatabaseUrl.provider).toBe('env');
    await using preferred = await startPostgres({
      env: { LEGAL_TEST_DATABASE_URL: runServer.url, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(preferred.url).toBe(runServer.url);
  });

  it('fails at once, naming the connect step, when the configured URL does not answer', async () => {
    const port = await findFreePort();
    const error = await startPostgres({
      env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` },
      startupTimeoutMs: 500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresUnavailableError);
    const { attempts } = error as PostgresUnavailableError;
    // No other provider is tried: a configured server that is down is a fault to report.
    expect(attempts.map((a) => [a.provider, a.outcome])).toEqual([['env', 'failed']]);
    expect(attempts[0]?.reason).toContain('step "connect"');
  });

  it('is skipped with its reason when neither variable is set', async () => {
    const error = await startPostgres({ provider: 'env', env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresUnavailableError);
    expect((error as Error).message).toContain('env (skipped');
    expect((error as Error).message).toContain('neither LEGAL_TEST_DATABASE_URL nor DATABASE_URL is set');
  });
});

describe('provider selection', () => {
  it('honours LEGAL_PG_PROVIDER as a comma-separated list', async () => {
    const error = await startPostgres({ env: { LEGAL_PG_PROVIDER: 'env, container', HOME: '/nonexistent' } }).catch(
      (e: unknown) => e,
    );
    expect((error as PostgresUnavailableError).attempts.map((a) => a.provider)).toEqual(['env', 'container']);
  });

  it('rejects an unknown provider name with the valid ones', async () => {
    await expect(startPostgres({ env: { LEGAL_PG_PROVIDER: 'docker' } })).rejects.toThrow(
      'Unknown PostgreSQL provider "docker"; expected one of env, local, container, embedded',
    );
  });
});
