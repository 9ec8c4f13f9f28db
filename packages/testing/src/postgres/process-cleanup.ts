import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

type CleanupTask = () => void;

const tasks = new Set<CleanupTask>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

/**
 * Runs `task` (synchronously) if the process exits or is stopped by a signal before
 * the returned function is called. Tasks run at most once.
 */
export function onProcessExit(task: CleanupTask): () => void {
  install();
  let done = false;
  const once: CleanupTask = () => {
    if (done) return;
    done = true;
    tasks.delete(once);
    task();
  };
  tasks.add(once);
  return () => {
    done = true;
    tasks.delete(once);
  };
}

function runAll(): void {
  for (const task of [...tasks]) {
    try {
      task();
    } catch {
      // best effort: the watchdog still covers this server
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of SIGNALS) {
    const handler = (): void => {
      runAll();
      process.removeListener(signal, handler);
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/** Synchronously stops a postmaster: SIGQUIT (immediate shutdown), then SIGKILL after `graceMs`. */
export function killPostmasterSync(pid: number, graceMs = 3_000): void {
  if (!isAlive(pid)) return;
  signal(pid, 'SIGQUIT');
  const deadline = Date.now() + graceMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (isAlive(pid) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
  if (isAlive(pid)) signal(pid, 'SIGKILL');
}

/** Stops a postmaster: SIGINT (fast shutdown), then {@link killPostmasterSync} if it outlives `timeoutMs`. */
export async function stopPostmaster(pid: number, timeoutMs = 30_000): Promise<void> {
  signal(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  killPostmasterSync(pid);
}

export function removeDirSync(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Whether `pid` is a running process. A zombie counts as gone: a daemonised postmaster
 * is reaped by init, which may take its time (seconds, in some containers).
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state ...": comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false; // no procfs (macOS): kill(0) is all we know
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

const WATCHDOG = `
parent="$1"; pg="$2"; dir="$3"
alive() { kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null; }
while alive "$parent"; do sleep 1; done
if [ -n "$pg" ] && alive "$pg"; then
  kill -QUIT "$pg" 2>/dev/null
  i=0
  while alive "$pg" && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "$pg" 2>/dev/null
fi
rm -rf "$dir"
`;

/**
 * Starts a detached shell that outlives this process: once this process is gone, even
 * by SIGKILL where no handler runs, it stops the postmaster and removes `dir`.
 * Returns a function that cancels the watchdog (call it after a normal stop).
 */
export function startWatchdog(postmasterPid: number, dir: string): () => void {
  const child = spawn('sh', ['-c', WATCHDOG, 'legal-pg-watchdog', String(process.pid), String(postmasterPid), dir], {
    detached: true,
    stdio: 'ignore',
    cwd: '/',
  });
  child.on('error', () => {});
  child.unref();
  return () => {
    if (child.pid !== undefined) signal(child.pid, 'SIGKILL');
  };
}

/**
 * Guards a throwaway cluster against every way this process can end: an exit or signal
 * handler, and a watchdog for SIGKILL. Call the returned function after a normal stop.
 */
export function guardCluster(postmasterPid: number, dir: string): () => void {
  const cancelWatchdog = startWatchdog(postmasterPid, dir);
  const cancelExitHook = onProcessExit(() => {
    killPostmasterSync(postmasterPid);
    removeDirSync(dir);
    cancelWatchdog();
  });
  return () => {
    cancelExitHook();
    cancelWatchdog();
  };
}
