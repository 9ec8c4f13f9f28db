import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { catalogSnapshot, findFreePort } from '@legal/testing';
import { describe, expect, it, vi } from 'vitest';
import { appliedNames, cli, cliJson, FIXTURES, fixtureCopy, freshDatabase, query, startCli } from './support/cli.js';

const basic = `${FIXTURES}basic`;
const LOCK = "hashtextextended('legal.schema_migrations', 0)";

describe('a migration that fails halfway', () => {
  it('leaves the database exactly as it was, names the file and position, and stays pending', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await writeFile(
      join(dir, '0005_broken.up.sql'),
      "create table legal.half_done (id int);\ninsert into legal.half_done values (1);\nupdate legal.firms set name = 'x' where id in (select id from legal.no_such_table);\n",
    );
    await writeFile(join(dir, '0005_broken.down.sql'), 'drop table legal.half_done;\n');
    expect((await cli(['migrate', 'up', '--to', '0004_matters_title_index', '--url', db.url, '--dir', dir])).code).toBe(
      0,
    );
    const before = await catalogSnapshot(db.url);

    const run = await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'Migration 0005_broken failed at 0005_broken.up.sql:3:63: relation "legal.no_such_table" does not exist (SQLSTATE 42P01)',
    );
    expect(run.stderr).toContain('Rolled back: nothing of it was applied or recorded.');
    expect(await catalogSnapshot(db.url)).toBe(before);
    expect(await appliedNames(db.url)).not.toContain('0005_broken');

    const status = await cliJson<{ pending: string[] }>(['status', '--url', db.url, '--dir', dir]);
    expect(status.doc.pending).toEqual(['0005_broken']);
    const json = await cliJson<{ ok: boolean; error: { code: string; location: { line: number; column: number } } }>([
      'migrate',
      'up',
      '--url',
      db.url,
      '--dir',
      dir,
    ]);
    expect(json.code).toBe(1);
    expect(json.doc.error).toMatchObject({
      code: 'MIGRATION_FAILED',
      location: { file: '0005_broken.up.sql', line: 3, column: 63 },
    });
  });

  it('stops at the failing migration: earlier ones of the same run stay applied, later ones are not run', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await writeFile(join(dir, '0005_broken.up.sql'), 'select 1/0;\n');
    await writeFile(join(dir, '0005_broken.down.sql'), 'select 1;\n');
    await writeFile(join(dir, '0006_after.up.sql'), 'create table legal.after_broken (id int);\n');
    await writeFile(join(dir, '0006_after.down.sql'), 'drop table legal.after_broken;\n');
    const run = await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('division by zero (SQLSTATE 22012)');
    expect(await appliedNames(db.url)).toEqual([
      '0001_firms',
      '0002_matters',
      '0003_matter_status',
      '0004_matters_title_index',
    ]);
    expect(await query(db.url, "select to_regclass('legal.after_broken') as t")).toEqual([{ t: null }]);
  });

  it('outside a transaction, reports what stayed applied and what to clean up', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await writeFile(
      join(dir, '0005_unique_titles.up.sql'),
      '-- legal:no-transaction\ncreate index concurrently firms_name_idx on legal.firms (name);\ncreate unique index concurrently matters_title_key on legal.matters (title);\n',
    );
    await writeFile(
      join(dir, '0005_unique_titles.down.sql'),
      'drop index legal.matters_title_key;\ndrop index legal.firms_name_idx;\n',
    );
    await cli(['migrate', 'up', '--to', '0004_matters_title_index', '--url', db.url, '--dir', dir]);
    await query(
      db.url,
      "insert into legal.firms (name) values ('Doe'); insert into legal.matters (firm_id, title) select id, 'Same title' from legal.firms, generate_series(1, 2)",
    );

    const run = await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Migration 0005_unique_titles failed at 0005_unique_titles.up.sql:3:1');
    expect(run.stderr).toContain('could not create unique index "matters_title_key"');
    expect(run.stderr).toContain(
      'This migration runs outside a transaction, so it was NOT rolled back and is not recorded.',
    );
    expect(run.stderr).toContain(
      'applied and still in place: 0005_unique_titles.up.sql:2: create index concurrently firms_name_idx on legal.firms (name)',
    );
    expect(run.stderr).toContain(
      'clean up: the failed statement left the invalid index legal.matters_title_key: DROP INDEX CONCURRENTLY IF EXISTS legal.matters_title_key;',
    );
    expect(await appliedNames(db.url)).not.toContain('0005_unique_titles');
    expect(
      await query(db.url, "select indisvalid from pg_index where indexrelid = 'legal.matters_title_key'::regclass"),
    ).toEqual([{ indisvalid: false }]);
  });
});

describe('a runner killed mid-migration', () => {
  it('releases the lock with its session and leaves nothing half-applied', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await writeFile(join(dir, '0005_slow.up.sql'), 'create table legal.slow (id int);\nselect pg_sleep(60);\n');
    await writeFile(join(dir, '0005_slow.down.sql'), 'drop table legal.slow;\n');
    await cli(['migrate', 'up', '--to', '0004_matters_title_index', '--url', db.url, '--dir', dir]);

    const { child, result } = startCli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    await vi.waitFor(
      async () => {
        const rows = await query(
          db.url,
          "select 1 from pg_stat_activity where query like '%pg_sleep(60)%' and state = 'active' and pid <> pg_backend_pid()",
        );
        expect(rows, 'the slow migration is running').toHaveLength(1);
      },
      { timeout: 30_000, interval: 100 },
    );
    child.kill('SIGKILL');
    await result;

    // The server notices the dead client (client_connection_check_interval), aborts and unlocks.
    await vi.waitFor(
      async () => {
        const [row] = await query<{ locked: boolean }>(db.url, `select pg_try_advisory_lock(${LOCK}) as locked`);
        expect(row?.locked, 'the lock is free again').toBe(true);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(await query(db.url, "select to_regclass('legal.slow') as t")).toEqual([{ t: null }]);
    expect(await appliedNames(db.url)).not.toContain('0005_slow');
  });
});

describe('bad input', () => {
  it('an unreachable database: host and port in the message, never the password', async () => {
    const port = await findFreePort();
    const url = `postgres://migrator:s3cret-Pa55@127.0.0.1:${port}/firm`;
    const run = await cli(['migrate', 'up', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot connect to PostgreSQL at 127.0.0.1:${port}/firm as migrator: ECONNREFUSED`);
    const json = await cli(['status', '--json', '--url', url]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.code).toBe('CONNECTION_FAILED');
    for (const output of [run.stdout, run.stderr, json.stdout, json.stderr])
      expect(output).not.toContain('s3cret-Pa55');
  });

  it('a wrong password: refused with the user named, the password never printed', async () => {
    const db = await freshDatabase();
    const url = new URL(db.url);
    url.password = 'Wr0ng-Pa55word';
    const run = await cli(['status', '--url', url.toString()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('password authentication failed for user "postgres"');
    expect(run.stdout + run.stderr).not.toContain('Wr0ng-Pa55word');
  });

  it('unknown command or option: usage and exit 2', async () => {
    const unknownCommand = await cli(['migrate', 'sideways']);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'sideways'");
    const unknownOption = await cli(['migrate', 'up', '--bogus']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--bogus'");
    expect(unknownOption.stderr).toContain('legal-schema --help');
    expect((await cli([])).code).toBe(2);
    expect((await cli(['migrate', 'down', '--step', 'two', '--url', 'postgres://x@127.0.0.1/x'])).code).toBe(2);
    expect((await cli(['migrate', 'up'])).stderr).toContain(
      'No database: pass --url <connection string> or set DATABASE_URL',
    );
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('an unknown --to target: exit 2 and nothing applied', async () => {
    const db = await freshDatabase();
    const run = await cli(['migrate', 'up', '--to', '0009_nope', '--url', db.url, '--dir', basic]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No pending migration named "0009_nope"');
    expect(await appliedNames(db.url)).toEqual([]);
  });

  it('malformed migration files are named, and nothing runs', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await writeFile(join(dir, '0005_only_up.up.sql'), 'select 1;\n');
    await writeFile(join(dir, '5_bad_name.up.sql'), 'select 1;\n');
    await writeFile(join(dir, '0004_same_number.up.sql'), 'select 1;\n');
    await writeFile(join(dir, '0004_same_number.down.sql'), 'select 1;\n');
    const run = await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('0005_only_up: 0005_only_up.up.sql has no 0005_only_up.down.sql');
    expect(run.stderr).toContain('5_bad_name.up.sql: not named NNNN_slug.up.sql');
    expect(run.stderr).toMatch(/number 0004 is also used by/);
    expect(await query(db.url, "select to_regclass('legal.schema_migrations') as t")).toEqual([{ t: null }]);
  });
});
