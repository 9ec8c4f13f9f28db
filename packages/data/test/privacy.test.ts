import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { openUnit, query } from '@legal/testing';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createLegalDb,
  ErasureRefusedError,
  ForbiddenError,
  NotFoundError,
  ScopeClosedError,
  type TenantScope,
  TransactionAbortedError,
  UnawaitedWorkError,
  ValidationError,
} from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const appUrl = await appLogin(database);
const db = createLegalDb({ contextKey: database.contextKey, connectionString: appUrl, maxConnections: 6 });
const firm = await createFirm(database.url, 'privacy-a');
const rival = await createFirm(database.url, 'privacy-b');
const admin = await addUser(database.url, firm.tenantId, 'admin', 'dpo@privacy-a.example');
const lawyer = await addUser(database.url, firm.tenantId, 'lawyer', 'lawyer@privacy-a.example');
const rivalAdmin = await addUser(database.url, rival.tenantId, 'admin', 'dpo@privacy-b.example');
const asAdmin = { tenantId: firm.tenantId, userId: admin };
const asLawyer = { tenantId: firm.tenantId, userId: lawyer };
const asRival = { tenantId: rival.tenantId, userId: rivalAdmin };

/** What identifies the person: none of it may be readable anywhere once the client is erased. */
const NEEDLES = ['Zebulon', 'Quartermaine', 'zq.unique', '7946 0999', 'Xyloburg', 'Quillfeather'];

let tablesSearched = 0;
/** Every table of every schema of the database (as the superuser, row security off), searched for a text. */
async function findEverywhere(needle: string): Promise<string[]> {
  const tables = await query<{ t: string }>(
    database.url,
    `select format('%I.%I', n.nspname, c.relname) as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`,
  );
  tablesSearched = tables.length;
  const hits: string[] = [];
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('set row_security = off');
    for (const { t } of tables) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from ${t} x where x::text ilike '%' || $1 || '%'`,
        [needle],
      );
      if ((rows[0]?.n ?? 0) > 0) hits.push(`${t} (${rows[0]?.n})`);
    }
  } finally {
    await client.end();
  }
  return hits;
}

/** The built `legal-schema` bin (pnpm test builds first), as an operator runs it. */
async function auditVerify(tenant: string): Promise<{ code: number | null; stdout: string }> {
  const schemaDir = dirname(createRequire(import.meta.url).resolve('@legal/schema/package.json'));
  const bin = join(schemaDir, 'dist/bin/legal-schema.js');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run pnpm build (pnpm test does)`);
  const child = spawn(process.execPath, [bin, 'audit', 'verify', '--tenant', tenant, '--url', database.url], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout };
}

/** A client with personal data in every place the SDK puts it, and a closed matter. */
async function seedPerson(opts: { close?: boolean } = {}) {
  return db.withTenant(asAdmin, async (t) => {
    const client = await t.clients.create({
      name: 'Zebulon Quartermaine',
      firstName: 'Zebulon',
      lastName: 'Quartermaine',
      email: 'zq.unique@example.org',
      phone: '+44 20 7946 0999',
      address: { street: '1 Quillfeather Lane', city: 'Xyloburg' },
    });
    await t.clients.update(client.id, { email: 'zq.unique+new@example.org' });
    const matter = await t.cases.create({ title: 'Estate of Zebulon Quartermaine', clientId: client.id });
    await t.cases.addParty(matter.id, {
      partyRole: 'client',
      name: 'Zebulon Quartermaine',
      clientId: client.id,
      email: 'zq.unique@example.org',
    });
    const party = await t.conflicts.addParty({
      name: 'Zebulon Quartermaine',
      clientId: client.id,
      otherNames: [{ name: 'Zeb Quillfeather', kind: 'former_name' }],
    });
    await t.communications.create({
      clientId: client.id,
      caseId: matter.id,
      kind: 'phone',
      direction: 'inbound',
      subject: 'Call from Zebulon about Xyloburg house',
      participants: [{ name: 'Zebulon Quartermaine', email: 'zq.unique@example.org' }],
    });
    const doc = await t.documents.register({
      clientId: client.id,
      caseId: matter.id,
      logicalPath: 'clients/quartermaine/will.pdf',
      fileName: 'Quartermaine will.pdf',
      title: 'Will of Zebulon Quartermaine',
      fileSize: 1000,
      metadata: { signedIn: 'Xyloburg' },
    });
    await t.chunks.replace({
      documentId: doc.id,
      chunks: [{ text: 'I, Zebulon Quartermaine of Xyloburg, declare', startChar: 0, endChar: 44 }],
    });
    const chat = await t.conversations.create({ clientId: client.id, title: 'Quartermaine questions' });
    await t.conversations.addMessage(chat.id, { role: 'user', content: 'Summarise the Quartermaine will' });
    if (opts.close) {
      await t.cases.assign(matter.id, admin);
      for (const to of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed']) {
        await t.cases.transition(matter.id, to);
      }
    }
    return { client, matter, party, doc };
  });
}

const person = await seedPerson();

describe('client privacy: the personal fields of the audit trail', () => {
  it('never holds them in plain text, and shows them to audit readers of the firm only', async () => {
    // the raw trail (as the superuser): sealed values, no name
    const raw = await query<{ n: number; sealed: number }>(
      database.url,
      `select count(*) filter (where (coalesce(row_data, '{}') || coalesce(changes, '{}'))::text ilike '%quartermaine%')::int as n,
              count(*) filter (where (coalesce(row_data, '{}') || coalesce(changes, '{}'))::text like '%pii:v1:${person.client.id}:%')::int as sealed
         from legal.audit_log where tenant_id = $1`,
      [firm.tenantId],
    );
    expect(raw[0]?.n).toBe(0);
    expect(raw[0]?.sealed).toBeGreaterThanOrEqual(10);
    // an audit reader of the firm sees them opened
    const page = await db.withTenant(asAdmin, (t) =>
      t.audit.list({ from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 100 }),
    );
    const created = page.items.find((e) => e.tableName === 'clients' && e.action === 'create');
    expect(created?.rowData).toMatchObject({ name: 'Zebulon Quartermaine', phone: '+44 20 7946 0999' });
    const changed = page.items.find((e) => e.tableName === 'clients' && e.action === 'update');
    expect(changed?.changes).toMatchObject({
      email: { old: 'zq.unique@example.org', new: 'zq.unique+new@example.org' },
    });
    // another firm cannot open them, even holding the sealed value
    const sealed = (
      await query<{ v: string }>(
        database.url,
        `select row_data ->> 'name' as v from legal.audit_log where tenant_id = $1 and table_name = 'clients' and action = 'create'`,
        [firm.tenantId],
      )
    )[0]?.v as string;
    expect(sealed).toMatch(/^pii:v1:/);
    const opened = await db.withTenant(asRival, (t) =>
      sql<{ plain: unknown }>`select legal.privacy_reveal(${JSON.stringify([sealed])}::jsonb) as plain`.execute(t.db),
    );
    expect(opened.rows[0]?.plain).toEqual({});
  });

  it('keeps the keys from every application role', async () => {
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      await client.query('begin');
      await openUnit(client, { ...asAdmin, contextKey: database.contextKey });
      await expect(client.query('select * from legal.privacy_keys')).rejects.toMatchObject({ code: '42501' });
      await client.query('rollback');
      await client.query('begin');
      await openUnit(client, { ...asAdmin, contextKey: database.contextKey });
      // the delegated functions refuse another firm's id, and the internals are not callable
      await expect(
        client.query('select legal.privacy_erase_at($1, $2, $3)', [rival.tenantId, person.client.id, 'x']),
      ).rejects.toMatchObject({ code: 'LG004' });
      await client.query('rollback');
      await client.query('begin');
      await expect(
        client.query('select legal.privacy_key($1, $2)', [firm.tenantId, person.client.id]),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.query('rollback').catch(() => {});
      await client.end();
    }
  });
});

describe('client privacy: export (GDPR art. 15/20)', () => {
  it('returns every row with the client and the audit entries of them, decrypted, and audits the export', async () => {
    const data = await db.withTenant(asAdmin, (t) => t.privacy.exportClient(person.client.id));
    expect(data.client).toMatchObject({
      id: person.client.id,
      name: 'Zebulon Quartermaine',
      phone: '+44 20 7946 0999',
    });
    expect(Object.keys(data.records).sort()).toEqual([
      'case_parties',
      'cases',
      'communications',
      'conversation_messages',
      'conversations',
      'document_chunks',
      'documents',
      'parties',
      'party_names',
    ]);
    expect(data.records.party_names?.[0]).toMatchObject({ name: 'Zeb Quillfeather', name_kind: 'former_name' });
    expect(data.records.document_chunks?.[0]).toMatchObject({ text: 'I, Zebulon Quartermaine of Xyloburg, declare' });
    const tables = new Set(data.audit.map((a) => a.table));
    for (const t of ['clients', 'cases', 'case_parties', 'parties', 'party_names', 'communications', 'documents']) {
      expect(tables.has(t), t).toBe(true);
    }
    const update = data.audit.find((a) => a.table === 'clients' && a.action === 'update');
    expect(update?.changes?.email).toEqual({ old: 'zq.unique@example.org', new: 'zq.unique+new@example.org' });
    expect(JSON.stringify(data.audit)).not.toContain('pii:v1:');
    const logged = await query<{ details: { privacy: string; tables: Record<string, number> } }>(
      database.url,
      `select details from legal.audit_log where tenant_id = $1 and action = 'export' and record_id = $2`,
      [firm.tenantId, person.client.id],
    );
    expect(logged[0]?.details).toMatchObject({ privacy: 'subject_access', tables: { cases: 1, party_names: 1 } });
  });

  it('is refused without privacy.manage, for another firm, and for bad input', async () => {
    await expect(db.withTenant(asLawyer, (t) => t.privacy.exportClient(person.client.id))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(db.withTenant(asRival, (t) => t.privacy.exportClient(person.client.id))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(db.withTenant(asRival, (t) => t.privacy.exportClient(person.client.id))).rejects.toMatchObject({
      entity: 'client',
      key: person.client.id,
    });
    await expect(db.withTenant(asAdmin, (t) => t.privacy.exportClient('not-a-uuid'))).rejects.toMatchObject({
      issues: [{ path: 'clientId' }],
    });
    await expect(
      db.withTenant(asAdmin, (t) => t.privacy.eraseClient({ clientId: person.client.id, reason: '  ' })),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('client privacy: erasure (GDPR art. 17)', () => {
  const erase = (clientId: string) =>
    db.withTenant(asAdmin, (t) => t.privacy.eraseClient({ clientId, reason: 'GDPR request #1042' }));
  const nameOf = async (clientId: string) =>
    (await query<{ name: string }>(database.url, 'select name from legal.clients where id = $1', [clientId]))[0]?.name;

  it('as hurried app code: a caught refusal, a missing await and a kept scope erase nothing and commit nothing', async () => {
    const keyOf = async () =>
      (
        await query<{ n: number }>(
          database.url,
          'select count(*)::int as n from legal.privacy_keys where client_id = $1 and key_secret is not null',
          [person.client.id],
        )
      )[0]?.n;
    // the refusal caught inside the unit, and the unit goes on writing: it rejects, nothing of it is kept
    const caught = await db
      .withTenant(asAdmin, async (t) => {
        await t.privacy.eraseClient({ clientId: person.client.id, reason: 'hurried' }).catch(() => 'ignored');
        await t.clients.update(person.client.id, { phone: '+1 555 0199' });
      })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(TransactionAbortedError);
    expect((caught as TransactionAbortedError).firstFailure).toBeInstanceOf(ErasureRefusedError);
    // an export left floating fails the unit, naming it (its audit entry is not committed)
    const floating = await db
      .withTenant(asAdmin, async (t) => {
        void t.privacy.exportClient(person.client.id);
      })
      .catch((e: unknown) => e);
    expect(floating).toBeInstanceOf(UnawaitedWorkError);
    expect((floating as UnawaitedWorkError).operations).toEqual(['privacy.exportClient']);
    // a scope kept after its unit sends nothing
    let kept: TenantScope | undefined;
    await db.withTenant(asAdmin, async (t) => {
      kept = t;
    });
    await expect(
      (kept as TenantScope).privacy.eraseClient({ clientId: person.client.id, reason: 'late' }),
    ).rejects.toBeInstanceOf(ScopeClosedError);
    await expect((kept as TenantScope).privacy.exportClient(person.client.id)).rejects.toBeInstanceOf(ScopeClosedError);
    // the client, its phone and its key are as they were
    const [row] = await query<{ name: string; phone: string }>(
      database.url,
      'select name, phone from legal.clients where id = $1',
      [person.client.id],
    );
    expect(row).toEqual({ name: 'Zebulon Quartermaine', phone: '+44 20 7946 0999' });
    expect(await keyOf()).toBe(1);
  });

  it('is refused, changing nothing, while a matter is open, a legal hold or trust money covers it, or retention runs', async () => {
    // an open matter
    await expect(erase(person.client.id)).rejects.toMatchObject({ code: 'ERASURE_REFUSED', reason: 'open_matter' });
    const closed = await seedPerson({ close: true });
    // a legal hold on the client's document
    await db.withTenant(asAdmin, (t) => t.documents.placeHold(closed.doc.id, 'litigation pending'));
    await expect(erase(closed.client.id)).rejects.toMatchObject({ reason: 'legal_hold' });
    await db.withTenant(asAdmin, (t) => t.documents.releaseHold(closed.doc.id));
    // money in trust
    const deposit = await db.withTenant(asAdmin, async (t) => {
      const account = await t.trust.createAccount({ name: 'IOLTA' });
      return t.trust.deposit({
        accountId: account.id,
        clientId: closed.client.id,
        amount: '10.00',
        description: 'Retainer',
      });
    });
    await expect(erase(closed.client.id)).rejects.toMatchObject({ reason: 'trust_balance' });
    await db.withTenant(asAdmin, (t) => t.trust.reverse(deposit.id, { description: 'returned' }));
    // the firm's retention period (default 6 years from the last record)
    const refused = await erase(closed.client.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ErasureRefusedError);
    expect(refused).toMatchObject({ reason: 'retention' });
    expect((refused as ErasureRefusedError).until).toBe(
      `${new Date().getUTCFullYear() + 6}${new Date().toISOString().slice(4, 10)}`,
    );
    expect(await nameOf(closed.client.id)).toBe('Zebulon Quartermaine');
    expect(
      await query(database.url, 'select 1 from legal.privacy_keys where client_id = $1 and key_secret is not null', [
        closed.client.id,
      ]),
    ).toHaveLength(1);
  });

  it('leaves the audit chain verifiable and the person unreadable everywhere', async () => {
    // the open-matter client goes: close its matter, retention of 0 years for this firm
    await db.withTenant(asAdmin, async (t) => {
      await t.cases.assign(person.matter.id, admin);
      for (const to of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed']) {
        await t.cases.transition(person.matter.id, to);
      }
    });
    await query(
      database.url,
      `update legal.tenants set settings = settings || '{"privacy": {"retentionYears": 0}}' where id = $1`,
      [firm.tenantId],
    );
    const clients = await query<{ id: string }>(database.url, 'select id from legal.clients where tenant_id = $1', [
      firm.tenantId,
    ]);
    expect(clients.length).toBe(2);
    // the search below finds the person while the data is there
    const before = await findEverywhere('Quartermaine');
    expect(before).toEqual(
      expect.arrayContaining([expect.stringMatching(/^legal\.clients /), expect.stringMatching(/^legal\.parties /)]),
    );
    console.log(`before erasure, "Quartermaine" is in ${before.join(', ')}`);
    const results = [];
    for (const { id } of clients) results.push(await erase(id));
    expect(results[0]?.rows).toMatchObject({ clients: 1, cases: 1, parties: 1, party_names: 1, document_chunks: 1 });
    expect(results.flatMap((r) => r.storageKeys).length).toBeGreaterThanOrEqual(2);

    // nothing of the person is left in any table of the database, the audit trail included
    for (const needle of NEEDLES) {
      expect(await findEverywhere(needle), needle).toEqual([]);
    }
    console.log(`after erasure, ${NEEDLES.length} identifiers searched in ${tablesSearched} tables: 0 hits`);
    // and the chain still verifies (the built CLI, as an operator runs it)
    const verify = await auditVerify(firm.tenantId);
    expect(verify.stdout).toMatch(new RegExp(`intact +${firm.tenantId}: \\d+ rows`));
    expect(verify.code).toBe(0);
    console.log(`legal-schema audit verify after erasure: ${verify.stdout.trim().split('\n').join(' | ')}`);
    // the rival firm's chain was not touched either
    expect((await auditVerify(rival.tenantId)).code).toBe(0);

    // audit readers see "[erased]", the keys are gone, and later writes stay erased
    const page = await db.withTenant(asAdmin, async (t) => {
      await t.clients.update(person.client.id, { phone: '+1 555 0100' });
      return t.audit.list({ from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 100 });
    });
    const created = page.items.find((e) => e.tableName === 'clients' && e.action === 'create');
    expect(created?.rowData).toMatchObject({ name: '[erased]' });
    const later = page.items.find(
      (e) => e.tableName === 'clients' && e.action === 'update' && e.changes && 'phone' in (e.changes as object),
    );
    expect(later?.changes).toMatchObject({ phone: { old: null, new: '[erased]' } });
    expect(
      await query(database.url, 'select 1 from legal.privacy_keys where key_secret is not null and tenant_id = $1', [
        firm.tenantId,
      ]),
    ).toEqual([]);
    const erasure = await query<{ details: { privacy: string; reason: string } }>(
      database.url,
      `select details from legal.audit_log where tenant_id = $1 and details ->> 'privacy' = 'erasure'`,
      [firm.tenantId],
    );
    expect(erasure).toHaveLength(2);
    expect(erasure[0]?.details.reason).toBe('GDPR request #1042');
    // erasing again is refused
    await expect(erase(person.client.id)).rejects.toMatchObject({ reason: 'erased' });
  });

  it('is refused without privacy.manage or a tenant context', async () => {
    await expect(
      db.withTenant(asLawyer, (t) => t.privacy.eraseClient({ clientId: person.client.id, reason: 'x' })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // raw SQL as the application role without a unit: no firm, no erasure (and no crash on Citus)
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      await expect(client.query('select legal.privacy_erase($1, $2)', [person.client.id, 'x'])).rejects.toMatchObject({
        code: 'LG004',
      });
      await expect(client.query('select legal.privacy_export($1)', [person.client.id])).rejects.toMatchObject({
        code: 'LG004',
      });
      expect((await client.query('select legal.privacy_erase_at(null, null, null) as r')).rows[0]?.r).toBeNull();
    } finally {
      await client.end();
    }
  });
});
