import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '../migrator/connection.js';
import { assertSupportedServer } from '../migrator/create-migrator.js';
import { OperationError } from '../migrator/errors.js';
import { walkAuditChains } from '../verify/audit-chains.js';
import type { VerifyFinding } from '../verify/finding.js';
import { verifySchema } from '../verify/verify-schema.js';
import { BACKUP_FILES, type BackupManifest, type BackupProgress } from './create-backup.js';
import { findPgTool, runPgTool, toolConnection } from './pg-tools.js';
import { type BackupRole, createRoles } from './roles.js';

/** Options of {@link restoreBackup}. */
export interface RestoreOptions {
  /** Connection string of a superuser on the (empty) target database. */
  url: string;
  /** The backup directory {@link createBackup} wrote. */
  from: string;
  /** Directory of `pg_restore`. Default: the newest `/usr/lib/postgresql/<major>/bin`, else `PATH`. */
  pgBin?: string;
  /** Called once per table as its data is loaded. Default: nothing. */
  onProgress?: (progress: BackupProgress) => void;
}

/** What a restore did and what the restored database looks like. */
export interface RestoreResult {
  manifest: BackupManifest;
  /** Roles that did not exist in the target cluster and were created (logins need a password). */
  createdRoles: string[];
  /** Created roles that can log in: they need `ALTER ROLE … PASSWORD` before the app connects. */
  loginsWithoutPassword: string[];
  /** `verify` on the restored database: empty when every rule holds. */
  findings: VerifyFinding[];
  /** Audit chains checked, and those with a broken link. */
  auditChains: { checked: number; broken: string[] };
}

/**
 * Restores a backup into an empty database: creates the missing roles (no passwords),
 * runs `pg_restore` in one transaction (all or nothing, owners and grants as they were),
 * then runs `verify` and walks every audit chain of the result.
 *
 * @example
 * ```ts
 * const result = await restoreBackup({ url: 'postgres://postgres@new-host/legal', from: '/backups/2026-12-01' });
 * if (result.findings.length > 0) console.error(result.findings);
 * ```
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const manifest = JSON.parse(await readFile(join(options.from, BACKUP_FILES.manifest), 'utf8')) as BackupManifest;
  if (manifest.format !== 'legal-backup/1') {
    throw new OperationError(
      'RESTORE_REFUSED',
      `${options.from} is not a @legal backup (format ${String(manifest.format)})`,
    );
  }
  const roles = JSON.parse(await readFile(join(options.from, BACKUP_FILES.roles), 'utf8')) as BackupRole[];
  const dump = join(options.from, BACKUP_FILES.dump);
  await access(dump).catch(() => {
    throw new OperationError('RESTORE_REFUSED', `${dump} is missing: the backup is incomplete`);
  });

  const client = await connect(options.url);
  try {
    await assertSupportedServer(client);
    const [target] = (
      await client.query<{ major: number; occupied: boolean; superuser: boolean }>(
        `select current_setting('server_version_num')::int / 10000 as major,
                to_regnamespace('legal') is not null as occupied,
                (select rolsuper from pg_roles where rolname = current_user) as superuser`,
      )
    ).rows;
    if (!target) throw new OperationError('RESTORE_FAILED', 'the server returned no facts');
    if (target.occupied) {
      throw new OperationError(
        'RESTORE_REFUSED',
        'the target database already has schema legal: restore into a new, empty database (nothing was changed)',
      );
    }
    if (target.major < manifest.serverMajor) {
      throw new OperationError(
        'RESTORE_REFUSED',
        `the backup comes from PostgreSQL ${manifest.serverMajor}; the target runs ${target.major}: restore into ${manifest.serverMajor} or newer (nothing was changed)`,
      );
    }
    if (!target.superuser) {
      throw new OperationError(
        'RESTORE_REFUSED',
        'restore needs a superuser: it creates roles (legal_system bypasses RLS) and event triggers (nothing was changed)',
      );
    }
    const createdRoles = await createRoles(client, roles);

    const pgRestore = await findPgTool('pg_restore', manifest.serverMajor, options.pgBin);
    const toc = await runPgTool(pgRestore, ['--list', dump]);
    const total = toc.split('\n').filter((l) => / TABLE DATA /.test(l)).length;
    const { dbname, env } = toolConnection(options.url);
    let done = 0;
    await runPgTool(
      pgRestore,
      ['--verbose', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${dbname}`, dump],
      {
        env,
        onLine: (line) => {
          const table = /processing data for table "([^"]+)"/.exec(line)?.[1];
          if (table) options.onProgress?.({ table, done: ++done, total: Math.max(total, done) });
        },
      },
    );

    const findings = await verifySchema(client);
    const chains = await walkAuditChains(client);
    return {
      manifest,
      createdRoles,
      loginsWithoutPassword: roles.filter((r) => r.login && createdRoles.includes(r.name)).map((r) => r.name),
      findings,
      auditChains: {
        checked: chains.length,
        broken: chains.filter((r) => r.problem !== null).map((r) => r.tenant),
      },
    };
  } finally {
    await client.end().catch(() => {});
  }
}
