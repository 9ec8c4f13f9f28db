import type { DriftProblem } from './errors.js';
import type { AppliedMigration } from './history.js';
import type { MigrationFile } from './migration-files.js';

/**
 * Compares the applied history with the files: an applied migration whose up file
 * changed or disappeared, and a pending file that sorts before the newest applied one
 * (it would run out of order), are each reported by name.
 */
export function findDrift(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): DriftProblem[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  const appliedNames = new Set(applied.map((a) => a.name));
  const problems: DriftProblem[] = [];
  for (const row of applied) {
    const file = byName.get(row.name);
    if (!file) {
      problems.push({
        name: row.name,
        kind: 'missing',
        detail: `applied ${row.appliedAt.toISOString()}, but ${row.name}.up.sql is gone`,
      });
    } else if (file.checksum !== row.checksum) {
      problems.push({
        name: row.name,
        kind: 'changed',
        detail: `${row.name}.up.sql changed since it was applied (sha256 ${row.checksum.slice(0, 12)}… recorded, ${file.checksum.slice(0, 12)}… now)`,
      });
    }
  }
  const newestApplied = applied
    .map((a) => a.name)
    .sort()
    .at(-1);
  if (newestApplied) {
    for (const file of files) {
      if (!appliedNames.has(file.name) && file.name < newestApplied) {
        problems.push({
          name: file.name,
          kind: 'out_of_order',
          detail: `pending, but sorts before ${newestApplied} which is already applied; renumber it after ${newestApplied}`,
        });
      }
    }
  }
  return problems;
}
