import type pg from 'pg';

/** One row of `legal.schema_migrations`. */
export interface AppliedMigration {
  name: string;
  checksum: string;
  appliedAt: Date;
  executionMs: number;
  appliedBy: string;
}

const TABLE = 'legal.schema_migrations';

/** Creates schema `legal` and the history table if missing (call only while holding the lock). */
export async function ensureHistoryTable(client: pg.ClientBase): Promise<void> {
  await client.query(`
    create schema if not exists legal;
    create table if not exists ${TABLE} (
      name         text primary key check (name ~ '^[0-9]{4}_[a-z0-9_]+$'),
      checksum     text not null check (checksum ~ '^[0-9a-f]{64}$'),
      applied_at   timestamptz not null default now(),
      execution_ms integer not null check (execution_ms >= 0),
      applied_by   text not null default session_user
    );
    comment on table ${TABLE} is 'Migrations applied by legal-schema: one row per migration, written in the migration''s own transaction.';
  `);
}

/** The applied migrations in name order; empty when the history table does not exist (nothing is created). */
export async function readHistory(client: pg.ClientBase): Promise<AppliedMigration[]> {
  const { rows: exists } = await client.query<{ found: boolean }>(
    `select to_regclass('${TABLE}') is not null as found`,
  );
  if (!exists[0]?.found) return [];
  const { rows } = await client.query<AppliedMigration>(
    `select name, checksum, applied_at as "appliedAt", execution_ms as "executionMs", applied_by as "appliedBy"
       from ${TABLE} order by name`,
  );
  return rows;
}

export async function recordApplied(client: pg.ClientBase, name: string, checksum: string, executionMs: number) {
  await client.query(`insert into ${TABLE} (name, checksum, execution_ms) values ($1, $2, $3)`, [
    name,
    checksum,
    Math.round(executionMs),
  ]);
}

export async function recordReverted(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(`delete from ${TABLE} where name = $1`, [name]);
}

export async function updateChecksum(client: pg.ClientBase, name: string, checksum: string): Promise<void> {
  await client.query(`update ${TABLE} set checksum = $2 where name = $1`, [name, checksum]);
}
