/**
 * Bad input for EVERY public method of every repository (and db.auth): a ValidationError whose
 * issues name the field, and not one row written anywhere in the schema (audit log included).
 * The last test enumerates the methods the SDK exposes, so a new method without a case here
 * fails the suite.
 */
import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { createLegalDb, type LegalDb, type SystemScope, type TenantScope, ValidationError } from '../src/index.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({ connectionString: await appLogin(database), passwordHashCost: 4 });
// the platform's own login (may become legal_system), for the system-scope repository
const system = createLegalDb({ connectionString: database.url, passwordHashCost: 4 });
const firm = await createFirm(database.url, 'bad-input');
const ctx = { tenantId: firm.tenantId, userId: firm.userId };
const UNKNOWN = '0a0a0a0a-0000-4000-8000-000000000000';

/** Row counts of every table in the legal schema (audit log and partitions included). */
async function everyCount(): Promise<Record<string, number>> {
  const rows = await query<{ table_name: string; n: string }>(
    database.url,
    `select c.relname as table_name,
            (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from legal.%I', c.relname), false, true, '')))[1]::text as n
       from pg_class c join pg_namespace s on s.oid = c.relnamespace
      where s.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.n)]));
}

type Call = (scope: { t: TenantScope; s: SystemScope; db: LegalDb }) => Promise<unknown>;
type Case = [method: string, what: string, call: Call, paths: string[]];

const cases: Case[] = [
  // clients
  ['clients.create', 'a blank name', ({ t }) => t.clients.create({ name: '  ' }), ['name']],
  ['clients.find', 'a malformed id', ({ t }) => t.clients.find('42'), ['id']],
  ['clients.get', 'a malformed id', ({ t }) => t.clients.get("1' or '1'='1"), ['id']],
  ['clients.update', 'a bad email', ({ t }) => t.clients.update(UNKNOWN, { email: 'nope' }), ['email']],
  ['clients.list', 'a limit of 0', ({ t }) => t.clients.list({ limit: 0 }), ['limit']],
  // cases
  ['cases.create', 'a two-letter title', ({ t }) => t.cases.create({ title: 'ab' }), ['title']],
  ['cases.find', 'a malformed id', ({ t }) => t.cases.find('case-1'), ['id']],
  ['cases.get', 'a malformed id', ({ t }) => t.cases.get(''), ['id']],
  [
    'cases.update',
    'an unknown priority',
    ({ t }) => t.cases.update(UNKNOWN, { priority: 'asap' as never }),
    ['priority'],
  ],
  ['cases.list', 'a reversed flag', ({ t }) => t.cases.list({ pinned: 'yes' as never }), ['pinned']],
  ['cases.search', 'a 1,000-character query', ({ t }) => t.cases.search('x'.repeat(1000)), ['query']],
  ['cases.transition', 'a malformed id', ({ t }) => t.cases.transition('x', 'assigned'), ['id']],
  ['cases.assign', 'a malformed case id', ({ t }) => t.cases.assign('x', UNKNOWN), ['caseId']],
  ['cases.addCollaborator', 'a malformed user', ({ t }) => t.cases.addCollaborator(UNKNOWN, 'bob'), ['userId']],
  ['cases.removeMember', 'a malformed user', ({ t }) => t.cases.removeMember(UNKNOWN, 'bob'), ['userId']],
  ['cases.members', 'a malformed case id', ({ t }) => t.cases.members('x'), ['caseId']],
  [
    'cases.addParty',
    'an unknown party role',
    ({ t }) => t.cases.addParty(UNKNOWN, { partyRole: 'villain' as never, name: 'Moriarty' }),
    ['partyRole'],
  ],
  ['cases.parties', 'a malformed case id', ({ t }) => t.cases.parties('x'), ['caseId']],
  ['cases.comment', 'a malformed case id', ({ t }) => t.cases.comment('x', 'A note'), ['caseId']],
  ['cases.activities', 'a malformed case id', ({ t }) => t.cases.activities('x'), ['caseId']],
  ['cases.pin', 'a malformed case id', ({ t }) => t.cases.pin('x'), ['caseId']],
  ['cases.touch', 'a malformed case id', ({ t }) => t.cases.touch('x'), ['caseId']],
  // users
  [
    'users.create',
    'a weak password',
    ({ t }) => t.users.create({ email: 'w@bad-input.example', password: 'short', fullName: 'W' }),
    ['password'],
  ],
  ['users.find', 'a malformed id', ({ t }) => t.users.find('me'), ['id']],
  ['users.get', 'a malformed id', ({ t }) => t.users.get('me'), ['id']],
  ['users.update', 'an empty patch', ({ t }) => t.users.update(firm.userId, {}), ['patch']],
  ['users.deactivate', 'a malformed id', ({ t }) => t.users.deactivate('me'), ['id']],
  ['users.list', 'a role with capitals', ({ t }) => t.users.list({ role: 'Admin' }), ['role']],
  // sessions and access tokens
  ['sessions.create', 'a 10-second lifetime', ({ t }) => t.sessions.create({ ttlSeconds: 10 }), ['ttlSeconds']],
  ['sessions.revoke', 'a malformed id', ({ t }) => t.sessions.revoke('s1'), ['id']],
  ['accessTokens.create', 'a blank name', ({ t }) => t.accessTokens.create({ name: ' ' }), ['name']],
  ['accessTokens.revoke', 'a malformed id', ({ t }) => t.accessTokens.revoke('t1'), ['id']],
  // permissions
  ['roles.hasPermission', 'SQL as a permission code', ({ t }) => t.roles.hasPermission("x' or true --"), ['code']],
  // tenants (system scope)
  ['tenants.create', 'a slug with spaces', ({ s }) => s.tenants.create({ slug: 'My Firm', name: 'My Firm' }), ['slug']],
  ['tenants.find', 'a malformed id', ({ s }) => s.tenants.find('1'), ['id']],
  ['tenants.findBySlug', 'a slug with a quote', ({ s }) => s.tenants.findBySlug("a'b"), ['slug']],
  ['tenants.get', 'a malformed id', ({ s }) => s.tenants.get('1'), ['id']],
  ['tenants.getBySlug', 'an empty slug', ({ s }) => s.tenants.getBySlug(''), ['slug']],
  // auth (before a context exists)
  [
    'auth.login',
    'a malformed email',
    ({ db }) => db.auth.login({ tenantSlug: 'bad-input', email: 'lee', password: 'x' }),
    ['email'],
  ],
  [
    'auth.requestPasswordReset',
    'a bad ip',
    ({ db }) =>
      db.auth.requestPasswordReset({ tenantSlug: 'bad-input', email: 'lee@bad-input.example', ip: '999.1.1.1' }),
    ['ip'],
  ],
  [
    'auth.resetPassword',
    'a missing token',
    ({ db }) => db.auth.resetPassword({ token: '', newPassword: 'correct horse 9' }),
    ['token'],
  ],
];

/** Methods that take no input, and token lookups, which answer `undefined` to anything that is not a live token. */
const withoutInput = ['sessions.list', 'accessTokens.list'];
const tokenLookups = ['auth.resolveSession', 'auth.resolveAccessToken'];

/** Runs a call in the scope it needs: db.auth outside, tenants in asSystem, the rest in withTenant. */
function run(call: Call, method: string): Promise<unknown> {
  if (method.startsWith('auth.')) return call({ db } as never);
  if (method.startsWith('tenants.')) return system.asSystem({ reason: 'bad input test' }, (s) => call({ s } as never));
  return db.withTenant(ctx, (t) => call({ t } as never));
}

describe('bad input for every method', () => {
  it.each(cases)(
    '%s with %s: a ValidationError naming the field, nothing written',
    async (method, _what, call, paths) => {
      const before = await everyCount();
      const error = await run(call, method).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('VALIDATION');
      expect([...new Set((error as ValidationError).issues.map((i) => i.path))]).toEqual(paths);
      // the message never echoes the rejected value
      expect((error as Error).message).not.toContain("or '1'='1");
      const after = await everyCount();
      // (asSystem's own audit event rolls back with the failed transaction too)
      expect(after).toEqual(before);
    },
  );

  it.each(tokenLookups)(
    '%s answers undefined to garbage, SQL and other tenants’ prefixes, writing nothing',
    async (method) => {
      const before = await everyCount();
      const resolve =
        method === 'auth.resolveSession'
          ? db.auth.resolveSession.bind(db.auth)
          : db.auth.resolveAccessToken.bind(db.auth);
      for (const token of ['', 'x', "lgs_' or 1=1 --", `lgs_${'0'.repeat(32)}_${'a'.repeat(43)}`, 'lga_zz_zz']) {
        expect(await resolve(token)).toBeUndefined();
      }
      expect(await everyCount()).toEqual(before);
    },
  );

  it('covers every method the SDK exposes', async () => {
    const exposed: string[] = [];
    await db.withTenant(ctx, async (t) => {
      for (const repo of ['cases', 'clients', 'users', 'sessions', 'accessTokens', 'roles'] as const) {
        for (const [name, value] of Object.entries(t[repo]))
          if (typeof value === 'function') exposed.push(`${repo}.${name}`);
      }
    });
    await system.asSystem({ reason: 'bad input test' }, async (s) => {
      for (const [name, value] of Object.entries(s.tenants))
        if (typeof value === 'function') exposed.push(`tenants.${name}`);
    });
    for (const [name, value] of Object.entries(db.auth)) if (typeof value === 'function') exposed.push(`auth.${name}`);
    const covered = new Set([...cases.map(([method]) => method), ...withoutInput, ...tokenLookups]);
    expect(exposed.filter((m) => !covered.has(m))).toEqual([]);
    expect(exposed.length).toBeGreaterThanOrEqual(45);
  });
});
