import { assertFirmAccess, FirmAccessError, type FirmAccessReport, query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { legalDatabase, seedFirm, TENANT_A } from './support/legal-database.js';

const db = await legalDatabase();
await seedFirm(db.url, TENANT_A, 'firm-a');
/** The fixture's matter k1: a row in every matter-scoped table. */
const [{ matter } = { matter: '' }] = await query<{ matter: string }>(
  db.url,
  `select md5($1 || 'k1')::uuid::text as matter`,
  [TENANT_A],
);

describe('the in-firm attack suite (assertFirmAccess)', () => {
  let report: FirmAccessReport;

  it('finds no leak: every default role, a walled admin, a viewer member, a scoped token, an inactive and a foreign user, over SQL and the repositories', async () => {
    report = await assertFirmAccess(db.url, { tenantId: TENANT_A, matterId: matter });
    expect(report.leaks).toEqual([]);
    expect(report.uncovered).toEqual([]);
    expect(report.unmodelled).toEqual([]);
    expect(report.blocked).toEqual([]);
    expect(report.actors).toEqual(
      expect.arrayContaining([
        'default_role:admin',
        'default_role:caseworker',
        'default_role:pro_se',
        'walled_admin:admin',
        'viewer_member:caseworker',
        'scoped_token:admin',
        'inactive_user:admin',
        'foreign_user:admin',
      ]),
    );
    console.log(
      `in-firm attack suite: ${report.byPath.sql + report.byPath.repository} cases (${report.tables} tables, ${report.actors.length} actors; sql ${report.byPath.sql}, repositories ${report.byPath.repository}), ${report.leaks.length} leaks`,
    );
    expect(report.tables).toBeGreaterThanOrEqual(31);
    expect(report.byPath.sql).toBeGreaterThan(1000);
    expect(report.byPath.repository).toBeGreaterThan(50);
  });

  it('bites: a permissive policy planted on one table is caught as a leak', async () => {
    await query(db.url, 'create policy planted on legal.communications for select using (true)');
    try {
      const error = await assertFirmAccess(db.url, { tenantId: TENANT_A, matterId: matter, repositories: false }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FirmAccessError);
      const leaks = (error as FirmAccessError).report.leaks;
      expect(leaks.length).toBeGreaterThan(0);
      expect(new Set(leaks.map((l) => l.table))).toEqual(new Set(['legal.communications']));
      // the caseworker is not a member of the matter; the clerk may not read communications
      expect(leaks.map((l) => l.actor)).toEqual(
        expect.arrayContaining(['default_role:caseworker', 'default_role:clerk']),
      );
    } finally {
      await query(db.url, 'drop policy planted on legal.communications');
    }
  });

  it('bites: a wall the policies forget is caught', async () => {
    // the cases policy without the wall: every reader of the firm sees the matter
    await query(
      db.url,
      `alter policy cases_select on legal.cases using (tenant_id = legal.current_tenant_id() and (legal.sees_all_cases()
         or strpos(coalesce(current_setting('legal.cases', true), ''), id::text) > 0))`,
    );
    try {
      const error = await assertFirmAccess(db.url, { tenantId: TENANT_A, matterId: matter, repositories: false }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FirmAccessError);
      expect((error as FirmAccessError).report.leaks).toContainEqual(
        expect.objectContaining({ actor: 'walled_admin:admin', table: 'legal.cases', command: 'select' }),
      );
    } finally {
      await query(
        db.url,
        `alter policy cases_select on legal.cases using (tenant_id = legal.current_tenant_id() and (legal.can_read_case_row(id, owner_id, assigned_to)))`,
      );
    }
  });

  it('bites: a search function that forgets the access rules is caught (the repositories read rows back through RLS, so only the function leaks)', async () => {
    const [original] = await query<{ def: string }>(
      db.url,
      `select pg_get_functiondef('legal.search_cases(text, integer)'::regprocedure) as def`,
    );
    await query(
      db.url,
      (original?.def ?? '').replaceAll('and legal.can_read_case_row(c.id, c.owner_id, c.assigned_to)', ''),
    );
    try {
      const error = await assertFirmAccess(db.url, { tenantId: TENANT_A, matterId: matter }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FirmAccessError);
      expect((error as FirmAccessError).report.leaks).toContainEqual(
        expect.objectContaining({ actor: 'walled_admin:admin', table: 'legal.cases', path: 'sql' }),
      );
    } finally {
      await query(db.url, original?.def ?? '');
    }
  });
});
