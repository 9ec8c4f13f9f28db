import { appendFile, cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/index.js';
import { cli, cliJson } from './support/cli.js';

const LINT = fileURLToPath(new URL('./fixtures/lint/', import.meta.url));

interface LintDoc {
  findings: { file: string; line: number; rule: string; source: string }[];
  accepted: number;
  squawk: { ran: boolean };
}

describe('legal-schema lint', () => {
  it("finds each rule broken once in a file made to break them (exit 7): ours and squawk's", async () => {
    const { code, doc } = await cliJson<LintDoc>(['lint', join(LINT, '0100_breaks_every_rule.up.sql')]);
    expect(code).toBe(7);
    expect(doc.squawk.ran).toBe(true);
    expect(doc.findings.map((f) => [f.line, f.rule, f.source])).toEqual([
      [2, 'tenant-table-without-isolation', 'legal'],
      [8, 'policy-outside-helper', 'legal'],
      [10, 'grant-outside-helper', 'legal'],
      [12, 'security-definer-without-search-path', 'legal'],
      [16, 'recursive-sql-body', 'legal'],
      [20, 'require-concurrent-index-creation', 'squawk'],
      [22, 'constraint-missing-not-valid', 'squawk'],
      [24, 'atomic-body', 'legal'],
    ]);
  });

  it('the same intentions written as the rules ask pass (a no-transaction file is linted as one)', async () => {
    const run = await cli([
      'lint',
      join(LINT, '0101_follows_every_rule.up.sql'),
      join(LINT, '0102_concurrent_index.up.sql'),
    ]);
    expect(run.stdout).toContain('2 file(s): 0 finding(s).');
    expect(run.code).toBe(0);
  });

  it('the shipped migrations pass: every finding in them is an accepted exception of a file already applied', async () => {
    const { code, doc } = await cliJson<LintDoc>(['lint']);
    expect(code).toBe(0);
    expect(doc.findings).toEqual([]);
    const accepted = JSON.parse(await readFile(join(migrationsDir, 'lint-accepted.json'), 'utf8')) as {
      file: string;
    }[];
    expect(doc.accepted).toBe(accepted.length);
    // exceptions are only for shipped files before this linter existed, never for new ones
    expect(Math.max(...accepted.map((a) => Number(a.file.slice(0, 4))))).toBeLessThanOrEqual(16);
  });

  it('an accepted file is not a free pass: a new statement in it is a finding', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'legal-lint-'));
    await cp(migrationsDir, dir, { recursive: true });
    await appendFile(join(dir, '0012_access_model.up.sql'), '\ngrant delete on legal.audit_log to legal_app;\n');
    const { code, doc } = await cliJson<LintDoc>(['lint', '--dir', dir]);
    expect(code).toBe(7);
    expect(doc.findings.map((f) => [f.file.split('/').pop(), f.rule])).toEqual([
      ['0012_access_model.up.sql', 'grant-outside-helper'],
    ]);
  });
});
