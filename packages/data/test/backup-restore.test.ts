import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readContextKey } from '@legal/schema';
import { createTestDatabase, query, startPostgres } from '@legal/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../../schema/test/support/cli.js';
import { createLegalDb } from '../src/index.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

// The operator's path, with the real tools: `legal-schema backup` on one cluster,
// `legal-schema restore` into a brand-new cluster that has none of the schema's roles,
// then the application signs in there through an ordinary login. (`cli`: the built bin as
// CI runs it, the helper of the schema package's own CLI tests.)

const PASSWORD = 'correct horse 9';
const source = await legalDatabase();
const sourceLogin = await appLogin(source);
const loginName = decodeURIComponent(new URL(sourceLogin).username);
const firm = await createFirm(source.url, 'restored-firm');
await query(source.url, `update legal.users set role = 'admin' where id = $1`, [firm.userId]);
const app = createLegalDb({ contextKey: source.contextKey, connectionString: sourceLogin, passwordHashCost: 4 });
afterAll(() => app.close());
const { caseId } = await app.withTenant(firm, async (t) => {
  await t.users.create({
    email: 'rita@restored-firm.example',
    password: PASSWORD,
    fullName: 'Rita Restore',
    role: 'lawyer',
  });
  const created = await t.cases.create({ title: 'Matter that must survive a restore' });
  await t.cases.update(created.id, { description: 'edited once, so the audit chain has an update' });
  return { caseId: created.id };
});
const other = await createFirm(source.url, 'other-firm');
await app.withTenant(other, (t) => t.cases.create({ title: 'Another firm' }));

const work = await mkdtemp(join(tmpdir(), 'legal-backup-'));
const cluster = await startPostgres({ provider: 'local' });
afterAll(() => cluster.stop());

async function counts(url: string, tenantId: string): Promise<Record<string, number>> {
  const tables = await query<{ name: string }>(
    url,
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id') order by 1`,
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await query<{ n: number }>(url, `select count(*)::int as n from ${name} where tenant_id = $1`, [
      tenantId,
    ]);
    out[name] = row?.n ?? 0;
  }
  return out;
}

describe('backup, then restore into a fresh cluster without the roles', () => {
  const backupDir = join(work, 'backup');

  it('backup writes the dump, the roles (no password anywhere) and a manifest, with progress', async () => {
    const run = await cli(['backup', '--url', source.url, '--out', backupDir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[\d+\/\d+\] legal\.cases/);
    const roles = JSON.parse(await readFile(join(backupDir, 'roles.json'), 'utf8')) as { name: string }[];
    expect(roles.map((r) => r.name)).toEqual(
      expect.arrayContaining(['legal_owner', 'legal_app', 'legal_system', loginName]),
    );
    expect(JSON.stringify(roles)).not.toMatch(/password|SCRAM|md5/i);
    const manifest = JSON.parse(await readFile(join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'legal-backup/1', serverMajor: 15, tenants: 2 });
    expect(manifest.migrations.length).toBeGreaterThanOrEqual(17);
  });

  it('a second backup into the same directory is refused, the first left intact', async () => {
    const run = await cli(['backup', '--url', source.url, '--out', backupDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not empty');
  });

  it('the new cluster has none of the roles; restore creates them, and verify and every audit chain pass', async () => {
    const [before] = await query<{ n: number }>(
      cluster.url,
      `select count(*)::int as n from pg_roles where rolname like 'legal\\_%'`,
    );
    expect(before?.n).toBe(0);
    const target = await createTestDatabase(cluster, { prefix: 'restored' });
    const run = await cli(['restore', '--url', target.url, '--from', backupDir]);
    expect(run.stderr).toBe('');
    // the two firms' chains and the schema's own (the DDL of migrations after 0019)
    expect(run.stdout).toContain('Restored: verify OK, 3 audit chain(s) intact.');
    // (other test files' logins of the same cluster are members of legal_app too: roles are cluster-wide)
    expect(run.stdout).toMatch(
      new RegExp(`Set a password for these logins \\(ALTER ROLE … PASSWORD\\): .*\\b${loginName}\\b`),
    );
    expect(run.code).toBe(0);
    expect(await counts(target.url, firm.tenantId)).toEqual(await counts(source.url, firm.tenantId));
    // the SECURITY DEFINER functions run as their owner again, not as whoever restored them
    const owners = await query<{ owner: string }>(
      target.url,
      `select distinct pg_get_userbyid(p.proowner) as owner from pg_proc p
        where p.pronamespace = 'legal'::regnamespace and p.prosecdef`,
    );
    expect(owners).toEqual([{ owner: 'legal_owner' }]);

    // The operator sets the login's password; the application signs in and reads its firm.
    await query(target.url, `alter role ${loginName} password '${PASSWORD}'`);
    const url = new URL(target.url);
    url.username = loginName;
    url.password = PASSWORD;
    const restored = createLegalDb({
      contextKey: await readContextKey(target.url),
      connectionString: url.toString(),
      passwordHashCost: 4,
    });
    try {
      const login = await restored.auth.login({
        tenantSlug: 'restored-firm',
        email: 'rita@restored-firm.example',
        password: PASSWORD,
      });
      const context = await restored.auth.resolveSession(login.token);
      expect(context?.tenantId).toBe(firm.tenantId);
      const cases = await restored.withTenant(context as NonNullable<typeof context>, (t) =>
        t.cases.list({ limit: 10 }),
      );
      expect(cases.items.map((c) => [c.id, c.description])).toEqual([
        [caseId, 'edited once, so the audit chain has an update'],
      ]);
    } finally {
      await restored.close();
    }
    // and the restored chain keeps growing correctly
    const [chain] = await query<{ problem: string | null; checked: number }>(
      target.url,
      'select problem, checked::int from legal.verify_audit_chain($1)',
      [firm.tenantId],
    );
    expect(chain).toMatchObject({ problem: null });
    expect(chain?.checked).toBeGreaterThan(3);
  });

  it('restore refuses a database that already has the schema, changing nothing', async () => {
    const target = await createTestDatabase(cluster, { prefix: 'occupied' });
    await query(target.url, 'create schema legal; create table legal.mine (id int)');
    const run = await cli(['restore', '--url', target.url, '--from', backupDir, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'RESTORE_REFUSED' });
    expect(
      await query(target.url, `select count(*)::int as n from pg_class where relnamespace = 'legal'::regnamespace`),
    ).toEqual([{ n: 1 }]);
  });
});

describe("one firm's export, import and offboarding", () => {
  const file = join(work, 'firm.jsonl');

  it('export writes every row of the firm and nothing of another', async () => {
    const run = await cli([
      'tenant',
      'export',
      '--url',
      source.url,
      '--tenant',
      firm.tenantId,
      '--out',
      file,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { counts: Record<string, number> };
    const expected = await counts(source.url, firm.tenantId);
    expect(doc.counts).toEqual(expected);
    expect(doc.counts['legal.audit_log']).toBeGreaterThan(3);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(other.tenantId);
  });

  it('import into another cluster (migrated to the same head): same rows, audit chain intact', async () => {
    const target = await createTestDatabase(cluster, { prefix: 'firm_import' });
    expect((await cli(['migrate', 'up', '--url', target.url])).code).toBe(0);
    const run = await cli(['tenant', 'import', '--url', target.url, '--from', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await counts(target.url, firm.tenantId)).toEqual(await counts(source.url, firm.tenantId));
    const [chain] = await query<{ problem: string | null }>(
      target.url,
      'select problem from legal.verify_audit_chain($1)',
      [firm.tenantId],
    );
    expect(chain).toEqual({ problem: null });
    // a second import of the same firm is refused and adds nothing
    const again = await cli(['tenant', 'import', '--url', target.url, '--from', file, '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe('IMPORT_REFUSED');
    expect(await counts(target.url, firm.tenantId)).toEqual(await counts(source.url, firm.tenantId));
  });

  it('a cut export file is refused and imports nothing', async () => {
    const target = await createTestDatabase(cluster, { prefix: 'firm_cut' });
    expect((await cli(['migrate', 'up', '--url', target.url])).code).toBe(0);
    const cut = join(work, 'cut.jsonl');
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    await import('node:fs/promises').then((fs) => fs.writeFile(cut, `${lines.slice(0, -3).join('\n')}\n`));
    const run = await cli(['tenant', 'import', '--url', target.url, '--from', cut, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.message).toContain('cut short');
    expect(await query(target.url, 'select count(*)::int as n from legal.tenants')).toEqual([{ n: 0 }]);
  });

  it('offboarding is refused under legal hold (nothing exported, deleted or closed), and then deletes every row', async () => {
    await query(
      source.url,
      `update legal.cases set legal_hold = true, legal_hold_reason = 'litigation' where id = $1`,
      [caseId],
    );
    const before = await counts(source.url, firm.tenantId);
    const refused = await cli([
      'tenant',
      'offboard',
      '--url',
      source.url,
      '--tenant',
      firm.tenantId,
      '--out',
      join(work, 'final.jsonl'),
      '--json',
    ]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'LEGAL_HOLD' });
    expect(existsSync(join(work, 'final.jsonl'))).toBe(false);
    expect(await counts(source.url, firm.tenantId)).toEqual(before);
    expect(await query(source.url, 'select status from legal.tenants where id = $1', [firm.tenantId])).toEqual([
      { status: 'active' },
    ]);

    await query(source.url, 'update legal.cases set legal_hold = false, legal_hold_reason = null where id = $1', [
      caseId,
    ]);
    const run = await cli([
      'tenant',
      'offboard',
      '--url',
      source.url,
      '--tenant',
      firm.tenantId,
      '--out',
      join(work, 'final.jsonl'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(Object.values(await counts(source.url, firm.tenantId)).every((n) => n === 0)).toBe(true);
    expect(
      await query(source.url, 'select count(*)::int as n from legal.tenants where id = $1', [firm.tenantId]),
    ).toEqual([{ n: 0 }]);
    // the other firm is untouched, and its chain still verifies
    expect((await counts(source.url, other.tenantId))['legal.cases']).toBe(1);
    const [chain] = await query<{ problem: string | null }>(
      source.url,
      'select problem from legal.verify_audit_chain($1)',
      [other.tenantId],
    );
    expect(chain).toEqual({ problem: null });
  });
});
