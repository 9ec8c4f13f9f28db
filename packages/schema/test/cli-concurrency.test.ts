import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appliedNames, cli, cliJson, FIXTURES, freshDatabase, query, startCli } from './support/cli.js';

const basic = `${FIXTURES}basic`;
const LOCK = "hashtextextended('legal.schema_migrations', 0)";

describe('two runners at once', () => {
  // Three rounds: the waiting runner must never block the holder's CREATE INDEX CONCURRENTLY
  // (0004), which waits for every open snapshot. A runner blocked in pg_advisory_lock holds
  // one and deadlocked it in about half of the runs, before the lock was taken by polling.
  it.each([1, 2, 3])('both exit 0 on an empty database, and each migration is applied once (round %i)', async () => {
    const db = await freshDatabase();
    const args = ['migrate', 'up', '--json', '--url', db.url, '--dir', basic];
    const [a, b] = await Promise.all([startCli(args).result, startCli(args).result]);
    expect(a.code, a.stdout).toBe(0);
    expect(b.code, b.stdout).toBe(0);
    const applied = [a, b].map((r) =>
      (JSON.parse(r.stdout) as { migrations: { name: string }[] }).migrations.map((m) => m.name),
    );
    // One runner applied all four; the other waited for the lock, then found nothing to do.
    expect(applied.flat().sort()).toEqual([
      '0001_firms',
      '0002_matters',
      '0003_matter_status',
      '0004_matters_title_index',
    ]);
    expect(applied.map((names) => names.length).sort()).toEqual([0, 4]);
    expect(await appliedNames(db.url)).toHaveLength(4);
  });
});

describe('the migration lock', () => {
  async function holdLock(url: string): Promise<pg.Client> {
    const holder = new pg.Client({ connectionString: url, application_name: 'test-lock-holder' });
    await holder.connect();
    await holder.query(`select pg_advisory_lock(${LOCK})`);
    return holder;
  }

  it('--no-wait fails at once with exit 4, naming who holds it', async () => {
    const db = await freshDatabase();
    const holder = await holdLock(db.url);
    try {
      const run = await cli(['migrate', 'up', '--no-wait', '--url', db.url, '--dir', basic]);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('Another migration runner holds the lock (--no-wait); held by pid');
      expect(run.stderr).toContain('test-lock-holder');
      const json = await cliJson<{ error: { code: string } }>([
        'migrate',
        'up',
        '--no-wait',
        '--url',
        db.url,
        '--dir',
        basic,
      ]);
      expect(json.code).toBe(4);
      expect(json.doc.error.code).toBe('LOCK_NOT_ACQUIRED');
      expect(await query(db.url, "select to_regclass('legal.schema_migrations') as t")).toEqual([{ t: null }]);
    } finally {
      await holder.end();
    }
  });

  it('waits up to --lock-timeout, then exits 4; once released, runs', async () => {
    const db = await freshDatabase();
    const holder = await holdLock(db.url);
    try {
      const run = await cli(['migrate', 'up', '--lock-timeout', '0.5', '--url', db.url, '--dir', basic]);
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('held the lock for the whole wait of 500 ms');
    } finally {
      await holder.end();
    }
    expect((await cli(['migrate', 'up', '--lock-timeout', '5', '--url', db.url, '--dir', basic])).code).toBe(0);
  });

  it('a waiting runner proceeds when the holder lets go', async () => {
    const db = await freshDatabase();
    const holder = await holdLock(db.url);
    const { result } = startCli(['migrate', 'up', '--url', db.url, '--dir', basic]);
    await new Promise((r) => setTimeout(r, 500));
    await holder.query(`select pg_advisory_unlock(${LOCK})`);
    await holder.end();
    expect((await result).code).toBe(0);
    expect(await appliedNames(db.url)).toHaveLength(4);
  });
});
