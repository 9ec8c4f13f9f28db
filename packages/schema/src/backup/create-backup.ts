import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '../migrator/connection.js';
import { OperationError } from '../migrator/errors.js';
import { findPgTool, runPgTool, toolConnection } from './pg-tools.js';
import { readRoles } from './roles.js';

/** The file names inside a backup directory. */
export const BACKUP_FILES = { manifest: 'manifest.json', roles: 'roles.json', dump: 'database.dump' } as const;

/** What `manifest.json` of a backup says. */
export interface BackupManifest {
  format: 'legal-backup/1';
  createdAt: string;
  serverVersion: string;
  serverMajor: number;
  database: string;
  /** Applied migrations, in order. */
  migrations: string[];
  tenants: number;
  auditEvents: number;
}

/** One step of a backup or restore, for progress output. */
export interface BackupProgress {
  /** The table whose data is being copied. */
  table: string;
  done: number;
  total: number;
}

/** Options of {@link createBackup}. */
export interface BackupOptions {
  /** Connection string of a role that can read every table (a superuser or the migrating role). */
  url: string;
  /** Directory to write; created, and must be empty when it exists. */
  out: string;
  /** Directory of `pg_dump`. Default: the newest `/usr/lib/postgresql/<major>/bin`, else `PATH`. */
  pgBin?: string;
  /** Called once per table as its data is copied. Default: nothing. */
  onProgress?: (progress: BackupProgress) => void;
}

/**
 * Writes a backup directory: `database.dump` (`pg_dump -Fc`, one consistent snapshot),
 * `roles.json` (the schema's roles and their member logins, no passwords) and
 * `manifest.json`. {@link restoreBackup} brings it back into an empty database of any
 * cluster, roles included.
 *
 * @example
 * ```ts
 * const manifest = await createBackup({ url: process.env.MIGRATION_DATABASE_URL!, out: '/backups/2026-12-01' });
 * ```
 */
export async function createBackup(options: BackupOptions): Promise<BackupManifest> {
  await mkdir(options.out, { recursive: true });
  if ((await readdir(options.out)).length > 0) {
    throw new OperationError('BACKUP_FAILED', `${options.out} is not empty: a backup is written into a new directory`);
  }
  const client = await connect(options.url);
  let manifest: BackupManifest;
  let tables: number;
  try {
    const [info] = (
      await client.query<{
        version: string;
        major: number;
        database: string;
        migrations: string[] | null;
        tenants: number;
        audit: number;
        tables: number;
      }>(
        `select current_setting('server_version') as version,
                current_setting('server_version_num')::int / 10000 as major,
                current_database() as database,
                (select array_agg(name order by name) from legal.schema_migrations) as migrations,
                (select count(*)::int from legal.tenants) as tenants,
                (select count(*)::int from legal.audit_log) as audit,
                (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
                  where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')
                    and n.nspname not like 'pg\\_%') as tables`,
      )
    ).rows;
    if (!info) throw new OperationError('BACKUP_FAILED', 'the server returned no facts');
    tables = info.tables;
    manifest = {
      format: 'legal-backup/1',
      createdAt: new Date().toISOString(),
      serverVersion: info.version,
      serverMajor: info.major,
      database: info.database,
      migrations: info.migrations ?? [],
      tenants: info.tenants,
      auditEvents: info.audit,
    };
    await writeFile(join(options.out, BACKUP_FILES.roles), `${JSON.stringify(await readRoles(client), null, 2)}\n`);
  } finally {
    await client.end().catch(() => {});
  }
  const pgDump = await findPgTool('pg_dump', manifest.serverMajor, options.pgBin);
  const { dbname, env } = toolConnection(options.url);
  let done = 0;
  await runPgTool(
    pgDump,
    ['--format=custom', '--verbose', '--no-password', `--file=${join(options.out, BACKUP_FILES.dump)}`, dbname],
    {
      env,
      onLine: (line) => {
        const table = /dumping contents of table "([^"]+)"/.exec(line)?.[1];
        if (table) options.onProgress?.({ table, done: ++done, total: Math.max(tables, done) });
      },
    },
  );
  await writeFile(join(options.out, BACKUP_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
