import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createMigrator, DriftError, type MigratorEvent, migrationsDir } from '../src/index.js';
import { FIXTURES, freshDatabase } from './support/cli.js';

const basic = `${FIXTURES}basic`;

describe('createMigrator (programmatic API)', () => {
  it('runs on a pg client it is given, leaves it open, and reports each step to the logger', async () => {
    const db = await freshDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const events: MigratorEvent[] = [];
    const migrator = createMigrator({ client, migrationsDir: basic, logger: { info: (e) => events.push(e) } });

    const up = await migrator.up({ to: '0002_matters' });
    expect(up.migrations.map((m) => m.name)).toEqual(['0001_firms', '0002_matters']);
    expect(events.map((e) => e.event)).toEqual(['lock-acquired', 'applied', 'applied']);

    const status = await migrator.status();
    expect(status.applied.map((a) => [a.name, a.checksumMatches])).toEqual([
      ['0001_firms', true],
      ['0002_matters', true],
    ]);
    expect(status.pending).toEqual(['0003_matter_status', '0004_matters_title_index']);
    expect(await migrator.validate()).toEqual({ ok: true, problems: [] });

    const down = await migrator.down({ to: 0 });
    expect(down.migrations.map((m) => m.name)).toEqual(['0002_matters', '0001_firms']);
    // The client is still usable, and holds no lock.
    const { rows } = await client.query(
      "select count(*)::int as n from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()",
    );
    expect(rows[0]).toEqual({ n: 0 });
    await client.end();
  });

  it('throws typed errors: DriftError carries the problems', async () => {
    const db = await freshDatabase();
    await createMigrator({ connectionString: db.url, migrationsDir: basic }).up();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query("update legal.schema_migrations set checksum = repeat('0', 64) where name = '0001_firms'");
    await client.end();
    const error = await createMigrator({ connectionString: db.url, migrationsDir: basic })
      .up()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).problems.map((p) => [p.name, p.kind])).toEqual([['0001_firms', 'changed']]);
  });

  it('needs a connection string or a client', () => {
    expect(() => createMigrator({})).toThrow('createMigrator needs a connectionString or a client');
  });

  it('ships its migrations folder', () => {
    expect(migrationsDir).toMatch(/packages\/schema\/migrations$/);
  });
});
