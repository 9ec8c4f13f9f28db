import { execFile, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OperationError } from '../migrator/errors.js';

const execFileAsync = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The PostgreSQL client programs backup and restore run. */
export type PgTool = 'pg_dump' | 'pg_restore';

/**
 * Finds `pg_dump` or `pg_restore` whose major is at least the server's (an older one
 * refuses a newer server): `binDir` when given, else the newest
 * `/usr/lib/postgresql/<major>/bin`, else `PATH`.
 */
export async function findPgTool(tool: PgTool, serverMajor: number, binDir?: string): Promise<string> {
  const candidates: string[] = [];
  if (binDir) candidates.push(join(binDir, tool));
  else {
    const majors = await readdir(DEBIAN_ROOT).catch(() => [] as string[]);
    for (const m of majors.filter((m) => /^\d+$/.test(m)).sort((a, b) => Number(b) - Number(a))) {
      candidates.push(join(DEBIAN_ROOT, m, 'bin', tool));
    }
    candidates.push(tool);
  }
  const rejected: string[] = [];
  for (const path of candidates) {
    try {
      const { stdout } = await execFileAsync(path, ['--version'], { timeout: 10_000 });
      const major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
      if (major >= serverMajor) return path;
      rejected.push(`${path} is version ${major}, older than the server (${serverMajor})`);
    } catch {
      rejected.push(`${path} not found`);
    }
  }
  throw new OperationError(
    'TOOL_MISSING',
    `${tool} ${serverMajor} or newer is needed (install the PostgreSQL client package, or pass --pg-bin <dir>): ${rejected.join('; ')}`,
  );
}

/**
 * The connection for a client program: a URL without its password (command lines are
 * visible to every user of the machine) and the password in `PGPASSWORD`.
 */
export function toolConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** Options of {@link runPgTool}. */
export interface RunPgToolOptions {
  /** Extra environment (e.g. `PGPASSWORD`). */
  env?: Record<string, string>;
  /** Each line the program prints on stderr (its `--verbose` progress). */
  onLine?: (line: string) => void;
}

/** Runs a client program; resolves with its stdout, rejects with the last lines of stderr. */
export function runPgTool(path: string, args: readonly string[], options: RunPgToolOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, [...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let pending = '';
    const tail: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        options.onLine?.(line);
      }
    });
    child.on('error', (error) => reject(new OperationError('TOOL_MISSING', `${path}: ${error.message}`)));
    child.on('close', (code) => {
      if (pending) tail.push(pending);
      if (code === 0) resolve(stdout);
      else {
        const errors = tail.filter((l) => /error|fatal/i.test(l));
        reject(
          new OperationError(
            path.endsWith('pg_dump') ? 'BACKUP_FAILED' : 'RESTORE_FAILED',
            `${path.split('/').pop()} exited with code ${code}: ${(errors.length > 0 ? errors : tail).slice(-5).join(' | ')}`,
          ),
        );
      }
    });
  });
}
