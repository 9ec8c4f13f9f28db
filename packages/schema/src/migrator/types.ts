import type pg from 'pg';
import type { DriftProblem } from './errors.js';
import type { AppliedMigration } from './history.js';

/** Receives one structured event per step (pino, console and most loggers accept objects). */
export interface MigratorLogger {
  info(event: MigratorEvent): void;
}

export type MigratorEvent =
  | { event: 'lock-acquired'; waitedMs: number }
  | { event: 'applied' | 'reverted'; name: string; durationMs: number }
  | { event: 'planned'; direction: 'up' | 'down'; name: string }
  | { event: 'repaired'; name: string };

/** Options of {@link createMigrator}. Give `connectionString` or `client`. */
export interface MigratorOptions {
  /** Connection string of a role that may create schemas and roles. A connection is opened per command. */
  connectionString?: string;
  /** An open client to use instead (left open). Its session holds the lock while a command runs. */
  client?: pg.Client;
  /** Folder with `NNNN_slug.up.sql` / `.down.sql` files. Default: this package's {@link migrationsDir}. */
  migrationsDir?: string;
  /** Receives progress events. Default: silent. */
  logger?: MigratorLogger;
  /** `false`: fail at once (`LockNotAcquiredError`) when another runner holds the lock. Default: `true`. */
  waitForLock?: boolean;
  /** Longest wait for the lock, in milliseconds. Default: `60_000`. */
  lockTimeoutMs?: number;
}

export interface UpOptions {
  /** Apply up to and including this migration. Default: all pending. */
  to?: string;
  /** Print nothing, change nothing: return the SQL that would run. Default: `false`. */
  dryRun?: boolean;
}

export interface DownOptions {
  /** Revert down to and including this migration; `0` reverts everything. */
  to?: string | 0;
  /** Revert this many migrations. Default: 1 (when `to` is not given). */
  step?: number;
  dryRun?: boolean;
}

/** What `up` or `down` did (or, with `dryRun`, would do). */
export interface RunResult {
  direction: 'up' | 'down';
  dryRun: boolean;
  migrations: Array<{ name: string; durationMs?: number; sql?: string }>;
}

export interface MigrationStatus {
  applied: Array<AppliedMigration & { checksumMatches: boolean | null }>;
  pending: string[];
  drift: DriftProblem[];
}

export interface ValidationResult {
  ok: boolean;
  problems: DriftProblem[];
}

export interface RepairResult {
  /** Migrations whose recorded checksum was replaced by their file's. */
  repaired: string[];
  /** What repair does not touch (missing or out-of-order files). */
  remaining: DriftProblem[];
}

export interface Migrator {
  up(options?: UpOptions): Promise<RunResult>;
  down(options?: DownOptions): Promise<RunResult>;
  status(): Promise<MigrationStatus>;
  validate(): Promise<ValidationResult>;
  repair(): Promise<RepairResult>;
}
