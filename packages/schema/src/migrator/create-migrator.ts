import type pg from 'pg';
import { Umzug } from 'umzug';
import { migrationsDir as defaultMigrationsDir } from '../migrations-dir.js';
import { connect } from './connection.js';
import { findDrift } from './drift.js';
import { DriftError, MigrationError, UnknownMigrationError, UnsupportedServerError } from './errors.js';
import { ensureHistoryTable, readHistory, updateChecksum } from './history.js';
import { loadMigrations, type MigrationFile } from './migration-files.js';
import { acquireMigrationLock, releaseMigrationLock } from './migration-lock.js';
import { type Direction, runMigration } from './run-migration.js';
import type { DownOptions, Migrator, MigratorOptions, RunResult, UpOptions } from './types.js';

const SILENT = { info() {} };

/** The oldest PostgreSQL the schema runs on (its SQL uses 15's syntax and functions). */
export const MINIMUM_SERVER_VERSION_NUM = 150000;

/** Throws UnsupportedServerError when the server is older than PostgreSQL 15. */
export async function assertSupportedServer(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ num: string; version: string }>(
    `select current_setting('server_version_num') as num, current_setting('server_version') as version`,
  );
  const row = rows[0];
  if (row && Number(row.num) < MINIMUM_SERVER_VERSION_NUM) throw new UnsupportedServerError(row.version, '15');
}

/**
 * The migration engine: umzug over plain-SQL files, one transaction per migration
 * (recorded in it), a session-level advisory lock around every `up`/`down`/`repair`,
 * and checksums that make `up` refuse to run over an edited history.
 *
 * @example
 * ```ts
 * const migrator = createMigrator({ connectionString: process.env.DATABASE_URL });
 * const { migrations } = await migrator.up();
 * console.log(`applied ${migrations.length}`);
 * ```
 */
export function createMigrator(options: MigratorOptions): Migrator {
  if (!options.client && !options.connectionString) {
    throw new TypeError('createMigrator needs a connectionString or a client');
  }
  const dir = options.migrationsDir ?? defaultMigrationsDir;
  const logger = options.logger ?? SILENT;
  const lock = { wait: options.waitForLock ?? true, timeoutMs: options.lockTimeoutMs ?? 60_000 };

  async function withClient<T>(fn: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    if (options.client) return fn(options.client);
    const client = await connect(options.connectionString as string);
    try {
      // Lets the server notice within a second that a killed runner is gone, even mid-statement.
      await client.query(`set client_connection_check_interval = '1s'`).catch(() => {});
      return await fn(client);
    } finally {
      await client.end().catch(() => {});
    }
  }

  async function withLock<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    await acquireMigrationLock(client, lock);
    logger.info({ event: 'lock-acquired', waitedMs: Math.round(performance.now() - started) });
    try {
      return await fn();
    } finally {
      await releaseMigrationLock(client).catch(() => {});
    }
  }

  async function run(direction: Direction, dryRun: boolean, target: UpOptions | DownOptions): Promise<RunResult> {
    const files = await loadMigrations(dir);
    return withClient(async (client) => {
      const result: RunResult = { direction, dryRun, migrations: [] };
      const umzug = new Umzug({
        migrations: files.map((file) => ({
          name: file.name,
          path: direction === 'up' ? file.upPath : file.downPath,
          up: () => step(client, file, 'up', dryRun, result),
          down: () => step(client, file, 'down', dryRun, result),
        })),
        storage: {
          executed: async () => (await readHistory(client)).map((row) => row.name),
          // Recorded by runMigration inside each migration's own transaction.
          logMigration: async () => {},
          unlogMigration: async () => {},
        },
        logger: undefined,
      });

      // The lock is taken before umzug reads the pending list, and released after the command.
      let locked = false;
      umzug.on('beforeCommand', async ({ command }) => {
        if (command !== 'up' && command !== 'down') return;
        // before the lock and before anything is read or applied: an old server gets nothing
        await assertSupportedServer(client);
        try {
          if (!dryRun) {
            const started = performance.now();
            await acquireMigrationLock(client, lock);
            locked = true;
            logger.info({ event: 'lock-acquired', waitedMs: Math.round(performance.now() - started) });
            await ensureHistoryTable(client);
          }
          const history = await readHistory(client);
          const drift = findDrift(files, history);
          if (drift.length > 0) throw new DriftError(drift);
          checkTarget(direction, target, files, new Set(history.map((h) => h.name)));
        } catch (error) {
          if (locked) await releaseMigrationLock(client).catch(() => {});
          locked = false;
          throw error;
        }
      });
      umzug.on('afterCommand', async () => {
        if (!locked) return;
        locked = false;
        await releaseMigrationLock(client).catch(() => {});
      });

      try {
        if (direction === 'up') {
          const { to } = target as UpOptions;
          await umzug.up(to ? { to } : {});
        } else {
          const { to, step: count } = target as DownOptions;
          await umzug.down(to !== undefined ? { to } : { step: count ?? 1 });
        }
      } catch (error) {
        throw unwrap(error);
      }
      return result;
    });
  }

  async function step(
    client: pg.ClientBase,
    file: MigrationFile,
    direction: Direction,
    dryRun: boolean,
    result: RunResult,
  ): Promise<void> {
    if (dryRun) {
      result.migrations.push({ name: file.name, sql: direction === 'up' ? file.upSql : file.downSql });
      logger.info({ event: 'planned', direction, name: file.name });
      return;
    }
    const durationMs = Math.round(await runMigration(client, file, direction));
    result.migrations.push({ name: file.name, durationMs });
    logger.info({ event: direction === 'up' ? 'applied' : 'reverted', name: file.name, durationMs });
  }

  return {
    up: (upOptions = {}) => run('up', upOptions.dryRun ?? false, upOptions),
    down: (downOptions = {}) => run('down', downOptions.dryRun ?? false, downOptions),

    async status() {
      const files = await loadMigrations(dir);
      return withClient(async (client) => {
        const history = await readHistory(client);
        const byName = new Map(files.map((f) => [f.name, f]));
        const appliedNames = new Set(history.map((h) => h.name));
        return {
          applied: history.map((row) => {
            const file = byName.get(row.name);
            return { ...row, checksumMatches: file ? file.checksum === row.checksum : null };
          }),
          pending: files.filter((f) => !appliedNames.has(f.name)).map((f) => f.name),
          drift: findDrift(files, history),
        };
      });
    },

    async validate() {
      const files = await loadMigrations(dir);
      return withClient(async (client) => {
        const problems = findDrift(files, await readHistory(client));
        return { ok: problems.length === 0, problems };
      });
    },

    async repair() {
      const files = await loadMigrations(dir);
      return withClient((client) =>
        withLock(client, async () => {
          const problems = findDrift(files, await readHistory(client));
          const byName = new Map(files.map((f) => [f.name, f]));
          const repaired: string[] = [];
          for (const problem of problems.filter((p) => p.kind === 'changed')) {
            const file = byName.get(problem.name);
            if (!file) continue;
            await updateChecksum(client, file.name, file.checksum);
            repaired.push(file.name);
            logger.info({ event: 'repaired', name: file.name });
          }
          return { repaired, remaining: problems.filter((p) => p.kind !== 'changed') };
        }),
      );
    },
  };
}

function checkTarget(
  direction: Direction,
  target: UpOptions | DownOptions,
  files: readonly MigrationFile[],
  applied: ReadonlySet<string>,
): void {
  const to = target.to;
  if (to === undefined || to === 0) return;
  const eligible = direction === 'up' ? !applied.has(to) : applied.has(to);
  if (!eligible || !files.some((f) => f.name === to)) throw new UnknownMigrationError(to, direction);
}

/** umzug wraps what a migration threw; hand back our own error. */
function unwrap(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && !(current instanceof MigrationError) && current.cause) current = current.cause;
  return current instanceof MigrationError ? current : error;
}
