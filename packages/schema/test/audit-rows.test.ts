import { query } from '@legal/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Session, sqlState } from './support/as-role.js';
import { tenantForeignKeys, tenantTables } from './support/catalog.js';
import { legalDatabase, seedFirm, TENANT_A } from './support/legal-database.js';
import { parentsFirst } from './support/table-order.js';

const db = await legalDatabase();
const firm = await seedFirm(db.url, TENANT_A, 'audited');
const TENANT_C = '0c0c0c0c-0000-4000-8000-00000000000c';
// Firm C starts empty (no default rows), so copying A's rows into it exercises every table.
await query(
  db.url,
  `begin; set local session_replication_role = replica;
   insert into legal.tenants (id, slug, name) values ('${TENANT_C}', 'copy', 'Copy of A'); commit;`,
);
/**
 * Left out of the copy–update–delete cycle below, their audit rows asserted where they are
 * written (packages/data/test/trust.test.ts, deadlines.test.ts): trust accounting's tables,
 * whose rows are never updated or deleted and whose entries and balances only a posting writes;
 * and a matter's deadlines, which applying a rule set writes (a copied application would write
 * its own deadlines beside the copies).
 */
const BOOKS = (name: string) =>
  name.startsWith('legal.trust_') ||
  name === 'legal.case_deadline_sets' ||
  name === 'legal.case_deadlines' ||
  // the clients' audit keys: written by the audit trigger itself, out of every application role's reach
  name === 'legal.privacy_keys';
const tables = parentsFirst(
  (await tenantTables(db.url)).filter((t) => !t.audit && !BOOKS(t.name)),
  await tenantForeignKeys(db.url),
);
const CONTEXT = {
  tenantId: TENANT_C,
  userId: firm.lawyerId,
  ip: '203.0.113.9',
  requestId: 'req-audit-7',
  userAgent: 'vitest/audit',
  reason: 'audit coverage',
};

/**
 * Runs `fn` with the whole context set, and commits: as legal_system, which the access rules
 * do not restrict (this file is about what the audit trail records, for every table and row,
 * whoever may write them), with a context of firm A's user acting in firm C.
 */
async function asAppCommitted<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('set local role legal_system');
    await client.query(
      `select set_config('legal.tenant_id', $1, true), set_config('legal.user_id', $2, true), set_config('legal.ip', $3, true),
              set_config('legal.request_id', $4, true), set_config('legal.user_agent', $5, true), set_config('legal.reason', $6, true)`,
      [CONTEXT.tenantId, CONTEXT.userId, CONTEXT.ip, CONTEXT.requestId, CONTEXT.userAgent, CONTEXT.reason],
    );
    const result = await fn(client);
    await client.query('commit');
    return result;
  } finally {
    await client.end();
  }
}

interface AuditRow {
  action: string;
  record_id: string;
  actor_id: string;
  ip: string;
  request_id: string;
  user_agent: string;
  reason: string;
  row_data: Record<string, unknown> | null;
  changes: Record<string, { old: unknown; new: unknown }> | null;
}
const auditOf = (table: string, action: string) =>
  query<AuditRow>(
    db.url,
    `select action, record_id, actor_id, host(ip) as ip, request_id, user_agent, reason, row_data, changes
       from legal.audit_log where tenant_id = $1 and table_name = $2 and action = $3 order by seq`,
    [TENANT_C, table.slice('legal.'.length), action],
  );

const SECRET = /^(password_hash|token_hash|.*_encrypted)$/;
/** Each table's personal fields (legal.personal_fields), for the tables that have them. */
const personal = new Map(
  (
    await query<{ name: string; fields: string[] | null }>(
      db.url,
      `select format('legal.%I', c.relname) as name, legal.personal_fields(c.relname) as fields
         from pg_class c where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p')`,
    )
  ).flatMap((r) => (r.fields ? [[r.name, r.fields] as const] : [])),
);
/** Whether a row names its client (directly; rows tied through a parent are checked by the privacy tests). */
const tiedToClient = (name: string, row: Record<string, unknown> | null): boolean =>
  name === 'legal.clients' || (row?.client_id ?? null) !== null;
const inserted = new Map<string, number>();

describe('every tenant table is audited (generated from the catalog)', () => {
  it('insert: one "create" row per row, with the new row (secrets redacted, personal fields sealed) and the context', async () => {
    const sealedSeen = new Set<string>();
    await asAppCommitted(async (client) => {
      for (const { name, columns } of tables) {
        const [source] = await query<{ rows: Record<string, unknown>[] }>(
          db.url,
          `select coalesce(jsonb_agg(to_jsonb(t) - 'search_vector'), '[]') as rows from ${name} t where tenant_id = $1`,
          [TENANT_A],
        );
        const rows = (source?.rows ?? []).map((r) => ({ ...r, tenant_id: TENANT_C }));
        const cols = columns.map((c) => `"${c}"`).join(', ');
        const result = await client.query(
          `insert into ${name} (${cols}) select ${cols} from jsonb_populate_recordset(null::${name}, $1)`,
          [JSON.stringify(rows)],
        );
        inserted.set(name, result.rowCount ?? 0);
      }
    });
    for (const { name, columns, allColumns } of tables) {
      const audit = await auditOf(name, 'create');
      const [count] = await query<{ n: number }>(
        db.url,
        `select count(*)::int as n from ${name} where tenant_id = $1`,
        [TENANT_C],
      );
      expect(inserted.get(name), `${name}: copied rows`).toBeGreaterThan(0);
      // Triggers may add rows (a case's first status history entry): every row of C was recorded.
      expect(audit.length, `${name}: one create row per row`).toBe(count?.n);
      for (const row of audit) {
        expect(row, name).toMatchObject({
          actor_id: CONTEXT.userId,
          ip: CONTEXT.ip,
          request_id: CONTEXT.requestId,
          user_agent: CONTEXT.userAgent,
          reason: CONTEXT.reason,
        });
        // every column (generated amounts included), but the bulky search_vector
        expect(Object.keys(row.row_data ?? {}).sort(), name).toEqual(
          allColumns.filter((c) => c !== 'search_vector').sort(),
        );
        for (const [key, value] of Object.entries(row.row_data ?? {})) {
          if (SECRET.test(key) && value !== null) expect(value, `${name}.${key}`).toBe('[redacted]');
          // the personal fields of a row tied to a client: sealed under the client's key (0033)
          if (personal.get(name)?.includes(key) && value !== null && tiedToClient(name, row.row_data)) {
            expect(value, `${name}.${key}`).toMatch(/^pii:v1:[0-9a-f-]{36}:[A-Za-z0-9+/=]+$/);
            sealedSeen.add(name);
          }
        }
        expect(row.changes).toBeNull();
      }
      if (columns.includes('id')) {
        const ids = await query<{ id: string }>(
          db.url,
          `select id::text from ${name} where tenant_id = $1 order by id`,
          [TENANT_C],
        );
        expect(audit.map((a) => a.record_id).sort(), name).toEqual(ids.map((r) => r.id));
      }
    }
    // the fixture firm's clients, matters, parties, communications, documents and conversations
    expect([...sealedSeen].sort()).toEqual(
      expect.arrayContaining(['legal.case_parties', 'legal.cases', 'legal.clients', 'legal.communications']),
    );
  });

  it('update: one "update" row per row, carrying only the changed columns', async () => {
    const changedColumn = new Map<string, string>();
    await asAppCommitted(async (client) => {
      for (const { name } of tables) {
        const column = await updatableTimestamp(name);
        if (column) {
          changedColumn.set(name, column);
          await client.query(
            `update ${name} set "${column}" = "${column}" + interval '1 second' where tenant_id = $1`,
            [TENANT_C],
          );
        } else {
          // Key columns only (role_permissions): an update changes the permission itself.
          changedColumn.set(name, 'permission_code');
          await client.query(
            `update ${name} set permission_code = 'tenant.manage' where permission_code = 'cases.read_all'
               and role_id in (select id from legal.roles where name like 'custom\\_%')`,
          );
        }
      }
    });
    // a document's grantee lists follow its grants (updates of their own, made while the grants were copied)
    const grantSync = (row: AuditRow) => Object.keys(row.changes ?? {}).some((k) => k.startsWith('acl_'));
    for (const { name, columns } of tables) {
      const audit = (await auditOf(name, 'update')).filter((row) => !grantSync(row));
      const column = changedColumn.get(name) as string;
      expect(audit.length, `${name}: updated rows audited`).toBeGreaterThan(0);
      const expectedKeys = [
        column,
        ...(columns.includes('updated_at') && column !== 'updated_at' ? ['updated_at'] : []),
      ].sort();
      for (const row of audit) {
        expect(Object.keys(row.changes ?? {}).sort(), name).toEqual(expectedKeys);
        expect(row.changes?.[column]?.old, name).not.toEqual(row.changes?.[column]?.new);
        expect(row.row_data, name).toBeNull();
        expect(row.actor_id).toBe(CONTEXT.userId);
      }
    }
  });

  it('delete: one "delete" row per row, with the old row', async () => {
    const deleted = new Map<string, number>();
    await asAppCommitted(async (client) => {
      for (const { name } of [...tables].reverse()) {
        deleted.set(name, (await client.query(`delete from ${name} where tenant_id = $1`, [TENANT_C])).rowCount ?? 0);
      }
    });
    for (const { name } of tables) {
      const audit = await auditOf(name, 'delete');
      expect(audit.length, name).toBe(deleted.get(name));
      for (const row of audit) {
        expect(row.row_data?.tenant_id, name).toBe(TENANT_C);
        expect(row.changes).toBeNull();
        expect(row.request_id).toBe(CONTEXT.requestId);
      }
    }
  });

  it("gives a record's full history in order", async () => {
    const caseId = (
      await query<{ id: string }>(db.url, 'select id::text from legal.cases where tenant_id = $1 limit 1', [TENANT_A])
    )[0]?.id;
    const history = await query<{ action: string }>(
      db.url,
      `select action from legal.record_history('cases', $1) where tenant_id = $2`,
      [caseId, TENANT_C],
    );
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'delete']);
  });
});

describe('application events', () => {
  it("records what triggers cannot see; with the row actions, all of seed 000's actions appear", async () => {
    await asAppCommitted(async (client) => {
      for (const action of ['read', 'download', 'upload', 'login', 'logout']) {
        await client.query(`select legal.log_event($1, 'documents', 'doc-1', '{"via": "viewer"}')`, [action]);
      }
    });
    const actions = await query<{ action: string }>(
      db.url,
      'select distinct action from legal.audit_log where tenant_id = $1 order by 1',
      [TENANT_C],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'create',
      'delete',
      'download',
      'login',
      'logout',
      'read',
      'update',
      'upload',
    ]);
    const [event] = await query(
      db.url,
      "select table_name, record_id, details, actor_id from legal.audit_log where tenant_id = $1 and action = 'download'",
      [TENANT_C],
    );
    expect(event).toEqual({
      table_name: 'documents',
      record_id: 'doc-1',
      details: { via: 'viewer' },
      actor_id: CONTEXT.userId,
    });
  });

  it('needs a tenant context, except for legal_system (the system chain)', async () => {
    const session = await Session.open(db.url);
    try {
      await session.as('legal_app', {}, async (client) => {
        expect(await sqlState(client.query("select legal.log_event('read', 'documents', 'x')"))).toBe('LG004');
      });
      await session.as('legal_system', {}, async (client) => {
        await client.query("select set_config('legal.reason', 'nightly maintenance', true)");
        await client.query("select legal.log_event('system_access', 'tenants', null)");
        const { rows } = await client.query(
          "select tenant_id, reason, db_role from legal.audit_log where action = 'system_access' order by seq desc limit 1",
        );
        expect(rows[0]).toEqual({
          tenant_id: '00000000-0000-0000-0000-000000000000',
          reason: 'nightly maintenance',
          db_role: 'legal_system',
        });
      });
    } finally {
      await session.close();
    }
  });
});

/** The first timestamptz column of a table, outside every unique index, set on all of C's rows. */
/** Tables whose record columns cannot change (a conflict check's query, hits and decision): the column to update instead. */
const UPDATABLE: Readonly<Record<string, string>> = { 'legal.conflict_checks': 'updated_at' };

async function updatableTimestamp(table: string): Promise<string | undefined> {
  if (UPDATABLE[table]) return UPDATABLE[table];
  const candidates = await query<{ name: string }>(
    db.url,
    `select a.attname as name from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
        and a.atttypid = 'timestamptz'::regtype
        and not exists (select 1 from pg_index i where i.indrelid = a.attrelid and i.indisunique and a.attnum = any(i.indkey))
      order by a.attnum`,
    [table],
  );
  for (const { name } of candidates) {
    const [nulls] = await query<{ n: number }>(
      db.url,
      `select count(*)::int as n from ${table} where tenant_id = $1 and "${name}" is null`,
      [TENANT_C],
    );
    if (nulls?.n === 0) return name;
  }
  return undefined;
}
