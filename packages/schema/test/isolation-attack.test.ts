/**
 * The exported attack suite (`assertTenantIsolation` from @legal/testing) against the real
 * schema: every tenant table × select / insert / update / delete / foreign key × six
 * contexts (another firm's genuine context, that context rewritten by SET, none, empty,
 * malformed, SQL in the value). Then proof that it notices: a new tenant table nobody seeded is "uncovered", and
 * a table whose policy lets everything through leaks.
 */
import { ATTACK_CONTEXTS, assertTenantIsolation, query, TenantIsolationError } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { legalDatabase, seedFirm, TENANT_A, TENANT_B } from './support/legal-database.js';

const db = await legalDatabase();
await seedFirm(db.url, TENANT_A, 'firm-a');
await seedFirm(db.url, TENANT_B, 'firm-b');
const options = { victimTenantId: TENANT_A, attackerTenantId: TENANT_B };

describe('assertTenantIsolation', () => {
  it('attacks every tenant table in every way: zero leaks', async () => {
    const report = await assertTenantIsolation(db.url, options);
    console.log(
      `isolation attack suite: ${report.cases} cases (${report.tables} tables; ${Object.entries(report.byOperation)
        .map(([op, n]) => `${op} ${n}`)
        .join(', ')}), ${report.leaks.length} leaks, ${report.uncovered.length} uncovered`,
    );
    expect(report.tables).toBeGreaterThanOrEqual(30);
    expect(report.byOperation.select).toBe(report.tables * ATTACK_CONTEXTS.length);
    expect(report.byOperation.foreign_key).toBeGreaterThanOrEqual(69);
    // the search functions (cases, documents, the conflict search of parties), as every attacker
    expect(report.byOperation.search).toBe(3 * ATTACK_CONTEXTS.length);
    expect(report.leaks).toEqual([]);
    expect(report.uncovered).toEqual([]);
  });

  it('catches a search function that forgets the firm', async () => {
    const [original] = await query<{ def: string }>(
      db.url,
      `select pg_get_functiondef('legal.search_cases(text, integer)'::regprocedure) as def`,
    );
    await query(db.url, (original?.def ?? '').replaceAll('c.tenant_id = t ', 'true '));
    try {
      const error = await assertTenantIsolation(db.url, options).catch((e: unknown) => e);
      expect((error as { report?: { leaks: { table: string; operation: string }[] } }).report?.leaks).toContainEqual(
        expect.objectContaining({ table: 'legal.cases', operation: 'search' }),
      );
    } finally {
      await query(db.url, original?.def ?? '');
    }
  });

  it('catches a conflict search that forgets the firm', async () => {
    const [original] = await query<{ def: string }>(
      db.url,
      `select pg_get_functiondef('legal.conflict_search_at(uuid, text, integer)'::regprocedure) as def`,
    );
    // every `x.tenant_id = t` of the function (it checks the firm at each join: one alone is not enough to leak)
    const mutated = (original?.def ?? '').replace(/\b\w+\.tenant_id = t\b/g, 'true');
    expect(mutated).not.toBe(original?.def);
    await query(db.url, mutated);
    try {
      const error = await assertTenantIsolation(db.url, options).catch((e: unknown) => e);
      expect((error as { report?: { leaks: { table: string; operation: string }[] } }).report?.leaks).toContainEqual(
        expect.objectContaining({ table: 'legal.parties', operation: 'search' }),
      );
    } finally {
      await query(db.url, original?.def ?? '');
    }
  });

  it('fails when a tenant table is not covered (no victim row to attack)', async () => {
    await query(
      db.url,
      `create table legal.throwaway_notes (tenant_id uuid not null default legal.current_tenant_id() references legal.tenants (id),
         id uuid not null default gen_random_uuid(), body text, primary key (tenant_id, id));
       select legal.enable_tenant_isolation('legal.throwaway_notes');`,
    );
    try {
      const error = await assertTenantIsolation(db.url, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TenantIsolationError);
      expect((error as TenantIsolationError).report.uncovered).toEqual(['legal.throwaway_notes']);
      expect((error as TenantIsolationError).report.leaks).toEqual([]);
      expect((error as Error).message).toContain('uncovered: legal.throwaway_notes');
    } finally {
      await query(db.url, 'drop table legal.throwaway_notes');
    }
  });

  it('finds the leak of a table whose policies let everything through', async () => {
    await query(
      db.url,
      `create table legal.leaky_notes (tenant_id uuid not null references legal.tenants (id),
         id uuid not null default gen_random_uuid(), body text, primary key (tenant_id, id));
       alter table legal.leaky_notes enable row level security;
       create policy leaky_notes_all on legal.leaky_notes for all to legal_app using (true) with check (true);
       grant select, insert, update, delete on legal.leaky_notes to legal_app;
       insert into legal.leaky_notes (tenant_id, body) values ('${TENANT_A}', 'a'), ('${TENANT_B}', 'b');`,
    );
    try {
      const error = await assertTenantIsolation(db.url, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TenantIsolationError);
      const leaks = (error as TenantIsolationError).report.leaks;
      expect(new Set(leaks.map((l) => l.table))).toEqual(new Set(['legal.leaky_notes']));
      // every operation leaks in every context: 6 × (select, insert, update, delete)
      expect(leaks).toHaveLength(ATTACK_CONTEXTS.length * 4);
      expect(leaks).toContainEqual(
        expect.objectContaining({
          operation: 'select',
          context: 'no_context',
          detail: expect.stringMatching(/victim rows visible/),
        }),
      );
    } finally {
      await query(db.url, 'drop table legal.leaky_notes');
    }
  });
});
