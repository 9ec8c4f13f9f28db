import type pg from 'pg';

/** How a check came out: `problem` fails `legal-schema doctor` (exit 8), `warn` does not unless `--strict`. */
export type DoctorStatus = 'ok' | 'warn' | 'problem' | 'skipped';

/** One check's result: a one-line summary and the rows behind it. */
export interface DoctorCheckResult {
  name: string;
  status: DoctorStatus;
  summary: string;
  details: Record<string, unknown>[];
}

/** The thresholds of the checks, each with its default. */
export interface DoctorThresholds {
  /** A statement slower than this on average (ms) is a warning. Default: `500`. */
  slowStatementMs: number;
  /** Dead rows above this share of a table (with at least 10,000 dead) is a warning. Default: `0.2`. */
  deadRowShare: number;
  /** A table changed since its last analyze by more than this share is a warning. Default: `0.2`. */
  staleAnalyzeShare: number;
  /** Transaction-ID age above this share of the 2^31 limit is a problem. Default: `0.5`. */
  wraparoundShare: number;
  /** A lock wait longer than this (ms) is a warning. Default: `5000`. */
  lockWaitMs: number;
  /** Replica replay lag above this (ms) is a warning. Default: `30000`. */
  replicationLagMs: number;
  /** Fewer audit months ready ahead than this is a warning. Default: `2`. */
  auditMonthsAhead: number;
}

export const DEFAULT_THRESHOLDS: DoctorThresholds = {
  slowStatementMs: 500,
  deadRowShare: 0.2,
  staleAnalyzeShare: 0.2,
  wraparoundShare: 0.5,
  lockWaitMs: 5000,
  replicationLagMs: 30_000,
  auditMonthsAhead: 2,
};

/** A doctor check: reads the catalog and statistics views, changes nothing. */
export type DoctorCheck = (client: pg.ClientBase, thresholds: DoctorThresholds) => Promise<DoctorCheckResult>;

/** `ok` when there is nothing, else `status`. */
export function result(
  name: string,
  details: Record<string, unknown>[],
  status: DoctorStatus,
  okSummary: string,
  badSummary: string,
): DoctorCheckResult {
  return details.length === 0
    ? { name, status: 'ok', summary: okSummary, details }
    : { name, status, summary: badSummary, details };
}
