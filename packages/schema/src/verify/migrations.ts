import type pg from 'pg';
import { loadMigrations } from '../migrator/migration-files.js';
import type { VerifyFinding } from './finding.js';

/**
 * The database is at head: every migration of the folder applied, none applied that the
 * folder lacks, none changed since it was applied. (A migration that failed is not recorded:
 * it shows as pending.)
 */
export async function checkMigrations(client: pg.ClientBase, dir: string): Promise<VerifyFinding[]> {
  const files = await loadMigrations(dir);
  const { rows: table } = await client.query<{ found: boolean }>(
    "select to_regclass('legal.schema_migrations') is not null as found",
  );
  const applied = table[0]?.found
    ? (await client.query<{ name: string; checksum: string }>('select name, checksum from legal.schema_migrations'))
        .rows
    : [];
  const byName = new Map(applied.map((a) => [a.name, a.checksum]));
  const findings: VerifyFinding[] = [];
  for (const file of files) {
    const checksum = byName.get(file.name);
    if (checksum === undefined) {
      findings.push({
        rule: 'migration_pending',
        object: `migration ${file.name}`,
        message: 'is not applied: run legal-schema migrate up',
      });
    } else if (checksum !== file.checksum) {
      findings.push({
        rule: 'migration_changed',
        object: `migration ${file.name}`,
        message: 'was edited after it was applied',
      });
    }
  }
  const known = new Set(files.map((f) => f.name));
  for (const name of byName.keys()) {
    if (!known.has(name)) {
      findings.push({
        rule: 'migration_unknown',
        object: `migration ${name}`,
        message: 'is applied but has no file (a newer schema, or another folder)',
      });
    }
  }
  return findings;
}
