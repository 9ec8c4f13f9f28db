import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliJson, fixtureCopy } from './support/cli.js';

describe('legal-schema create', () => {
  it('scaffolds the next numbered pair', async () => {
    const dir = await fixtureCopy();
    const run = await cli(['create', 'add-case-deadlines', '--dir', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0005_add_case_deadlines.up.sql');
    expect((await readdir(dir)).filter((f) => f.startsWith('0005_'))).toEqual([
      '0005_add_case_deadlines.down.sql',
      '0005_add_case_deadlines.up.sql',
    ]);
    expect(await readFile(join(dir, '0005_add_case_deadlines.up.sql'), 'utf8')).toContain('-- legal:no-transaction');
    const json = await cliJson<{ name: string }>(['create', 'next_one', '--dir', dir]);
    expect(json.doc.name).toBe('0006_next_one');
  });

  it('starts at 0001 in an empty folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'legal-empty-migrations-'));
    expect((await cli(['create', 'init', '--dir', dir])).code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['0001_init.down.sql', '0001_init.up.sql']);
  });

  it('refuses a slug that is not a plain name (exit 2) and writes nothing', async () => {
    const dir = await fixtureCopy();
    const before = await readdir(dir);
    const run = await cli(['create', '../../etc/evil', '--dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid slug "../../etc/evil"');
    expect(await readdir(dir)).toEqual(before);
  });
});
