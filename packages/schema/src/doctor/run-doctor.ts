import type pg from 'pg';
import { auditChains } from './checks/audit-chains.js';
import { auditPartitions } from './checks/audit-partitions.js';
import { bloat } from './checks/bloat.js';
import { connections } from './checks/connections.js';
import { duplicateIndexes } from './checks/duplicate-indexes.js';
import { lockWaits } from './checks/lock-waits.js';
import { missingIndexes } from './checks/missing-indexes.js';
import { replication } from './checks/replication.js';
import { schemaRules } from './checks/schema-rules.js';
import { slowStatements } from './checks/slow-statements.js';
import { tableSizes } from './checks/table-sizes.js';
import { unusedIndexes } from './checks/unused-indexes.js';
import { vacuumAge } from './checks/vacuum-age.js';
import { wraparound } from './checks/wraparound.js';
import { DEFAULT_THRESHOLDS, type DoctorCheck, type DoctorCheckResult, type DoctorThresholds } from './doctor-check.js';

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** Thresholds to change; the rest keep their defaults ({@link DEFAULT_THRESHOLDS}). */
  thresholds?: Partial<DoctorThresholds>;
  /** Walk every audit chain (reads every audit row). Default: `true`. */
  auditChains?: boolean;
  /** Longest wait for a lock a check needs (a table locked by someone else); the check is then skipped. Default: `2000`. */
  lockTimeoutMs?: number;
}

/**
 * Runs every health check against a database and returns their results, in a fixed order.
 * Reads only; a check that cannot run here (a missing extension, a missing privilege) is
 * `skipped` with the reason.
 *
 * @example
 * ```ts
 * const checks = await runDoctor(client);
 * const problems = checks.filter((c) => c.status === 'problem');
 * ```
 */
export async function runDoctor(client: pg.ClientBase, options: DoctorOptions = {}): Promise<DoctorCheckResult[]> {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const checks: [string, DoctorCheck][] = [
    ['schema', schemaRules],
    ['connections', connections],
    ['lock_waits', lockWaits],
    ['slow_statements', slowStatements],
    ['missing_indexes', missingIndexes],
    ['unused_indexes', unusedIndexes],
    ['duplicate_indexes', duplicateIndexes],
    ['bloat', bloat],
    ['vacuum_analyze_age', vacuumAge],
    ['wraparound', wraparound],
    ['table_sizes', tableSizes],
    ['audit_partitions', auditPartitions],
    ['replication', replication],
  ];
  if (options.auditChains ?? true) checks.push(['audit_chains', auditChains]);
  // A table locked by someone else must not hang the doctor: such a check is skipped instead.
  const previous = (
    await client.query<{ lock: string; statement: string }>(
      `select current_setting('lock_timeout') as lock, current_setting('statement_timeout') as statement,
              set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)`,
      [`${options.lockTimeoutMs ?? 2000}ms`, '120s'],
    )
  ).rows[0];
  const results: DoctorCheckResult[] = [];
  try {
    for (const [name, check] of checks) {
      try {
        results.push(await check(client, thresholds));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        results.push({ name, status: 'skipped', summary: `could not run: ${reason}`, details: [] });
      }
    }
  } finally {
    await client.query(`select set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)`, [
      previous?.lock ?? '0',
      previous?.statement ?? '0',
    ]);
  }
  return results;
}
