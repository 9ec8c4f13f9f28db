import { spawn } from 'node:child_process';
import { access, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { BUILD_CITUS_SCRIPT } from './build-script.js';

/** Options of {@link ensureCitus}. */
export interface EnsureCitusOptions {
  /** Directory of the PostgreSQL binaries (`pg_config` is looked for there). Default: `/usr/lib/postgresql/15/bin`. */
  binDir?: string;
  /**
   * The Citus source tarball to build from when the extension is missing. Default: the
   * `LEGAL_CITUS_SOURCE` environment variable, else the first `vendor/citus-<version>.tar.gz`
   * found in the working directory or one of its parents.
   */
  source?: string;
  /** Where the build unpacks and logs (`build.log`). Default: `node_modules/.cache/legal-citus` beside the source's `vendor/`. */
  cacheDir?: string;
  /** Receives one line per step. Default: silent. */
  logger?: { debug(message: string): void };
  /** Environment to read. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Thrown when Citus is not installed and cannot be built here (the message says why and what to do). */
export class CitusUnavailableError extends Error {
  override readonly name = 'CitusUnavailableError';
}

const CITUS_VERSION = '13.2.2';
const CITUS_SHA256 = 'dd2453caec20a830e5e63f1def5c5a98cb6f57ae510407cdcd800916fcdab430';

/**
 * Makes sure the Citus extension is installed in the machine's PostgreSQL: returns at once
 * when `citus.so` is there, else builds it from the vendored source (root and apt-get
 * needed; a few minutes, once per machine). Concurrent callers wait for one build.
 *
 * @example
 * ```ts
 * await ensureCitus({ logger: console });
 * ```
 */
export async function ensureCitus(options: EnsureCitusOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const binDir = options.binDir ?? env.LEGAL_PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const major = /postgresql\/(\d+)\//.exec(`${binDir}/`)?.[1] ?? '15';
  const libDir = `/usr/lib/postgresql/${major}/lib`;
  if (await exists(join(libDir, 'citus.so'))) return;

  const source = options.source ?? env.LEGAL_CITUS_SOURCE ?? (await findVendored());
  if (!source) {
    throw new CitusUnavailableError(
      `Citus is not installed (${libDir}/citus.so) and no source to build it from was found: set LEGAL_CITUS_SOURCE to citus-${CITUS_VERSION}.tar.gz`,
    );
  }
  const cacheDir = options.cacheDir ?? join(dirname(dirname(source)), 'node_modules', '.cache', 'legal-citus');
  await mkdir(cacheDir, { recursive: true });
  const lock = join(tmpdir(), 'legal-citus-build.lock');
  // one build per machine: the others wait for the lock to go, then find citus.so
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (await exists(join(libDir, 'citus.so'))) return;
      await delay(2_000);
    }
  }
  try {
    if (await exists(join(libDir, 'citus.so'))) return;
    options.logger?.debug(`citus: building ${CITUS_VERSION} from ${source} (a few minutes)`);
    const scriptFile = join(cacheDir, 'build-citus.sh');
    await writeFile(scriptFile, BUILD_CITUS_SCRIPT, { mode: 0o755 });
    const output = await runBash(scriptFile, {
      ...process.env,
      CITUS_TARBALL: resolve(source),
      CITUS_CACHE: resolve(cacheDir),
      CITUS_VERSION,
      CITUS_SHA256: source.endsWith(`citus-${CITUS_VERSION}.tar.gz`) ? CITUS_SHA256 : '',
      LEGAL_PG_BIN: binDir,
    });
    if (output.code === 3) throw new CitusUnavailableError(output.text.trim());
    if (output.code !== 0) {
      throw new CitusUnavailableError(
        `building Citus failed (exit ${output.code}; log: ${join(cacheDir, 'build.log')}):\n${output.text}`,
      );
    }
    options.logger?.debug(`citus: ${output.text.trim().split('\n').at(-1) ?? 'built'}`);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function findVendored(): Promise<string | undefined> {
  let dir = process.cwd();
  for (;;) {
    const vendor = join(dir, 'vendor');
    const names = await readdir(vendor).catch(() => [] as string[]);
    const tarball = names.find((n) => /^citus-[\d.]+\.tar\.gz$/.test(n));
    if (tarball) return join(vendor, tarball);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function runBash(file: string, env: NodeJS.ProcessEnv): Promise<{ code: number; text: string }> {
  return new Promise((done) => {
    const child = spawn('bash', [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.on('error', (error) => done({ code: 127, text: error.message }));
    child.on('close', (code) => done({ code: code ?? 1, text }));
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
