import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A fresh empty directory (traversable by the `postgres` OS user), removed after the file's tests. */
export async function tempDir(prefix = 'legal-testing-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
