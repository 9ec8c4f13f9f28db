import { basename } from 'node:path';
import type pg from 'pg';
import { citusMigrationSettings, citusPhase } from './citus-phase.js';
import { MigrationFailedError } from './errors.js';
import { recordApplied, recordReverted } from './history.js';
import type { MigrationFile } from './migration-files.js';
import { splitStatements } from './split-statements.js';
import { asPgError, locate, reasonOf } from './sql-error.js';

export type Direction = 'up' | 'down';

/**
 * Applies (`up`) or reverts (`down`) one migration and records it. A transactional
 * migration runs its file and its history row in ONE transaction: it is either applied
 * and recorded, or neither. A `-- legal:no-transaction` migration runs statement by
 * statement and is recorded once all of them succeeded.
 *
 * @returns the execution time in milliseconds
 */
export async function runMigration(
  client: pg.ClientBase,
  migration: MigrationFile,
  direction: Direction,
): Promise<number> {
  const started = performance.now();
  const file = direction === 'up' ? migration.upPath : migration.downPath;
  const sql = direction === 'up' ? migration.upSql : migration.downSql;
  const transactional = direction === 'up' ? migration.transactional : migration.downTransactional;
  const limits = direction === 'up' ? migration.limits : migration.downLimits;
  const record = async (): Promise<void> => {
    if (direction === 'up')
      await recordApplied(client, migration.name, migration.checksum, performance.now() - started);
    else await recordReverted(client, migration.name);
  };

  const phase = await citusPhase(client);
  const citusSettings = citusMigrationSettings(phase, transactional);
  if (transactional) {
    // On a distributed schema the file goes statement by statement (in its one transaction):
    // Citus sends the whole query string of some DDL to the workers, which refuse a string of
    // several commands (citusdata/citus#6608).
    const parts = phase === 'distributed' ? splitStatements(sql) : [{ sql, offset: 0 }];
    let offset = 0;
    await client.query('begin');
    try {
      await client.query(
        `set local lock_timeout = '${limits.lockTimeout}'; set local statement_timeout = '${limits.statementTimeout}'`,
      );
      for (const setting of citusSettings) await client.query(`set local ${setting}`);
      for (const part of parts) {
        offset = part.offset;
        await client.query(part.sql);
      }
      offset = 0;
      await record();
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      const pgError = asPgError(error);
      throw new MigrationFailedError(
        migration.name,
        basename(file),
        locate(file, sql, offset, pgError),
        pgError.code,
        reasonOf(pgError),
        [],
        [],
        { cause: error },
      );
    }
    return performance.now() - started;
  }

  const statements = splitStatements(sql);
  const invalidBefore = await invalidIndexes(client);
  await client.query(
    `set lock_timeout = '${limits.lockTimeout}'; set statement_timeout = '${limits.statementTimeout}'`,
  );
  for (const setting of citusSettings) await client.query(`set ${setting}`);
  try {
    return await runStatements();
  } finally {
    await client.query('reset lock_timeout; reset statement_timeout').catch(() => {});
    for (const setting of citusSettings) await client.query(`reset ${setting.split(' ')[0]}`).catch(() => {});
  }

  async function runStatements(): Promise<number> {
    for (const [index, statement] of statements.entries()) {
      try {
        await client.query(statement.sql);
      } catch (error) {
        const pgError = asPgError(error);
        const location = locate(file, sql, statement.offset, pgError) ?? lineOf(file, sql, statement.offset);
        const applied = statements
          .slice(0, index)
          .map((s) => `${basename(file)}:${lineOf(file, sql, s.offset).line}: ${head(s.sql)}`);
        const leftInvalid = (await invalidIndexes(client)).filter((name) => !invalidBefore.includes(name));
        const cleanup = [
          ...leftInvalid.map(
            (name) => `the failed statement left the invalid index ${name}: DROP INDEX CONCURRENTLY IF EXISTS ${name};`,
          ),
          ...(applied.length > 0
            ? ['undo the statements above, or make them idempotent (IF NOT EXISTS), before running the migration again']
            : []),
        ];
        throw new MigrationFailedError(
          migration.name,
          basename(file),
          location,
          pgError.code,
          reasonOf(pgError),
          applied,
          cleanup.length > 0 ? cleanup : ['nothing: no statement of it took effect'],
          { cause: error },
        );
      }
    }
    await record();
    return performance.now() - started;
  }
}

/** Qualified names of the indexes PostgreSQL marks invalid (left by a failed CONCURRENTLY build). */
async function invalidIndexes(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name
       from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
      where not i.indisvalid order by 1`,
  );
  return rows.map((r) => r.name);
}

function lineOf(file: string, sql: string, offset: number) {
  const lines = sql.slice(0, offset).split('\n');
  return { file: basename(file), line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function head(sql: string): string {
  const oneLine = sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
