import { catalogSnapshot } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { appliedNames, cli, cliJson, FIXTURES, freshDatabase, query } from './support/cli.js';

const basic = `${FIXTURES}basic`;
const ALL = ['0001_firms', '0002_matters', '0003_matter_status', '0004_matters_title_index'];

describe('legal-schema migrate (built bin, as a subprocess)', () => {
  it('up from empty, down to zero, up again: the schema is identical both times', async () => {
    const db = await freshDatabase();
    const up1 = await cli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    expect(up1.code).toBe(0);
    expect(up1.stdout).toMatch(/^applied +0001_firms \(\d+ ms\)$/m);
    expect(up1.stdout).toContain('Applied 4 migration(s)');
    const first = await catalogSnapshot(db.url, { schemas: ['legal'] });
    expect(first).toContain('relation legal.matters kind=r');
    expect(first).toContain('index CREATE INDEX matters_title_idx ON legal.matters USING btree (title)');

    const down = await cli(['migrate', 'down', '--to', '0', '--url', db.url, '--dir', basic]);
    expect(down.code).toBe(0);
    expect(down.stdout.match(/^reverted/gm)).toHaveLength(4);
    expect(await appliedNames(db.url)).toEqual([]);
    const empty = await catalogSnapshot(db.url, { schemas: ['legal'] });
    expect(empty).not.toContain('legal.matters');

    expect((await cli(['migrate', 'up', '--url', db.url, '--dir', basic])).code).toBe(0);
    expect(await catalogSnapshot(db.url, { schemas: ['legal'] })).toBe(first);
  });

  it('upgrades a database holding data at N-1 to head with the data intact', async () => {
    const db = await freshDatabase();
    expect((await cli(['migrate', 'up', '--to', '0003_matter_status', '--url', db.url, '--dir', basic])).code).toBe(0);
    expect(await appliedNames(db.url)).toEqual(ALL.slice(0, 3));
    await query(
      db.url,
      `insert into legal.firms (name) values ('Doe & Associates');
       insert into legal.matters (firm_id, title, status) select id, 'Smith v. Jones', 'open' from legal.firms;
       insert into legal.matters (firm_id, title, kind) select id, 'Estate of Brown', 'advisory' from legal.firms;`,
    );
    const before = await query(db.url, 'select id, firm_id, title, kind, status from legal.matters order by id');

    const up = await cli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^applied +0004_matters_title_index/m);
    expect(await query(db.url, 'select id, firm_id, title, kind, status from legal.matters order by id')).toEqual(
      before,
    );
    expect(await query(db.url, 'select name from legal.firms')).toEqual([{ name: 'Doe & Associates' }]);
  });

  it('backfills while upgrading existing data (0003 sets status from the title)', async () => {
    const db = await freshDatabase();
    await cli(['migrate', 'up', '--to', '0002_matters', '--url', db.url, '--dir', basic]);
    await query(
      db.url,
      `insert into legal.firms (name) values ('Doe');
       insert into legal.matters (firm_id, title) select id, t from legal.firms, unnest(array['Smith v. Jones', 'Estate of Brown']) t`,
    );
    expect((await cli(['migrate', 'up', '--url', db.url, '--dir', basic])).code).toBe(0);
    expect(await query(db.url, 'select title, status from legal.matters order by title')).toEqual([
      { title: 'Estate of Brown', status: 'new' },
      { title: 'Smith v. Jones', status: 'open' },
    ]);
  });

  it('records name, checksum, time, duration and who applied each migration', async () => {
    const db = await freshDatabase();
    await cli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    const rows = await query<{ name: string; checksum: string; applied_by: string; execution_ms: number }>(
      db.url,
      'select name, checksum, applied_by, execution_ms from legal.schema_migrations order by name',
    );
    expect(rows.map((r) => r.name)).toEqual(ALL);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.applied_by).toBe('postgres');
      expect(row.execution_ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('--dry-run prints the SQL that would run and changes nothing', async () => {
    const db = await freshDatabase();
    const before = await catalogSnapshot(db.url);
    const dry = await cli(['migrate', 'up', '--dry-run', '--url', db.url, '--dir', basic]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('-- 0001_firms.up.sql');
    expect(dry.stdout).toContain('create table legal.firms (');
    expect(dry.stdout).toContain('create index concurrently if not exists matters_title_idx');
    expect(dry.stdout).toContain('Dry run: 4 migration(s) would be applied');
    // Not even the history table or the schema is created.
    expect(await catalogSnapshot(db.url)).toBe(before);

    await cli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    const applied = await catalogSnapshot(db.url);
    const dryDown = await cli(['migrate', 'down', '--step', '2', '--dry-run', '--url', db.url, '--dir', basic]);
    expect(dryDown.code).toBe(0);
    expect(dryDown.stdout.indexOf('-- 0004_matters_title_index.down.sql')).toBeLessThan(
      dryDown.stdout.indexOf('-- 0003_matter_status.down.sql'),
    );
    expect(dryDown.stdout).not.toContain('0002_matters.down.sql');
    expect(await catalogSnapshot(db.url)).toBe(applied);
    expect(await appliedNames(db.url)).toEqual(ALL);
  });

  it('--json carries the same facts as the human output', async () => {
    const db = await freshDatabase();
    type Run = {
      ok: boolean;
      command: string;
      direction: string;
      dryRun: boolean;
      migrations: { name: string; durationMs: number }[];
    };
    const up = await cliJson<Run>(['migrate', 'up', '--to', '0002_matters', '--url', db.url, '--dir', basic]);
    expect(up.code).toBe(0);
    expect(up.doc).toMatchObject({ ok: true, command: 'migrate up', direction: 'up', dryRun: false });
    expect(up.doc.migrations.map((m) => m.name)).toEqual(ALL.slice(0, 2));
    expect(up.doc.migrations.every((m) => Number.isInteger(m.durationMs))).toBe(true);

    type Status = {
      applied: { name: string; executionMs: number; appliedBy: string }[];
      pending: string[];
      drift: unknown[];
    };
    const json = await cliJson<Status>(['status', '--url', db.url, '--dir', basic]);
    const human = await cli(['status', '--url', db.url, '--dir', basic]);
    expect(json.code).toBe(0);
    expect(human.code).toBe(0);
    expect(json.doc.applied.map((a) => a.name)).toEqual(ALL.slice(0, 2));
    expect(json.doc.pending).toEqual(ALL.slice(2));
    expect(json.doc.drift).toEqual([]);
    const humanApplied = [...human.stdout.matchAll(/^applied +(\S+) .* in (\d+) ms by (\S+)$/gm)];
    expect(humanApplied.map((m) => m[1])).toEqual(json.doc.applied.map((a) => a.name));
    expect(humanApplied.map((m) => Number(m[2]))).toEqual(json.doc.applied.map((a) => a.executionMs));
    expect(humanApplied.map((m) => m[3])).toEqual(json.doc.applied.map((a) => a.appliedBy));
    expect([...human.stdout.matchAll(/^pending +(\S+)$/gm)].map((m) => m[1])).toEqual(json.doc.pending);
    expect(human.stdout).toContain('2 applied, 2 pending.');

    const dry = await cliJson<{ migrations: { name: string; sql: string }[] }>([
      'migrate',
      'up',
      '--dry-run',
      '--url',
      db.url,
      '--dir',
      basic,
    ]);
    expect(dry.doc.migrations.map((m) => m.name)).toEqual(ALL.slice(2));
    expect(dry.doc.migrations[0]?.sql).toContain('alter table legal.matters add column status');
  });

  it('down reverts the last one by default, --step N, and --to NAME inclusive', async () => {
    const db = await freshDatabase();
    await cli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    expect((await cli(['migrate', 'down', '--url', db.url, '--dir', basic])).code).toBe(0);
    expect(await appliedNames(db.url)).toEqual(ALL.slice(0, 3));
    expect((await cli(['migrate', 'down', '--step', '1', '--url', db.url, '--dir', basic])).code).toBe(0);
    expect(await appliedNames(db.url)).toEqual(ALL.slice(0, 2));
    expect((await cli(['migrate', 'down', '--to', '0002_matters', '--url', db.url, '--dir', basic])).code).toBe(0);
    expect(await appliedNames(db.url)).toEqual(ALL.slice(0, 1));
  });

  it('a second up finds nothing to do', async () => {
    const db = await freshDatabase();
    await cli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    const again = await cli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to apply: the database is up to date.');
  });

  it('reads DATABASE_URL when --url is not given', async () => {
    const db = await freshDatabase();
    const run = await cli(['migrate', 'up', '--dir', basic], { DATABASE_URL: db.url });
    expect(run.code).toBe(0);
    expect(await appliedNames(db.url)).toEqual(ALL);
  });
});
