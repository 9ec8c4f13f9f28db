import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { entries, isAlive } from './support/cluster.js';
import { hasLocalBinaries } from './support/local-binaries.js';
import { tempDir } from './support/temp-dir.js';

const WAIT = { timeout: 20_000, interval: 50 };
const fixture = fileURLToPath(new URL('./fixtures/hold-server.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs the fixture in its own process and returns it once its server is up. */
async function holdServer(provider: string, tmpDir: string) {
  const child = spawn(process.execPath, ['--conditions=@legal/source', '--import', 'tsx', fixture, provider, tmpDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}: ${stderr}`)));
  });
  return { child, ...(JSON.parse(line) as { pid: number; dataDir: string }) };
}

describe.each(hasLocalBinaries ? ['local', 'embedded'] : ['embedded'])(
  '%s provider when the test process dies',
  (provider) => {
    it.each(['SIGKILL', 'SIGTERM', 'SIGINT'] as const)(
      'leaves no server and no files behind after %s',
      async (signal) => {
        const tmp = await tempDir();
        const { child, pid, dataDir } = await holdServer(provider, tmp);
        expect(dataDir.startsWith(tmp)).toBe(true);
        expect(isAlive(pid)).toBe(true);

        child.kill(signal);
        // SIGKILL runs no handler in the process: the watchdog it left behind does the cleanup.
        await vi.waitFor(() => expect(isAlive(pid), `postmaster ${pid} is gone after ${signal}`).toBe(false), WAIT);
        await vi.waitFor(async () => expect(await entries(tmp), `${tmp} is empty after ${signal}`).toEqual([]), WAIT);
      },
    );
  },
);
