import { createLegalDb, ForbiddenError, type ValidationError } from '@legal/data';
import { assertTenantIsolation, asUser, createFactories, frozenClock, seedFirm } from '@legal/testing';
import { useLegalDatabase } from '@legal/testing/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { openMatter } from '../src/intake.js';

// a fresh, migrated database for this file (cloned from a template built once per run)
const database = await useLegalDatabase();
const db = createLegalDb({ connectionString: database.url, contextKey: database.contextKey, passwordHashCost: 4 });
afterAll(() => db.close());
const firm = await seedFirm(database.url, { seed: 1, slug: 'app-firm', cases: 200 });
const rival = await seedFirm(database.url, { seed: 2, slug: 'app-rival', cases: 20 });
const clock = frozenClock('2026-11-24T09:00:00Z');

describe('openMatter (the app under test)', () => {
  it('opens the client, the matter and its first deadline as a lawyer', async () => {
    const asLawyer = asUser(db, firm, 'lawyer');
    const opened = await openMatter(
      db,
      { tenantId: firm.tenantId, userId: firm.users.lawyer as string },
      {
        clientName: 'Jane Smith',
        title: 'Smith v. Jones',
        respondBy: clock.today(),
      },
    );
    expect(opened.matter).toMatchObject({ title: 'Smith v. Jones', clientName: 'Jane Smith', status: 'new' });
    expect(opened.deadline.dueAt?.toISOString()).toBe('2026-11-24T17:00:00.000Z');
    const listed = await asLawyer((t) => t.cases.search('Smith Jones'));
    expect(listed.map((h) => h.case.id)).toContain(opened.matter.id);
  });

  it('a viewer cannot open matters; bad input is a ValidationError naming the field', async () => {
    await expect(
      openMatter(
        db,
        { tenantId: firm.tenantId, userId: firm.users.viewer as string },
        {
          clientName: 'X Y',
          title: 'Nope',
          respondBy: clock.today(),
        },
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const error = await openMatter(
      db,
      { tenantId: firm.tenantId, userId: firm.users.lawyer as string },
      {
        clientName: 'X Y',
        title: 'ab',
        respondBy: clock.today(),
      },
    ).catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['title']);
  });

  it('factories build the rest of the world', async () => {
    const f = createFactories({ seed: 9 });
    const invoice = await asUser(
      db,
      firm,
      'admin',
    )(async (t) => {
      const c = await f.createCase(t);
      await f.createTimeEntry(t, { caseId: c.id });
      return f.createInvoice(t, { clientId: c.clientId as string, caseId: c.id });
    });
    expect(invoice.invoiceNumber).toMatch(/^INV-\d{6}$/);
  });

  it('the seeded firms cannot see each other (the exported attack suite)', async () => {
    const report = await assertTenantIsolation(database.url, {
      victimTenantId: firm.tenantId,
      attackerTenantId: rival.tenantId,
      // tables seedFirm does not fill are attacked in the repo's own suite
      exclude: [
        'legal.access_tokens',
        'legal.ai_queries',
        'legal.case_activities',
        'legal.case_members',
        'legal.conflict_checks',
        'legal.conversation_messages',
        'legal.conversations',
        'legal.document_categories',
        'legal.ethical_walls',
        'legal.document_chunks',
        'legal.document_permissions',
        'legal.party_affiliations',
        'legal.password_reset_tokens',
        'legal.templates',
        'legal.template_versions',
        'legal.user_permissions',
        'legal.user_sessions',
        'legal.security_events',
      ],
    });
    expect(report.leaks).toEqual([]);
    expect(report.cases).toBeGreaterThan(100);
  });
});
