import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/** Looks up an OS user's ids with `id`; `undefined` when the user does not exist. */
export async function findOsUser(name: string): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]).then((r) => Number.parseInt(r.stdout, 10)),
      execFileAsync('id', ['-g', name]).then((r) => Number.parseInt(r.stdout, 10)),
    ]);
    return Number.isInteger(uid) && Number.isInteger(gid) ? { name, uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a program, as `user` through `runuser -u` when given. Rejects with the program's stderr in the message. */
export async function run(
  file: string,
  args: readonly string[],
  options: { user?: OsUser | undefined; timeoutMs: number },
): Promise<RunResult> {
  const [command, commandArgs] = options.user
    ? ['runuser', ['-u', options.user.name, '--', file, ...args]]
    : [file, [...args]];
  try {
    const { stdout, stderr } = await execFileAsync(command, commandArgs, {
      timeout: options.timeoutMs,
      cwd: '/',
      maxBuffer: 16 * 1024 * 1024,
    });
    return { stdout, stderr };
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string; killed?: boolean };
    const output = `${e.stderr ?? ''}${e.stdout ?? ''}`.trim() || e.message;
    throw new Error(e.killed ? `timed out after ${options.timeoutMs} ms: ${output}` : output, { cause: error });
  }
}

/**
 * Throws a clear error when `user` cannot reach `path` (read a file, enter a directory),
 * typically because a parent directory is closed to it.
 */
export async function assertReachableBy(user: OsUser, path: string, kind: 'file' | 'directory'): Promise<void> {
  await run('test', [kind === 'file' ? '-r' : '-x', path], { user, timeoutMs: 10_000 }).catch(() => {
    throw new Error(
      `the "${user.name}" OS user that runs the server cannot ${kind === 'file' ? 'read' : 'enter'} ${path}: every parent directory must be traversable by it (chmod o+x), or pass another tmpDir`,
    );
  });
}

/** Creates a system group and user `name` (no home, no login shell) with `groupadd`/`useradd`; root only. */
export async function createOsUser(name: string): Promise<OsUser> {
  await execFileAsync('groupadd', ['--force', '--system', name]).catch((error: unknown) => {
    throw new Error(`could not create the "${name}" OS group: ${(error as Error).message}`, { cause: error });
  });
  await execFileAsync('useradd', [
    '--system',
    '--gid',
    name,
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    name,
  ]).catch((error: unknown) => {
    throw new Error(`could not create the "${name}" OS user: ${(error as Error).message}`, { cause: error });
  });
  const user = await findOsUser(name);
  if (!user) throw new Error(`the "${name}" OS user was created but cannot be found`);
  return user;
}

/** Whether `user` can reach and execute `file` (every parent directory traversable). */
export async function canExecute(user: OsUser, file: string): Promise<boolean> {
  return run('test', ['-x', file], { user, timeoutMs: 10_000 }).then(
    () => true,
    () => false,
  );
}
