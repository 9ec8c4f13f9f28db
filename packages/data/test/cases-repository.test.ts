import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { createLegalDb, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../src/index.js';
import type { Hostile } from './support/hostile.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({ contextKey: database.contextKey, connectionString: await appLogin(database) });
const firm = await createFirm(database.url, 'cases-a');
const other = await createFirm(database.url, 'cases-b');
const caseworker = await addUser(database.url, firm.tenantId, 'caseworker', 'cw@cases-a.example');
const paralegal = await addUser(database.url, firm.tenantId, 'paralegal', 'para@cases-a.example');
const ctx = { tenantId: firm.tenantId, userId: firm.userId };
const count = async (table: string) =>
  (await query<{ n: number }>(database.url, `select count(*)::int as n from legal.${table}`))[0]?.n;
const UNKNOWN = '0a0a0a0a-0000-4000-8000-000000000000';

describe('cases', () => {
  it('create, get, update; the client name is filled from the client; creation is an activity', async () => {
    await db.withTenant(ctx, async (t) => {
      const client = await t.clients.create({ name: 'Jane Smith' });
      const c = await t.cases.create({
        title: 'Smith v. Jones',
        clientId: client.id,
        caseType: 'family',
        priority: 'high',
        trialDate: '2027-03-01',
        caseValue: 25000.5,
        tags: ['custody'],
        customFields: { court_room: '4B' },
      });
      expect(c).toMatchObject({
        title: 'Smith v. Jones',
        status: 'new',
        clientName: 'Jane Smith',
        ownerId: firm.userId,
        createdBy: firm.userId,
        trialDate: '2027-03-01',
        caseValue: '25000.50',
        tags: ['custody'],
        customFields: { court_room: '4B' },
      });
      expect(c).not.toHaveProperty('searchVector');
      expect(await t.cases.get(c.id)).toEqual(c);
      const updated = await t.cases.update(c.id, { priority: 'urgent', court: 'Leeds Family Court' });
      expect(updated).toMatchObject({ priority: 'urgent', court: 'Leeds Family Court' });
      expect((await t.cases.activities(c.id)).map((a) => a.activityType)).toEqual(['updated', 'created']);
    });
  });

  it('walks the workflow with reasons, and refuses a transition the workflow does not allow', async () => {
    await db.withTenant({ ...ctx, reason: 'request reason' }, async (t) => {
      const c = await t.cases.create({ title: 'Workflow matter' });
      // a case is assigned to someone before it reaches "assigned"
      await t.cases.assign(c.id, ctx.userId);
      for (const to of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed', 'archived']) {
        await t.cases.transition(c.id, to, { reason: `to ${to}` });
      }
      expect((await t.cases.get(c.id)).status).toBe('archived');
      const history = await t.db
        .selectFrom('caseStatusHistory')
        .select(['fromStatus', 'toStatus', 'reason'])
        .where('caseId', '=', c.id)
        .orderBy('changedAt')
        .execute();
      expect(history.at(1)).toEqual({ fromStatus: 'new', toStatus: 'pending_review', reason: 'to pending_review' });
      expect(history).toHaveLength(7);
      // the request's own reason is back in force after a transition with its own
      const [{ reason }] = (await t.db
        .selectNoFrom((eb) => eb.fn<string>('current_setting', [eb.val('legal.reason')]).as('reason'))
        .execute()) as [{ reason: string }];
      expect(reason).toBe('request reason');
      const error = await t.savepoint((sp) => sp.cases.transition(c.id, 'new')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({ from: 'archived', to: 'new', allowed: [] });
    });
  });

  it('lists with filters and keyset pages, searches with rank and headline, pins and touches', async () => {
    const made: { id: string; createdAt: Date }[] = [];
    // one transaction each: rows of one transaction share created_at (its start time)
    for (const [i, title] of [
      'Alpha indemnification dispute',
      'Beta estate plan',
      'Gamma lease',
      'Delta indemnification clause',
    ].entries()) {
      made.push(
        await db.withTenant(ctx, (t) =>
          t.cases.create({ title, caseType: i % 2 ? 'estate' : 'corporate', tags: i < 2 ? ['vip'] : [] }),
        ),
      );
    }
    const since = made[0]?.createdAt.toISOString();
    await db.withTenant(ctx, async (t) => {
      const page1 = await t.cases.list({ caseType: ['corporate'], createdFrom: since, limit: 1 });
      const page2 = await t.cases.list({
        caseType: ['corporate'],
        createdFrom: since,
        limit: 1,
        cursor: page1.nextCursor,
      });
      expect([...page1.items, ...page2.items].map((c) => c.title)).toEqual([
        'Gamma lease',
        'Alpha indemnification dispute',
      ]);
      expect((await t.cases.list({ tags: ['vip'] })).items.map((c) => c.title).sort()).toEqual([
        'Alpha indemnification dispute',
        'Beta estate plan',
      ]);
      const hits = await t.cases.search('indemnification');
      expect(hits.map((h) => h.case.title).sort()).toEqual([
        'Alpha indemnification dispute',
        'Delta indemnification clause',
      ]);
      expect(hits[0]?.rank).toBeGreaterThan(0);
      expect(hits[0]?.headline).toContain('<b>indemnification</b>');
      await t.cases.pin(made[2]?.id as string);
      expect((await t.cases.list({ pinned: true })).items.map((c) => c.title)).toEqual(['Gamma lease']);
      await t.cases.touch(made[0]?.id as string);
      expect((await t.cases.list({ sort: 'lastAccessed', limit: 1 })).items[0]?.title).toBe(
        'Alpha indemnification dispute',
      );
    });
  });

  it('assigns, adds collaborators, parties and comments', async () => {
    await db.withTenant(ctx, async (t) => {
      const c = await t.cases.create({ title: 'Team matter' });
      await t.cases.assign(c.id, caseworker);
      await t.cases.addCollaborator(c.id, paralegal, 'editor');
      expect((await t.cases.get(c.id)).assignedTo).toBe(caseworker);
      const members = (await t.cases.members(c.id)).map((m) => [m.userId, m.memberRole, m.permissionLevel]);
      expect(members).toHaveLength(2);
      expect(members).toContainEqual([caseworker, 'assigned', 'editor']);
      expect(members).toContainEqual([paralegal, 'collaborator', 'editor']);
      expect(await t.cases.removeMember(c.id, paralegal)).toBe(true);
      const party = await t.cases.addParty(c.id, { partyRole: 'judge', name: 'Hon. A. Judge' });
      expect(await t.cases.parties(c.id)).toEqual([party]);
      const comment = await t.cases.comment(c.id, 'Filed the complaint');
      expect((await t.cases.activities(c.id))[0]).toEqual(comment);
    });
  });

  it('a caseworker (cases.read_assigned) sees only the cases assigned to them, and cannot reassign', async () => {
    const [assigned, hidden] = await db.withTenant(ctx, async (t) => {
      const mine = await t.cases.create({ title: 'For the caseworker' });
      await t.cases.assign(mine.id, caseworker);
      const theirs = await t.cases.create({ title: 'Not for the caseworker' });
      return [mine.id, theirs.id];
    });
    await db.withTenant({ tenantId: firm.tenantId, userId: caseworker }, async (t) => {
      const visible = (await t.cases.list({ limit: 100 })).items;
      // raw SQL in the unit obeys the same rules as the repository
      expect(await t.db.selectFrom('cases').select('id').where('id', '=', hidden).execute()).toEqual([]);
      expect(visible.map((c) => c.id)).toContain(assigned);
      expect(visible.map((c) => c.id)).not.toContain(hidden);
      // the other test of this file assigned one more: every visible case is theirs
      expect(visible.every((c) => c.assignedTo === caseworker || c.ownerId === caseworker)).toBe(true);
      await expect(t.cases.get(hidden)).rejects.toBeInstanceOf(NotFoundError);
      await expect(t.cases.assign(assigned, paralegal)).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  it("never sees or touches another firm's cases", async () => {
    const theirs = await db.withTenant({ tenantId: other.tenantId, userId: other.userId }, (t) =>
      t.cases.create({ title: 'Other firm matter' }),
    );
    await db.withTenant(ctx, async (t) => {
      await expect(t.cases.get(theirs.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(t.cases.update(theirs.id, { title: 'Hijacked' })).rejects.toBeInstanceOf(NotFoundError);
      expect((await t.cases.search('Other firm')).length).toBe(0);
    });
  });

  it.each([
    ['create with a short title', (t: Hostile) => t.cases.create({ title: ' ab ' }), ['title']],
    [
      'create with an unknown case type',
      (t: Hostile) => t.cases.create({ title: 'Typed matter', caseType: 'maritime' }),
      ['caseType'],
    ],
    [
      'create with a float case value',
      (t: Hostile) => t.cases.create({ title: 'Valued matter', caseValue: 1.005 }),
      ['caseValue'],
    ],
    [
      'create with a bad date',
      (t: Hostile) => t.cases.create({ title: 'Dated matter', trialDate: '2027-02-30x' }),
      ['trialDate'],
    ],
    [
      'create with a malformed client id',
      (t: Hostile) => t.cases.create({ title: 'Client matter', clientId: 'abc' }),
      ['clientId'],
    ],
    [
      'update with a status (transition only)',
      (t: Hostile) => t.cases.update(UNKNOWN, { status: 'completed' }),
      ['status', 'patch'],
    ],
    ['list with an unknown status', (t: Hostile) => t.cases.list({ status: ['active'] }), ['status.0']],
    ['search for nothing', (t: Hostile) => t.cases.search('   '), ['query']],
    ['transition to an unknown status', (t: Hostile) => t.cases.transition(UNKNOWN, 'closed'), ['to']],
    ['assign a malformed user', (t: Hostile) => t.cases.assign(UNKNOWN, 'bob'), ['userId']],
    [
      'add a collaborator with an unknown level',
      (t: Hostile) => t.cases.addCollaborator(UNKNOWN, UNKNOWN, 'owner'),
      ['permissionLevel'],
    ],
    [
      'add a party without a name',
      (t: Hostile) => t.cases.addParty(UNKNOWN, { partyRole: 'judge', name: '' }),
      ['name'],
    ],
    ['comment with an empty body', (t: Hostile) => t.cases.comment(UNKNOWN, '  '), ['body']],
    ['pin a malformed id', (t: Hostile) => t.cases.pin('x'), ['caseId']],
    ['touch a malformed id', (t: Hostile) => t.cases.touch('x'), ['caseId']],
  ])('rejects %s with a ValidationError naming the field, writing nothing', async (_what, fn, paths) => {
    const before = [
      await count('cases'),
      await count('case_activities'),
      await count('case_members'),
      await count('case_parties'),
    ];
    const error = await db.withTenant(ctx, (t) => fn(t as unknown as Hostile)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect([
      await count('cases'),
      await count('case_activities'),
      await count('case_members'),
      await count('case_parties'),
    ]).toEqual(before);
  });
});
