import { query } from '@legal/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CheckViolationError, createLegalDb, ForbiddenError, ForeignKeyError, ValidationError } from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({ contextKey: database.contextKey, connectionString: await appLogin(database) });
const firm = await createFirm(database.url, 'conflicts-a');
const rival = await createFirm(database.url, 'conflicts-b');
const clerk = await addUser(database.url, firm.tenantId, 'clerk', 'clerk@conflicts-a.example');
const viewer = await addUser(database.url, firm.tenantId, 'viewer', 'viewer@conflicts-a.example');
const walled = await addUser(database.url, firm.tenantId, 'lawyer', 'walled@conflicts-a.example');
const adminUser = await addUser(database.url, firm.tenantId, 'admin', 'admin@conflicts-a.example');
const admin = { tenantId: firm.tenantId, userId: adminUser };
const asClerk = { tenantId: firm.tenantId, userId: clerk };
const asViewer = { tenantId: firm.tenantId, userId: viewer };
const asWalled = { tenantId: firm.tenantId, userId: walled };

// The firm acted against Jon Smyth Ltd (formerly Smyth Brothers) in one matter; its parent,
// Smyth Holdings plc, was a client in another. The rival firm has a "John Smith Limited" too.
const seeded = await db.withTenant(admin, async (t) => {
  const holdings = await t.conflicts.addParty({ kind: 'organization', name: 'Smyth Holdings plc' });
  const jon = await t.conflicts.addParty({
    kind: 'organization',
    name: 'Jon Smyth Ltd',
    otherNames: [{ name: 'Smyth Brothers', kind: 'former_name' }],
  });
  await t.conflicts.affiliate({ partyId: jon.id, affiliateId: holdings.id, relation: 'parent' });
  const unrelated = await t.conflicts.addParty({ kind: 'person', name: 'Maria Garcia' });
  const against = await t.cases.create({ title: 'Acme v. Jon Smyth Ltd', matterNumber: 'M-100' });
  await t.cases.addParty(against.id, { partyRole: 'opposing_party', name: 'Jon Smyth Ltd', partyId: jon.id });
  const forHoldings = await t.cases.create({ title: 'Smyth Holdings acquisition', matterNumber: 'M-200' });
  await t.cases.addParty(forHoldings.id, { partyRole: 'client', name: 'Smyth Holdings plc', partyId: holdings.id });
  await t.access.putUpWall({ caseId: against.id, userId: walled, reason: 'Screened: former employer' });
  return { holdings, jon, unrelated, against, forHoldings };
});
await db.withTenant({ tenantId: rival.tenantId, userId: rival.userId }, async (t) => {
  const other = await t.conflicts.addParty({ kind: 'organization', name: 'John Smith Limited' });
  const matter = await t.cases.create({ title: 'Rival matter of John Smith Limited', matterNumber: 'R-1' });
  await t.cases.addParty(matter.id, { partyRole: 'client', name: 'John Smith Limited', partyId: other.id });
});

describe('conflict checks', () => {
  it('finds "Jon Smyth Ltd" for "John Smith Limited": same sound, suffixes ignored, with its role, matter and status', async () => {
    const hits = await db.withTenant(admin, (t) => t.conflicts.search('John Smith Limited'));
    const jon = hits.find((h) => h.party.id === seeded.jon.id && h.via === null);
    expect(jon).toMatchObject({
      party: { name: 'Jon Smyth Ltd', kind: 'organization' },
      matchedName: 'Jon Smyth Ltd',
      nameKind: 'name',
      matters: [
        {
          caseId: seeded.against.id,
          matterNumber: 'M-100',
          title: 'Acme v. Jon Smyth Ltd',
          status: 'new',
          role: 'opposing_party',
          restricted: false,
        },
      ],
    });
    expect(jon?.score).toBeGreaterThanOrEqual(0.9);
    // its parent, reached through the affiliation, with the matter it was a client in
    expect(hits).toContainEqual(
      expect.objectContaining({
        party: expect.objectContaining({ id: seeded.holdings.id }),
        via: { partyId: seeded.jon.id, relation: 'parent' },
        matters: [expect.objectContaining({ caseId: seeded.forHoldings.id, role: 'client' })],
      }),
    );
    // nothing unrelated, nothing of the other firm
    expect(hits.map((h) => h.party.id)).not.toContain(seeded.unrelated.id);
    expect(JSON.stringify(hits)).not.toMatch(/Rival matter|R-1/);
  });

  it('normalises case, accents, punctuation and legal suffixes, and searches former names', async () => {
    const found = async (q: string) =>
      (await db.withTenant(admin, (t) => t.conflicts.search(q))).filter((h) => h.via === null).map((h) => h.party.name);
    expect(await found('JON SMYTH, L.L.C.')).toContain('Jon Smyth Ltd');
    expect(await found('Smyth Bröthers Inc.')).toContain('Jon Smyth Ltd');
    expect((await db.withTenant(admin, (t) => t.conflicts.search('smyth brothers')))[0]).toMatchObject({
      party: { id: seeded.jon.id },
      matchedName: 'Smyth Brothers',
      nameKind: 'former_name',
    });
    expect(await found('García, María')).toContain('Maria Garcia');
    expect(await found('Entirely Different Corp')).toEqual([]);
  });

  it('a matter the checker may not read is reported without its title, never left out', async () => {
    const hits = await db.withTenant(asWalled, (t) => t.conflicts.search('Jon Smyth'));
    const jon = hits.find((h) => h.party.id === seeded.jon.id && h.via === null);
    expect(jon?.matters).toEqual([
      {
        caseId: seeded.against.id,
        matterNumber: 'M-100',
        title: null,
        status: 'new',
        role: 'opposing_party',
        restricted: true,
      },
    ]);
  });

  it('a check is saved with its hits, decided once, and audited', async () => {
    const check = await db.withTenant(asClerk, (t) => t.conflicts.check({ query: 'John Smith Limited' }));
    expect(check).toMatchObject({
      query: 'John Smith Limited',
      decision: 'pending',
      checkedBy: clerk,
      decidedAt: null,
    });
    expect(check.hitCount).toBe(check.hits.length);
    expect(check.hits.map((h) => h.party.id)).toContain(seeded.jon.id);

    // a clerk may check but not decide
    await expect(db.withTenant(asClerk, (t) => t.conflicts.decide(check.id, { decision: 'cleared' }))).rejects.toThrow(
      ForbiddenError,
    );
    // a waiver needs a reason (the field is named)
    const noReason = await db
      .withTenant(admin, (t) => t.conflicts.decide(check.id, { decision: 'waived' }))
      .catch((e: unknown) => e);
    expect(noReason).toBeInstanceOf(ValidationError);
    expect((noReason as ValidationError).issues.map((i) => i.path)).toEqual(['reason']);

    const waived = await db.withTenant(admin, (t) =>
      t.conflicts.decide(check.id, {
        decision: 'waived',
        reason: 'Informed written consent of both clients, 2026-12-01',
      }),
    );
    expect(waived).toMatchObject({ decision: 'waived', decidedBy: adminUser });
    expect(waived.decidedAt).toBeInstanceOf(Date);
    // decided once: a second decision is refused by the database, typed
    const again = await db
      .withTenant(admin, (t) => t.conflicts.decide(check.id, { decision: 'declined' }))
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(CheckViolationError);
    expect(again).toMatchObject({ constraint: 'conflict_checks_decided_once' });

    const audit = await query<{ action: string; actor: string }>(
      database.url,
      `select action, actor_id::text as actor from legal.audit_log
        where tenant_id = $1 and table_name = 'conflict_checks' and record_id = $2 order by seq`,
      [firm.tenantId, check.id],
    );
    expect(audit).toEqual([
      { action: 'create', actor: clerk },
      { action: 'update', actor: adminUser },
    ]);
    const listed = await db.withTenant(admin, (t) => t.conflicts.listChecks({ decision: 'waived' }));
    expect(listed.items.map((c) => c.id)).toEqual([check.id]);
  });

  it('the record cannot be rewritten, even by SQL inside a unit', async () => {
    const check = await db.withTenant(admin, (t) => t.conflicts.check({ query: 'Maria Garcia' }));
    const rewrite = await db
      .withTenant(admin, (t) =>
        t.db.updateTable('conflictChecks').set({ hits: '[]' }).where('id', '=', check.id).execute(),
      )
      .catch((e: unknown) => e);
    expect(rewrite).toBeInstanceOf(CheckViolationError);
    const erase = await db
      .withTenant(admin, (t) => t.db.deleteFrom('conflictChecks').where('id', '=', check.id).execute())
      .then((r) => r[0]?.numDeletedRows)
      .catch((e: unknown) => e);
    expect(erase).toBe(0n); // no policy lets anyone delete a check
    const [row] = await query<{ hit_count: number }>(
      database.url,
      'select jsonb_array_length(hits) as hit_count from legal.conflict_checks where id = $1',
      [check.id],
    );
    expect(row?.hit_count).toBe(check.hits.length);
  });

  it('needs conflicts.check: a viewer can neither search nor record parties; the SQL function refuses too', async () => {
    await expect(db.withTenant(asViewer, (t) => t.conflicts.search('Smyth'))).rejects.toThrow(ForbiddenError);
    await expect(db.withTenant(asViewer, (t) => t.conflicts.addParty({ name: 'Someone' }))).rejects.toThrow(
      ForbiddenError,
    );
    const direct = await db
      .withTenant(asViewer, (t) => sql`select * from legal.conflict_search('Smyth', 10)`.execute(t.db))
      .catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(ForbiddenError);
  });

  it('bad input is a typed error naming the field; nothing is written', async () => {
    const before = await query<{ n: number }>(database.url, 'select count(*)::int as n from legal.parties');
    const bad = await db
      .withTenant(admin, (t) =>
        t.conflicts.addParty({ kind: 'robot' as never, name: ' ', otherNames: [{ name: 'x'.repeat(501) }] }),
      )
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).issues.map((i) => i.path).sort()).toEqual(['kind', 'name', 'otherNames.0.name']);
    const self = await db
      .withTenant(admin, (t) =>
        t.conflicts.affiliate({ partyId: seeded.jon.id, affiliateId: seeded.jon.id, relation: 'parent' }),
      )
      .catch((e: unknown) => e);
    expect((self as ValidationError).issues.map((i) => i.path)).toEqual(['affiliateId']);
    // another firm's party cannot be affiliated: the composite foreign key finds no such party here
    const [foreign] = await query<{ id: string }>(database.url, 'select id from legal.parties where tenant_id = $1', [
      rival.tenantId,
    ]);
    const cross = await db
      .withTenant(admin, (t) =>
        t.conflicts.affiliate({ partyId: seeded.jon.id, affiliateId: foreign?.id as string, relation: 'affiliate' }),
      )
      .catch((e: unknown) => e);
    expect(cross).toBeInstanceOf(ForeignKeyError);
    const after = await query<{ n: number }>(database.url, 'select count(*)::int as n from legal.parties');
    expect(after).toEqual(before);
  });
});
