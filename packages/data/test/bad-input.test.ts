/**
 * Bad input for EVERY public method of every repository (and db.auth): a ValidationError whose
 * issues name the field, and not one row written anywhere in the schema (audit log included).
 * The last test enumerates the methods the SDK exposes, so a new method without a case here
 * fails the suite.
 */
import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { createLegalDb, type LegalDb, type SystemScope, type TenantScope, ValidationError } from '../src/index.js';
import { TENANT_REPOSITORIES } from '../src/repositories/registry.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: await appLogin(database),
  passwordHashCost: 4,
});
// the platform's own login (may become legal_system), for the system-scope repository
const system = createLegalDb({ contextKey: database.contextKey, connectionString: database.url, passwordHashCost: 4 });
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
  ['clients.findByTaxId', 'SQL as a tax id', ({ t }) => t.clients.findByTaxId("1' or '1'='1"), ['taxId']],
  ['clients.findByNationalId', 'an empty id', ({ t }) => t.clients.findByNationalId(''), ['nationalId']],
  // documents
  [
    'documents.register',
    'a path with ..',
    ({ t }) => t.documents.register({ caseId: UNKNOWN, logicalPath: 'a/../b', fileName: 'b.pdf', fileSize: 1 }),
    ['logicalPath'],
  ],
  ['documents.markUploading', 'a malformed id', ({ t }) => t.documents.markUploading('d1'), ['id']],
  [
    'documents.completeUpload',
    'a bad hash',
    ({ t }) => t.documents.completeUpload(UNKNOWN, { contentHash: 'md5' }),
    ['contentHash'],
  ],
  ['documents.failUpload', 'a malformed id', ({ t }) => t.documents.failUpload('d1'), ['id']],
  ['documents.find', 'a malformed id', ({ t }) => t.documents.find('d1'), ['id']],
  ['documents.get', 'a malformed id', ({ t }) => t.documents.get('d1'), ['id']],
  [
    'documents.list',
    'an unknown status',
    ({ t }) => t.documents.list({ uploadStatus: 'lost' as never }),
    ['uploadStatus'],
  ],
  [
    'documents.addVersion',
    'a negative size',
    ({ t }) => t.documents.addVersion(UNKNOWN, { fileSize: -1, contentHash: 'a'.repeat(64) }),
    ['fileSize'],
  ],
  ['documents.versions', 'a malformed id', ({ t }) => t.documents.versions('d1'), ['id']],
  ['documents.findByHash', 'a bad hash', ({ t }) => t.documents.findByHash(UNKNOWN, 'xyz'), ['contentHash']],
  [
    'documents.addDerived',
    'an unknown kind',
    ({ t }) => t.documents.addDerived(UNKNOWN, { kind: 'magic' as never, fileName: 'x.txt', fileSize: 1 }),
    ['kind'],
  ],
  ['documents.derivatives', 'a malformed source id', ({ t }) => t.documents.derivatives('d1'), ['sourceId']],
  ['documents.setExtractedText', 'a malformed id', ({ t }) => t.documents.setExtractedText('d1', 'text'), ['id']],
  ['documents.search', 'an empty query', ({ t }) => t.documents.search(' '), ['query']],
  [
    'documents.searchFileNames',
    'a malformed case id',
    ({ t }) => t.documents.searchFileNames('claim', { caseId: 'c1' }),
    ['caseId'],
  ],
  ['documents.placeHold', 'a reason of one letter', ({ t }) => t.documents.placeHold(UNKNOWN, 'x'), ['reason']],
  ['documents.releaseHold', 'a malformed id', ({ t }) => t.documents.releaseHold('d1'), ['id']],
  ['documents.delete', 'a malformed id', ({ t }) => t.documents.delete('d1'), ['id']],
  ['documents.restore', 'a malformed id', ({ t }) => t.documents.restore('d1'), ['id']],
  ['documents.purge', 'a malformed id', ({ t }) => t.documents.purge('d1'), ['id']],
  ['documents.markViewed', 'a malformed id', ({ t }) => t.documents.markViewed('d1'), ['id']],
  ['documents.markDownloaded', 'a malformed id', ({ t }) => t.documents.markDownloaded('d1'), ['id']],
  ['documents.createCategory', 'a blank name', ({ t }) => t.documents.createCategory({ name: ' ' }), ['name']],
  [
    'documents.grant',
    'both a user and a role',
    ({ t }) => t.documents.grant({ documentId: UNKNOWN, userId: UNKNOWN, roleId: UNKNOWN, permission: 'read' }),
    ['userId'],
  ],
  ['documents.revoke', 'a malformed id', ({ t }) => t.documents.revoke('p1'), ['permissionId']],
  ['documents.permissions', 'a malformed id', ({ t }) => t.documents.permissions('d1'), ['documentId']],
  // chunks
  [
    'chunks.replace',
    'an end before the start',
    ({ t }) => t.chunks.replace({ documentId: UNKNOWN, chunks: [{ text: 'x', startChar: 5, endChar: 1 }] }),
    ['chunks.0.endChar'],
  ],
  ['chunks.list', 'a malformed id', ({ t }) => t.chunks.list('d1'), ['documentId']],
  ['chunks.nearest', 'k of 0', ({ t }) => t.chunks.nearest([1, 0], 0, { model: 'm' }), ['k']],
  // tasks
  [
    'tasks.create',
    'a deadline without a due date',
    ({ t }) => t.tasks.create({ title: 'File', kind: 'deadline' }),
    ['dueAt'],
  ],
  ['tasks.find', 'a malformed id', ({ t }) => t.tasks.find('t1'), ['id']],
  ['tasks.get', 'a malformed id', ({ t }) => t.tasks.get('t1'), ['id']],
  [
    'tasks.update',
    'an unknown status',
    ({ t }) => t.tasks.update(UNKNOWN, { status: 'forgotten' as never }),
    ['status'],
  ],
  ['tasks.complete', 'a malformed id', ({ t }) => t.tasks.complete('t1'), ['id']],
  ['tasks.list', 'an unknown kind', ({ t }) => t.tasks.list({ kind: ['chore' as never] }), ['kind.0']],
  ['tasks.dueWithin', 'negative days', ({ t }) => t.tasks.dueWithin(-1), ['days']],
  ['tasks.overdue', 'a malformed assignee', ({ t }) => t.tasks.overdue({ assignedTo: 'bob' }), ['assignedTo']],
  // communications
  [
    'communications.create',
    'no case or client',
    ({ t }) => t.communications.create({ kind: 'email', direction: 'inbound' }),
    ['caseId'],
  ],
  ['communications.find', 'a malformed id', ({ t }) => t.communications.find('m1'), ['id']],
  ['communications.get', 'a malformed id', ({ t }) => t.communications.get('m1'), ['id']],
  ['communications.list', 'an unknown kind', ({ t }) => t.communications.list({ kind: 'fax' as never }), ['kind']],
  // conflict checks
  [
    'conflicts.addParty',
    'a blank name and an unknown kind',
    ({ t }) => t.conflicts.addParty({ name: ' ', kind: 'robot' as never }),
    ['kind', 'name'],
  ],
  ['conflicts.findParty', 'a malformed id', ({ t }) => t.conflicts.findParty('p1'), ['id']],
  ['conflicts.getParty', 'a malformed id', ({ t }) => t.conflicts.getParty('p1'), ['id']],
  [
    'conflicts.addName',
    'a name of 501 characters',
    ({ t }) => t.conflicts.addName(UNKNOWN, { name: 'x'.repeat(501) }),
    ['name'],
  ],
  ['conflicts.names', 'a malformed party id', ({ t }) => t.conflicts.names('p1'), ['partyId']],
  [
    'conflicts.affiliate',
    'an unknown relation',
    ({ t }) =>
      t.conflicts.affiliate({ partyId: UNKNOWN, affiliateId: UNKNOWN.replace('0a', '0b'), relation: 'rival' as never }),
    ['relation'],
  ],
  ['conflicts.removeParty', 'a malformed id', ({ t }) => t.conflicts.removeParty('p1'), ['id']],
  ['conflicts.search', 'an empty query', ({ t }) => t.conflicts.search('   '), ['query']],
  ['conflicts.check', 'a query of 501 characters', ({ t }) => t.conflicts.check({ query: 'x'.repeat(501) }), ['query']],
  [
    'conflicts.decide',
    'an unknown decision',
    ({ t }) => t.conflicts.decide(UNKNOWN, { decision: 'maybe' as never }),
    ['decision'],
  ],
  ['conflicts.findCheck', 'a malformed id', ({ t }) => t.conflicts.findCheck('c1'), ['id']],
  ['conflicts.getCheck', 'a malformed id', ({ t }) => t.conflicts.getCheck('c1'), ['id']],
  [
    'conflicts.listChecks',
    'an unknown decision',
    ({ t }) => t.conflicts.listChecks({ decision: 'maybe' as never }),
    ['decision'],
  ],
  // trust accounting
  [
    'trust.createAccount',
    'a bad currency',
    ({ t }) => t.trust.createAccount({ name: 'IOLTA', currency: 'usd' }),
    ['currency'],
  ],
  ['privacy.exportClient', 'a malformed client id', ({ t }) => t.privacy.exportClient("1' or '1'='1"), ['clientId']],
  [
    'privacy.eraseClient',
    'a blank reason, a malformed id',
    ({ t }) => t.privacy.eraseClient({ clientId: 'x', reason: '  ' }),
    ['clientId', 'reason'],
  ],
  ['trust.findAccount', 'a malformed id', ({ t }) => t.trust.findAccount('a1'), ['id']],
  ['trust.getAccount', 'a malformed id', ({ t }) => t.trust.getAccount("1' or '1'='1"), ['id']],
  [
    'trust.deposit',
    'a negative amount',
    ({ t }) => t.trust.deposit({ accountId: UNKNOWN, clientId: UNKNOWN, amount: '-5.00', description: 'x' }),
    ['amount'],
  ],
  [
    'trust.disburse',
    'no payee',
    ({ t }) => t.trust.disburse({ accountId: UNKNOWN, clientId: UNKNOWN, amount: '5.00', description: 'x' } as never),
    ['payee'],
  ],
  [
    'trust.transferToOperating',
    'three decimals',
    ({ t }) =>
      t.trust.transferToOperating({
        accountId: UNKNOWN,
        clientId: UNKNOWN,
        amount: '1.005',
        description: 'x',
        invoiceId: UNKNOWN,
      }),
    ['amount'],
  ],
  ['trust.reverse', 'an empty description', ({ t }) => t.trust.reverse(UNKNOWN, { description: ' ' }), ['description']],
  [
    'trust.balance',
    'a malformed client id',
    ({ t }) => t.trust.balance({ accountId: UNKNOWN, clientId: 'c1' }),
    ['clientId'],
  ],
  [
    'trust.ledger',
    'a bad day',
    ({ t }) => t.trust.ledger({ accountId: UNKNOWN, clientId: UNKNOWN, until: '2026-13-01' }),
    ['until'],
  ],
  [
    'trust.listTransactions',
    'a limit of 0',
    ({ t }) => t.trust.listTransactions({ accountId: UNKNOWN, limit: 0 }),
    ['limit'],
  ],
  [
    'trust.importStatement',
    'a zero line',
    ({ t }) => t.trust.importStatement({ accountId: UNKNOWN, lines: [{ postedOn: '2026-11-02', amount: 0 }] }),
    ['lines.0.amount'],
  ],
  ['trust.matchStatement', 'a malformed account id', ({ t }) => t.trust.matchStatement('a1'), ['accountId']],
  ['trust.match', 'a malformed transaction id', ({ t }) => t.trust.match(UNKNOWN, 'x'), ['transactionId']],
  ['trust.threeWay', 'no day', ({ t }) => t.trust.threeWay({ accountId: UNKNOWN } as never), ['asOf']],
  [
    'trust.reconcile',
    'a balance in words',
    ({ t }) => t.trust.reconcile({ accountId: UNKNOWN, periodEnd: '2026-10-31', statementBalance: 'ten' }),
    ['statementBalance'],
  ],
  ['trust.listReconciliations', 'a malformed account id', ({ t }) => t.trust.listReconciliations('a1'), ['accountId']],
  // LEDES
  [
    'invoices.exportLedes',
    'a firm id with a pipe',
    ({ t }) => t.invoices.exportLedes(UNKNOWN, { lawFirmId: 'A|B' }),
    ['lawFirmId'],
  ],
  // court-rule deadlines
  [
    'deadlines.addHolidays',
    'a bad day',
    ({ t }) => t.deadlines.addHolidays({ jurisdiction: 'US-FED', days: [{ day: '2026-02-30', name: 'x' }] }),
    ['days.0.day'],
  ],
  ['deadlines.holidays', 'a blank jurisdiction', ({ t }) => t.deadlines.holidays(' '), ['jurisdiction']],
  [
    'deadlines.createRuleSet',
    'an offset of 4000 days',
    ({ t }) =>
      t.deadlines.createRuleSet({
        jurisdiction: 'US-FED',
        name: 'R',
        triggerEvent: 'x',
        rules: [{ name: 'Too far', offsetDays: 4000 }],
      }),
    ['rules.0.offsetDays'],
  ],
  ['deadlines.findRuleSet', 'a malformed id', ({ t }) => t.deadlines.findRuleSet('r1'), ['id']],
  ['deadlines.getRuleSet', 'a malformed id', ({ t }) => t.deadlines.getRuleSet('r1'), ['id']],
  ['deadlines.listRuleSets', 'a blank jurisdiction', ({ t }) => t.deadlines.listRuleSets(''), ['jurisdiction']],
  [
    'deadlines.compute',
    'an unknown service method',
    ({ t }) => t.deadlines.compute(UNKNOWN, { triggerDate: '2026-11-04', serviceMethod: 'pigeon' as never }),
    ['serviceMethod'],
  ],
  [
    'deadlines.apply',
    'a bad trigger date',
    ({ t }) => t.deadlines.apply(UNKNOWN, { ruleSetId: UNKNOWN, triggerDate: 'soon' }),
    ['triggerDate'],
  ],
  [
    'deadlines.changeTrigger',
    'a bad trigger date',
    ({ t }) => t.deadlines.changeTrigger(UNKNOWN, { triggerDate: '' }),
    ['triggerDate'],
  ],
  [
    'deadlines.override',
    'no reason',
    ({ t }) => t.deadlines.override(UNKNOWN, { dueOn: '2026-12-01', reason: ' ' }),
    ['reason'],
  ],
  ['deadlines.clearOverride', 'a malformed id', ({ t }) => t.deadlines.clearOverride('d1'), ['deadlineId']],
  ['deadlines.list', 'a malformed case id', ({ t }) => t.deadlines.list('c1'), ['caseId']],
  // templates
  [
    'templates.create',
    'a bad variable name',
    ({ t }) => t.templates.create({ name: 'T', body: 'x', variables: [{ name: 'Bad Name' }] }),
    ['variables.0.name'],
  ],
  ['templates.find', 'a malformed id', ({ t }) => t.templates.find('t1'), ['id']],
  ['templates.get', 'a malformed id', ({ t }) => t.templates.get('t1'), ['id']],
  ['templates.addVersion', 'an empty body', ({ t }) => t.templates.addVersion(UNKNOWN, { body: '' }), ['body']],
  ['templates.versions', 'a malformed id', ({ t }) => t.templates.versions('t1'), ['id']],
  [
    'templates.render',
    'an object as a value',
    ({ t }) => t.templates.render(UNKNOWN, { who: {} as never }),
    ['variables.who'],
  ],
  // time and expenses
  [
    'timeEntries.create',
    'a whole day and more',
    ({ t }) => t.timeEntries.create({ caseId: UNKNOWN, minutes: 1441, description: 'x' }),
    ['minutes'],
  ],
  ['timeEntries.find', 'a malformed id', ({ t }) => t.timeEntries.find('e1'), ['id']],
  ['timeEntries.get', 'a malformed id', ({ t }) => t.timeEntries.get('e1'), ['id']],
  ['timeEntries.list', 'a bad date', ({ t }) => t.timeEntries.list({ from: '2026-13-01' }), ['from']],
  [
    'expenses.create',
    'a zero amount',
    ({ t }) => t.expenses.create({ caseId: UNKNOWN, amount: '0', description: 'x' }),
    ['amount'],
  ],
  ['expenses.find', 'a malformed id', ({ t }) => t.expenses.find('e1'), ['id']],
  ['expenses.get', 'a malformed id', ({ t }) => t.expenses.get('e1'), ['id']],
  ['expenses.list', 'a bad date', ({ t }) => t.expenses.list({ to: 'tomorrow' }), ['to']],
  // invoices
  [
    'invoices.create',
    'a lower-case currency',
    ({ t }) => t.invoices.create({ clientId: UNKNOWN, currency: 'usd' }),
    ['currency'],
  ],
  ['invoices.find', 'a malformed id', ({ t }) => t.invoices.find('i1'), ['id']],
  ['invoices.get', 'a malformed id', ({ t }) => t.invoices.get('i1'), ['id']],
  [
    'invoices.addLines',
    'a float price',
    ({ t }) => t.invoices.addLines(UNKNOWN, [{ description: 'x', unitPrice: 0.001 }]),
    ['lines.0.unitPrice'],
  ],
  ['invoices.lines', 'a malformed id', ({ t }) => t.invoices.lines('i1'), ['id']],
  ['invoices.send', 'a bad issue date', ({ t }) => t.invoices.send(UNKNOWN, { issueDate: 'soon' }), ['issueDate']],
  [
    'invoices.recordPayment',
    'a negative amount',
    ({ t }) => t.invoices.recordPayment(UNKNOWN, { amount: '-5' }),
    ['amount'],
  ],
  ['invoices.void', 'no reason', ({ t }) => t.invoices.void(UNKNOWN, ''), ['reason']],
  ['invoices.list', 'an unknown status', ({ t }) => t.invoices.list({ status: ['unpaid' as never] }), ['status.0']],
  ['reports.monthly', 'month 13', ({ t }) => t.reports.monthly({ year: 2026, month: 13 }), ['month']],
  [
    'reports.monthlyByCase',
    'a foreign cursor',
    ({ t }) => t.reports.monthlyByCase({ year: 2026, month: 3, cursor: 'x' }),
    ['cursor'],
  ],
  [
    'audit.list',
    'a range that ends before it starts',
    ({ t }) => t.audit.list({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
    ['from'],
  ],
  [
    'audit.count',
    'a date without a time',
    ({ t }) => t.audit.count({ from: '2026-01-01', to: '2026-02-01T00:00:00Z' }),
    ['from'],
  ],
  // AI
  ['conversations.create', 'a malformed case id', ({ t }) => t.conversations.create({ caseId: 'c1' }), ['caseId']],
  ['conversations.find', 'a malformed id', ({ t }) => t.conversations.find('c1'), ['id']],
  ['conversations.get', 'a malformed id', ({ t }) => t.conversations.get('c1'), ['id']],
  [
    'conversations.addMessage',
    'an unknown role',
    ({ t }) => t.conversations.addMessage(UNKNOWN, { role: 'judge' as never, content: 'x' }),
    ['role'],
  ],
  ['conversations.messages', 'a malformed id', ({ t }) => t.conversations.messages('c1'), ['conversationId']],
  ['conversations.archive', 'a malformed id', ({ t }) => t.conversations.archive('c1'), ['id']],
  ['conversations.list', 'a limit of 101', ({ t }) => t.conversations.list({ limit: 101 }), ['limit']],
  [
    'aiQueries.record',
    'neither answer nor refusal',
    ({ t }) => t.aiQueries.record({ queryText: 'q', responseTimeMs: 1 }),
    ['answer'],
  ],
  ['aiQueries.list', 'a malformed user', ({ t }) => t.aiQueries.list({ userId: 'me' }), ['userId']],
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
  [
    'users.changePassword',
    'a weak new password',
    ({ t }) => t.users.changePassword({ currentPassword: 'whatever 1', newPassword: 'short' }),
    ['newPassword'],
  ],
  [
    'users.setPassword',
    'a malformed user id',
    ({ t }) => t.users.setPassword({ userId: 'me', newPassword: 'a fine passphrase 1' }),
    ['userId'],
  ],
  ['users.unlock', 'a malformed id', ({ t }) => t.users.unlock('me'), ['id']],
  // access administration
  [
    'access.createRole',
    'a role name with capitals',
    ({ t }) => t.access.createRole({ name: 'Partner', permissions: [] }),
    ['name'],
  ],
  [
    'access.setRolePermissions',
    'an unknown permission',
    ({ t }) => t.access.setRolePermissions('lawyer', ['cases.read_all', 'cases.fly']),
    ['permissions.1'],
  ],
  ['access.deleteRole', 'SQL as a role name', ({ t }) => t.access.deleteRole("x' or true --"), ['name']],
  ['access.grants', 'a malformed user id', ({ t }) => t.access.grants('me'), ['userId']],
  [
    'access.grant',
    'an expiry that is not a time',
    ({ t }) => t.access.grant({ userId: firm.userId, permission: 'billing.read', expiresAt: 'tomorrow' }),
    ['expiresAt'],
  ],
  ['access.revoke', 'a malformed permission', ({ t }) => t.access.revoke(firm.userId, 'billing'), ['permission']],
  [
    'access.putUpWall',
    'no reason',
    ({ t }) => t.access.putUpWall({ caseId: firm.userId, userId: firm.userId, reason: '' }),
    ['reason'],
  ],
  ['access.takeDownWall', 'a malformed case id', ({ t }) => t.access.takeDownWall('k', firm.userId), ['caseId']],
  ['access.walls', 'a malformed case id', ({ t }) => t.access.walls({ caseId: 'k' }), ['caseId']],
  ['access.whatCanSee', 'a malformed user id', ({ t }) => t.access.whatCanSee('me'), ['userId']],
  ['access.whoCanSee', 'a malformed case id', ({ t }) => t.access.whoCanSee('k'), ['caseId']],
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
const withoutInput = [
  'sessions.list',
  'accessTokens.list',
  'documents.categories',
  'templates.list',
  'access.roles',
  'trust.listAccounts',
  'invoices.utbmsCodes',
];
const tokenLookups = ['auth.resolveSession', 'auth.resolveAccessToken', 'auth.logout'];

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
    '%s answers nothing to garbage, SQL and other tenants’ prefixes, writing nothing',
    async (method) => {
      const before = await everyCount();
      const resolve =
        method === 'auth.resolveSession'
          ? db.auth.resolveSession.bind(db.auth)
          : method === 'auth.logout'
            ? db.auth.logout.bind(db.auth)
            : db.auth.resolveAccessToken.bind(db.auth);
      for (const token of ['', 'x', "lgs_' or 1=1 --", `lgs_${'0'.repeat(32)}_${'a'.repeat(43)}`, 'lga_zz_zz']) {
        // nothing found: undefined (a lookup) or false (logout)
        expect(await resolve(token)).toBeFalsy();
      }
      expect(await everyCount()).toEqual(before);
    },
  );

  it('covers every method the SDK exposes', async () => {
    const exposed: string[] = [];
    await db.withTenant(ctx, async (t) => {
      // every repository of the scope, from the registry the scope is built from
      for (const repo of Object.keys(TENANT_REPOSITORIES) as (keyof typeof TENANT_REPOSITORIES)[]) {
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
    expect(exposed.length).toBeGreaterThanOrEqual(120);
  });
});
