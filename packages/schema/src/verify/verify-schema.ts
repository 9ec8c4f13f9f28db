import type pg from 'pg';
import { checkAudit } from './audit.js';
import type { VerifyFinding } from './finding.js';
import { checkGlobalTables } from './global-tables.js';
import { checkObjects } from './objects.js';
import { checkRoles } from './roles.js';
import { checkTenantTables } from './tenant-tables.js';

/**
 * Checks a migrated database against every tenancy rule of DESIGN.md ("The database"),
 * reading only the catalog. An empty result means the schema is sound.
 *
 * @example
 * ```ts
 * const findings = await verifySchema(client);
 * for (const f of findings) console.error(`${f.rule} ${f.object}: ${f.message}`);
 * ```
 */
export async function verifySchema(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const { rows } = await client.query<{ found: boolean }>("select to_regnamespace('legal') is not null as found");
  if (!rows[0]?.found) {
    return [
      { rule: 'schema_missing', object: 'schema legal', message: 'does not exist: run legal-schema migrate up first' },
    ];
  }
  return [
    ...(await checkTenantTables(client)),
    ...(await checkGlobalTables(client)),
    ...(await checkRoles(client)),
    ...(await checkObjects(client)),
    ...(await checkAudit(client)),
  ];
}
