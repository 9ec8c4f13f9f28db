import { execFile } from 'node:child_process';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';
const REQUIRED = ['initdb', 'pg_ctl', 'postgres'] as const;

/**
 * Finds a directory with `initdb`, `pg_ctl` and `postgres`: the given one, else
 * `pg_config --bindir`, else the newest `/usr/lib/postgresql/<major>/bin`.
 * Returns the directory, or the reasons each place was rejected.
 */
export async function locateBinDir(explicit?: string): Promise<{ binDir: string } | { reasons: string[] }> {
  const reasons: string[] = [];
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  else {
    try {
      const { stdout } = await execFileAsync('pg_config', ['--bindir'], { timeout: 5_000 });
      candidates.push(stdout.trim());
    } catch {
      reasons.push('pg_config is not on PATH');
    }
    const majors = await readdir(DEBIAN_ROOT).catch(() => [] as string[]);
    const newestFirst = majors.filter((m) => /^\d+$/.test(m)).sort((a, b) => Number(b) - Number(a));
    if (newestFirst.length === 0) reasons.push(`${DEBIAN_ROOT}/<major>/bin does not exist`);
    candidates.push(...newestFirst.map((m) => join(DEBIAN_ROOT, m, 'bin')));
  }
  for (const dir of candidates) {
    const missing = await missingPrograms(dir);
    if (missing.length === 0) return { binDir: dir };
    reasons.push(`${dir} lacks ${missing.join(', ')}`);
  }
  return { reasons };
}

async function missingPrograms(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (const name of REQUIRED) {
    await access(join(dir, name)).catch(() => missing.push(name));
  }
  return missing;
}
