import { describe, expect, it } from 'vitest';
import { createLegalDb, EncryptionNotConfiguredError, NotFoundError, ValidationError } from '../src/index.js';
import { testKeys } from './support/keys.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const keys = testKeys();
const login = await appLogin(database);
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: login,
  encryption: { keys: { k1: keys.k1 }, activeKeyId: 'k1', blindIndexKey: keys.blindIndexKey },
});
const firm = await createFirm(database.url, 'work-a');
const paralegal = await addUser(database.url, firm.tenantId, 'paralegal', 'para@work-a.example');
const viewer = await addUser(database.url, firm.tenantId, 'viewer', 'viewer@work-a.example');
const ctx = { tenantId: firm.tenantId, userId: firm.userId };
const caseId = await db.withTenant(ctx, async (t) => (await t.cases.create({ title: 'Work matter' })).id);
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('tasks', () => {
  it('create, get, update, complete, list by due date with keyset pages', async () => {
    await db.withTenant(ctx, async (t) => {
      const a = await t.tasks.create({
        caseId,
        title: 'File the defence',
        kind: 'deadline',
        dueAt: inDays(3),
        assignedTo: paralegal,
      });
      const b = await t.tasks.create({
        caseId,
        title: 'Hearing',
        kind: 'court_date',
        dueAt: inDays(10),
        court: 'Leeds County Court',
      });
      const c = await t.tasks.create({ caseId, title: 'Call the client' });
      expect(a).toMatchObject({ status: 'todo', kind: 'deadline', priority: 'medium', createdBy: firm.userId });
      expect(await t.tasks.get(a.id)).toEqual(a);
      const updated = await t.tasks.update(c.id, { priority: 'urgent', status: 'in_progress' });
      expect(updated).toMatchObject({ priority: 'urgent', status: 'in_progress', completedAt: null });
      const done = await t.tasks.complete(c.id);
      expect(done.status).toBe('done');
      expect(done.completedAt).toBeInstanceOf(Date);
      const first = await t.tasks.list({ caseId, limit: 2 });
      expect(first.items.map((x) => x.id)).toEqual([a.id, b.id]);
      const second = await t.tasks.list({ caseId, limit: 2, cursor: first.nextCursor });
      expect(second.items.map((x) => x.id)).toEqual([c.id]);
      expect(second.nextCursor).toBeUndefined();
      expect((await t.tasks.list({ assignedTo: paralegal })).items.map((x) => x.id)).toEqual([a.id]);
      expect((await t.tasks.list({ kind: ['court_date'] })).items.map((x) => x.id)).toEqual([b.id]);
      await expect(t.tasks.get('0a0a0a0a-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  it('due within N days and overdue (open tasks only)', async () => {
    await db.withTenant(ctx, async (t) => {
      const soon = await t.tasks.create({ title: 'Soon', kind: 'deadline', dueAt: inDays(1) });
      const later = await t.tasks.create({ title: 'Later', kind: 'deadline', dueAt: inDays(20) });
      const late = await t.tasks.create({ title: 'Late', kind: 'statute_of_limitations', dueAt: inDays(-2) });
      const lateDone = await t.tasks.create({ title: 'Late but done', kind: 'deadline', dueAt: inDays(-1) });
      await t.tasks.complete(lateDone.id);
      const week = (await t.tasks.dueWithin(7)).map((x) => x.id);
      expect(week).toContain(soon.id);
      expect(week).not.toContain(later.id);
      expect(week).not.toContain(late.id);
      const overdue = (await t.tasks.overdue()).map((x) => x.id);
      expect(overdue).toContain(late.id);
      expect(overdue).not.toContain(lateDone.id);
      expect(overdue).not.toContain(soon.id);
    });
  });

  it('a viewer may not manage tasks', async () => {
    await expect(
      db.withTenant({ tenantId: firm.tenantId, userId: viewer }, (t) => t.tasks.create({ title: 'Nope' })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', permission: 'tasks.manage' });
  });
});

describe('communications', () => {
  it('records a call with its body encrypted; get and list decrypt it', async () => {
    await db.withTenant(ctx, async (t) => {
      const call = await t.communications.create({
        caseId,
        kind: 'phone',
        direction: 'inbound',
        subject: 'Intake',
        body: 'Client says the goods arrived damaged on 3 March.',
        participants: [{ name: 'Jane Smith', role: 'client' }],
        durationMinutes: 12,
      });
      expect(call).toMatchObject({ body: 'Client says the goods arrived damaged on 3 March.', encryptionKeyId: 'k1' });
      expect(call).not.toHaveProperty('bodyEncrypted');
      expect(await t.communications.get(call.id)).toEqual(call);
      const letter = await t.communications.create({ caseId, kind: 'letter', direction: 'outbound' });
      expect(letter.body).toBeNull();
      const page = await t.communications.list({ caseId, limit: 1 });
      expect(page.items).toHaveLength(1);
      const all = await t.communications.list({ caseId });
      expect(all.items.map((c) => c.id).sort()).toEqual([call.id, letter.id].sort());
      expect((await t.communications.list({ kind: 'phone' })).items.map((c) => c.id)).toEqual([call.id]);
    });
  });

  it('without keys, writing a body fails with EncryptionNotConfiguredError and writes nothing', async () => {
    const plain = createLegalDb({ contextKey: database.contextKey, connectionString: login });
    try {
      const error = await plain
        .withTenant(ctx, (t) =>
          t.communications.create({ caseId, kind: 'email', direction: 'inbound', body: 'secret' }),
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EncryptionNotConfiguredError);
      expect(error).toMatchObject({ code: 'ENCRYPTION_NOT_CONFIGURED', field: 'communications.body' });
    } finally {
      await plain.close();
    }
  });
});

describe('templates', () => {
  it('creates, versions and renders with declared variables', async () => {
    await db.withTenant(ctx, async (t) => {
      const tpl = await t.templates.create({
        name: 'Engagement letter',
        body: 'Dear {{client_name}}, we act for you in {{matter}}.',
        variables: [{ name: 'client_name' }, { name: 'matter' }],
      });
      expect(tpl.currentVersion).toBe(1);
      expect(await t.templates.get(tpl.id)).toMatchObject({ id: tpl.id, name: 'Engagement letter' });
      expect((await t.templates.list()).map((x) => x.id)).toContain(tpl.id);
      const v2 = await t.templates.addVersion(tpl.id, {
        body: 'Dear {{ client_name }}, re {{matter}}.{{footer}}',
        variables: [{ name: 'client_name' }, { name: 'matter' }, { name: 'footer', required: false }],
      });
      expect(v2.version).toBe(2);
      expect((await t.templates.versions(tpl.id)).map((v) => v.version)).toEqual([1, 2]);
      expect(await t.templates.render(tpl.id, { client_name: 'Jane', matter: 'Smith v. Jones' })).toEqual({
        text: 'Dear Jane, re Smith v. Jones.',
        templateId: tpl.id,
        version: 2,
      });
      expect((await t.templates.render(tpl.id, { client_name: 'Jane', matter: 'X' }, { version: 1 })).text).toBe(
        'Dear Jane, we act for you in X.',
      );
      const missing = await t.templates.render(tpl.id, { matter: 'X', colour: 'red' }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ValidationError);
      expect((missing as ValidationError).issues.map((i) => i.path)).toEqual([
        'variables.client_name',
        'variables.colour',
      ]);
    });
  });

  it('refuses a body that uses an undeclared variable', async () => {
    const error = await db
      .withTenant(ctx, (t) => t.templates.create({ name: 'Bad', body: 'Hello {{who}}', variables: [] }))
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues).toEqual([{ path: 'body', message: 'uses undeclared variables: who' }]);
  });
});

describe('AI conversations and queries', () => {
  it('conversations with messages per case; archive; list', async () => {
    await db.withTenant(ctx, async (t) => {
      const conv = await t.conversations.create({ caseId, title: 'Limitation' });
      await t.conversations.addMessage(conv.id, { role: 'user', content: 'When does limitation expire?' });
      await t.conversations.addMessage(conv.id, {
        role: 'assistant',
        content: 'Six years from breach.',
        metadata: { model: 'x' },
      });
      expect((await t.conversations.messages(conv.id)).map((m) => [m.role, m.content])).toEqual([
        ['user', 'When does limitation expire?'],
        ['assistant', 'Six years from breach.'],
      ]);
      expect((await t.conversations.list({ caseId })).items.map((c) => c.id)).toEqual([conv.id]);
      expect((await t.conversations.archive(conv.id)).archivedAt).toBeInstanceOf(Date);
      expect((await t.conversations.list({ caseId })).items).toEqual([]);
      expect((await t.conversations.list({ caseId, archived: true })).items.map((c) => c.id)).toEqual([conv.id]);
      expect((await t.conversations.get(conv.id)).title).toBe('Limitation');
    });
    // another user of the firm does not see my conversations
    const mine = await db.withTenant(ctx, (t) => t.conversations.list({ archived: true }));
    const theirs = await db.withTenant({ tenantId: firm.tenantId, userId: paralegal }, (t) =>
      t.conversations.list({ archived: true }),
    );
    expect(mine.items.length).toBeGreaterThan(0);
    expect(theirs.items).toEqual([]);
  });

  it('records queries with retrieval, answer or refusal, and lists them by user and date', async () => {
    await db.withTenant(ctx, async (t) => {
      const answered = await t.aiQueries.record({
        queryText: 'Summarise the supply agreement',
        caseId,
        retrievedDocuments: [{ documentId: caseId, score: 0.91 }],
        answer: 'A two-year supply of widgets.',
        confidenceScore: 0.82,
        sources: [{ documentId: caseId, page: 2 }],
        responseTimeMs: 1840,
        model: 'gpt-x',
      });
      const refused = await t.aiQueries.record({
        queryText: 'Who will win?',
        refusalReason: 'speculative',
        responseTimeMs: 90,
      });
      expect(answered).toMatchObject({
        userId: firm.userId,
        confidenceScore: 0.82,
        retrievedDocuments: [{ documentId: caseId, score: 0.91 }],
      });
      expect(refused.answer).toBeNull();
      const today = new Date().toISOString().slice(0, 10);
      const listed = await t.aiQueries.list({ from: today, to: today });
      expect(listed.items.map((q) => q.id).sort()).toEqual([answered.id, refused.id].sort());
      expect((await t.aiQueries.list({ caseId })).items.map((q) => q.id)).toEqual([answered.id]);
      expect((await t.aiQueries.list({ to: '2000-01-01' })).items).toEqual([]);
    });
    // someone else's queries need audit.read (the paralegal has not)
    await expect(
      db.withTenant({ tenantId: firm.tenantId, userId: paralegal }, (t) => t.aiQueries.list({ userId: firm.userId })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', permission: 'audit.read' });
  });
});
