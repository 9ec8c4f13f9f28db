import type pg from 'pg';
import { migrationsDir as defaultMigrationsDir } from '../migrations-dir.js';
import { checkAudit } from './audit.js';
import { checkCitus } from './citus.js';
import { checkDdlGuards } from './ddl-guards.js';
import type { VerifyFinding } from './finding.js';
import { checkGlobalTables } from './global-tables.js';
import { checkMigrations } from './migrations.js';
import { checkObjects } from './objects.js';
import { checkPrivileges, type PrivilegeManifest } from './privileges.js';
import manifest from './privileges.json' with { type: 'json' };
import { checkRoles } from './roles.js';
import { checkServer } from './server.js';
import { checkTenantTables } from './tenant-tables.js';

/** Options of {@link verifySchema}. */
export interface VerifySchemaOptions {
  /** The migrations the database must be at the head of. Default: the ones shipped in @legal/schema. */
  migrationsDir?: string;
}

/**
 * Checks a migrated database against every rule of the schema (docs/architecture.md, "The database"; docs/tenancy.md), reading only
 * the catalog: the server and its extensions, the migrations at head, tenancy (RLS, policies,
 * keys, indexes), roles, objects, every privilege and owner policy as designed, the audit
 * trail. An empty result means the schema is sound.
 *
 * @example
 * ```ts
 * const findings = await verifySchema(client);
 * for (const f of findings) console.error(`${f.rule} ${f.object}: ${f.message}`);
 * ```
 */
export async function verifySchema(client: pg.ClientBase, options: VerifySchemaOptions = {}): Promise<VerifyFinding[]> {
  const server = await checkServer(client);
  const migrations = await checkMigrations(client, options.migrationsDir ?? defaultMigrationsDir);
  const { rows } = await client.query<{ found: boolean }>("select to_regnamespace('legal') is not null as found");
  if (!rows[0]?.found) {
    return [
      ...server,
      { rule: 'schema_missing', object: 'schema legal', message: 'does not exist: run legal-schema migrate up first' },
      ...migrations,
    ];
  }
  return [
    ...server,
    ...migrations,
    ...(await checkTenantTables(client)),
    ...(await checkGlobalTables(client)),
    ...(await checkRoles(client)),
    ...(await checkObjects(client)),
    ...(await checkPrivileges(client, manifest as PrivilegeManifest)),
    ...(await checkAudit(client)),
    ...(await checkDdlGuards(client)),
    ...(await checkCitus(client)),
  ];
}
