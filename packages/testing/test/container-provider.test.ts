import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectContainerRuntime, PostgresUnavailableError, startPostgres } from '../src/index.js';
import { findFreePort } from '../src/postgres/free-port.js';
import { tempDir } from './support/temp-dir.js';

describe('container provider', () => {
  it('falls through at once, with the reason, when no container runtime exists', async () => {
    const home = await tempDir();
    const lines: string[] = [];
    const error = await startPostgres({
      provider: 'container',
      env: { HOME: home },
      logger: { debug: (line) => lines.push(line) },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresUnavailableError);
    const [attempt] = (error as PostgresUnavailableError).attempts;
    expect(attempt?.outcome).toBe('skipped');
    expect(attempt?.reason).toMatch(
      /^no container runtime: DOCKER_HOST is not set and none of \/var\/run\/docker.sock/,
    );
    expect(lines).toContainEqual(expect.stringMatching(/^container: skipped: no container runtime/));
    // Measured, not asserted (no wall-clock thresholds in tests): printed for the record.
    console.log(`container detection without a runtime took ${attempt?.durationMs.toFixed(2)} ms`);
  });

  it('moves on to the next provider after skipping', async () => {
    const home = await tempDir();
    const lines: string[] = [];
    await using server = await startPostgres({
      provider: ['container', 'embedded'],
      env: { HOME: home },
      logger: { debug: (line) => lines.push(line) },
    });
    expect(server.provider).toBe('embedded');
    expect(lines[0]).toMatch(/^container: skipped/);
  });

  it('names a DOCKER_HOST socket that does not exist', async () => {
    const result = await detectContainerRuntime({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(result).toEqual({
      available: false,
      reason:
        'container runtime at unix:///nonexistent/docker.sock is not reachable: /nonexistent/docker.sock does not exist',
    });
  });

  it('names a DOCKER_HOST TCP endpoint that refuses connections', async () => {
    const port = await findFreePort();
    const result = await detectContainerRuntime({ DOCKER_HOST: `tcp://127.0.0.1:${port}` });
    expect(result).toEqual({
      available: false,
      reason: `container runtime at tcp://127.0.0.1:${port} is not reachable: ECONNREFUSED`,
    });
  });

  it('reads docker.host from ~/.testcontainers.properties', async () => {
    const home = await tempDir();
    await writeFile(join(home, '.testcontainers.properties'), 'docker.host=unix:///nowhere/docker.sock\n');
    const result = await detectContainerRuntime({ HOME: home });
    expect(result.available).toBe(false);
    expect(!result.available && result.reason).toContain('unix:///nowhere/docker.sock');
  });

  it('reports a runtime when something answers on a known socket', async () => {
    const home = await tempDir();
    await mkdir(join(home, '.docker/run'), { recursive: true });
    const socketPath = join(home, '.docker/run/docker.sock');
    const listener = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listener.listen(socketPath, resolve));
    try {
      const result = await detectContainerRuntime({ HOME: home });
      // /var/run/docker.sock comes first in the search; on this machine there is none.
      expect(result).toEqual({ available: true, endpoint: `unix://${socketPath}` });
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
