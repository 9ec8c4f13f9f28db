import { appendFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedNames, cli, cliJson, fixtureCopy, freshDatabase } from './support/cli.js';

describe('checksums', () => {
  it('an edited applied migration makes validate exit 3 naming the file; repair clears it', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    expect((await cli(['migrate', 'up', '--url', db.url, '--dir', dir])).code).toBe(0);
    expect((await cli(['validate', '--url', db.url, '--dir', dir])).code).toBe(0);

    await appendFile(join(dir, '0002_matters.up.sql'), '\n-- edited after it was applied\n');
    const validate = await cli(['validate', '--url', db.url, '--dir', dir]);
    expect(validate.code).toBe(3);
    expect(validate.stdout).toMatch(/^changed +0002_matters: 0002_matters\.up\.sql changed since it was applied/m);
    const json = await cliJson<{ ok: boolean; problems: { name: string; kind: string }[] }>([
      'validate',
      '--url',
      db.url,
      '--dir',
      dir,
    ]);
    expect(json.code).toBe(3);
    expect(json.doc.problems).toEqual([expect.objectContaining({ name: '0002_matters', kind: 'changed' })]);

    // migrate up refuses on drift, even with new work pending.
    await writeFile(join(dir, '0005_more.up.sql'), 'create table legal.more (id int);\n');
    await writeFile(join(dir, '0005_more.down.sql'), 'drop table legal.more;\n');
    const up = await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    expect(up.code).toBe(3);
    expect(up.stderr).toContain('changed: 0002_matters');
    expect(await appliedNames(db.url)).not.toContain('0005_more');

    const repair = await cli(['repair', '--url', db.url, '--dir', dir]);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toContain('repaired 0002_matters: checksum re-recorded from its file');
    expect((await cli(['validate', '--url', db.url, '--dir', dir])).code).toBe(0);
    expect((await cli(['migrate', 'up', '--url', db.url, '--dir', dir])).code).toBe(0);
    expect(await appliedNames(db.url)).toContain('0005_more');
  });

  it('a missing applied migration is drift; repair leaves it reported (exit 3)', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    await rm(join(dir, '0004_matters_title_index.up.sql'));
    await rm(join(dir, '0004_matters_title_index.down.sql'));
    const validate = await cli(['validate', '--url', db.url, '--dir', dir]);
    expect(validate.code).toBe(3);
    expect(validate.stdout).toMatch(
      /^missing +0004_matters_title_index: applied .*, but 0004_matters_title_index\.up\.sql is gone/m,
    );
    // down would otherwise skip it silently and revert the wrong migration.
    expect((await cli(['migrate', 'down', '--url', db.url, '--dir', dir])).code).toBe(3);
    expect((await cli(['repair', '--url', db.url, '--dir', dir])).code).toBe(3);
  });

  it('a new file that sorts before applied ones is reported out of order', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await rm(join(dir, '0003_matter_status.up.sql'));
    await rm(join(dir, '0003_matter_status.down.sql'));
    await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    const full = await fixtureCopy();
    const validate = await cli(['validate', '--url', db.url, '--dir', full]);
    expect(validate.code).toBe(3);
    expect(validate.stdout).toMatch(
      /^out of order 0003_matter_status: pending, but sorts before 0004_matters_title_index/m,
    );
    expect((await cli(['migrate', 'up', '--url', db.url, '--dir', full])).code).toBe(3);
  });

  it('line endings do not count as an edit', async () => {
    const db = await freshDatabase();
    const dir = await fixtureCopy();
    await cli(['migrate', 'up', '--url', db.url, '--dir', dir]);
    const path = join(dir, '0001_firms.up.sql');
    const { readFile } = await import('node:fs/promises');
    await writeFile(path, (await readFile(path, 'utf8')).replace(/\n/g, '\r\n'));
    expect((await cli(['validate', '--url', db.url, '--dir', dir])).code).toBe(0);
  });
});
