import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type OsUser, run } from './os-user.js';

/** The `-o` string of `pg_ctl start`: the port and each setting as `-c name=value`, values quoted for pg_ctl's splitter. */
export function serverArgs(port: number, settings: Readonly<Record<string, string>>): string {
  return [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${quote(v)}`)].join(' ');
}

/** The last lines of a server log, for an error message. */
export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Quotes a value for pg_ctl's `-o` string (parsed by a shell-like splitter). */
function quote(value: string): string {
  return /^[\w./:-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** What {@link pgCtlStart} starts: a data directory whose log goes to `<root>/server.log`. */
export interface PgCtlStart {
  binDir: string;
  dataDir: string;
  root: string;
  port: number;
  settings: Readonly<Record<string, string>>;
  user: OsUser | undefined;
  timeoutMs: number;
}

/**
 * `pg_ctl start -w` of a throwaway server, as `user` when given. Rejects with pg_ctl's message
 * and the tail of the server log; `log` is the whole log, for a caller that looks into it.
 */
export async function pgCtlStart(start: PgCtlStart): Promise<void> {
  const logFile = join(start.root, 'server.log');
  try {
    await run(
      join(start.binDir, 'pg_ctl'),
      [
        '-D',
        start.dataDir,
        '-l',
        logFile,
        '-w',
        '-t',
        String(Math.ceil(start.timeoutMs / 1000)),
        '-o',
        serverArgs(start.port, start.settings),
        'start',
      ],
      { user: start.user, timeoutMs: start.timeoutMs + 5_000 },
    );
  } catch (error) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    throw Object.assign(new Error(`${(error as Error).message}\n${tail(log)}`.trim(), { cause: error }), { log });
  }
}
