import { openUnit, query } from '@legal/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, sqlState } from './support/as-role.js';
import { legalDatabase, seedFirm, TENANT_A, TENANT_B } from './support/legal-database.js';

const db = await legalDatabase();
const firmA = await seedFirm(db.url, TENANT_A, 'chain-a');
await seedFirm(db.url, TENANT_B, 'chain-b');

let session: Session;
beforeAll(async () => {
  session = await Session.open(db.url);
});
afterAll(() => session.close());

interface ChainCheck {
  checked: number;
  broken_seq: number | null;
  problem: string | null;
}
const verifyChain = (client: pg.ClientBase, tenant: string) =>
  client
    .query<ChainCheck>('select checked::int, broken_seq::int, problem from legal.verify_audit_chain($1)', [tenant])
    .then((r) => r.rows[0]);

const thisMonth = (await query<{ p: string }>(db.url, 'select legal.audit_partition_name(now()::date) as p'))[0]?.p;
const partitions = ['legal.audit_log_default', `legal.${thisMonth}`];

describe('append-only', () => {
  it.each(['legal_app', 'legal_readonly', 'legal_system'] as const)(
    '%s can neither update, delete nor truncate the log',
    async (role) => {
      for (const statement of [
        'update legal.audit_log set reason = $$x$$',
        'delete from legal.audit_log',
        'truncate legal.audit_log',
        ...partitions.map((p) => `truncate ${p}`),
      ]) {
        await session.as(role, { tenantId: TENANT_A }, async (client) => {
          expect(await sqlState(client.query(statement)), `${role}: ${statement}`).toBe('42501');
        });
      }
      await session.as(role, { tenantId: TENANT_A }, async (client) => {
        const insert = client.query(
          "insert into legal.audit_log (tenant_id, seq, occurred_at, txid, db_role, action, prev_hash, hash) values ($1, 1, now(), 1, 'x', 'read', '', '')",
          [TENANT_A],
        );
        expect(await sqlState(insert), `${role}: insert`).toBe('42501');
      });
    },
  );

  it('legal_owner, which owns the log, is refused too (by the triggers)', async () => {
    for (const statement of [
      'update legal.audit_log set reason = $$x$$',
      'delete from legal.audit_log',
      'truncate legal.audit_log',
      ...partitions.map((p) => `truncate ${p}`),
      ...partitions.map((p) => `delete from ${p}`),
    ]) {
      await session.rolledBack(async (client) => {
        await client.query('set local role legal_owner');
        const error = await client.query(statement).catch((e: unknown) => e);
        expect(error, statement).toMatchObject({ code: 'LG005' });
        expect((error as Error).message).toMatch(
          /^the audit log is append-only: (UPDATE|DELETE|TRUNCATE) is not allowed on audit_log/,
        );
      });
    }
  });

  it('the superuser is refused by the triggers as well (only disabling them gets past, and the chain shows it)', async () => {
    expect(await sqlState(session.rolledBack((c) => c.query('delete from legal.audit_log')))).toBe('LG005');
  });
});

describe('tamper evidence', () => {
  it('an untouched log verifies clean', async () => {
    for (const tenant of [TENANT_A, TENANT_B]) {
      const result = await verifyChain(session.client, tenant);
      expect(result?.problem).toBeNull();
      expect(result?.checked).toBeGreaterThan(30);
    }
  });

  it('a row edited with the triggers disabled is caught at exactly that row', async () => {
    await session.rolledBack(async (client) => {
      await client.query('set local session_replication_role = replica');
      const edited = await client.query(
        "update legal.audit_log set reason = 'nothing to see' where tenant_id = $1 and seq = 17",
        [TENANT_A],
      );
      expect(edited.rowCount).toBe(1);
      expect(await verifyChain(client, TENANT_A)).toEqual({
        checked: 16,
        broken_seq: 17,
        problem: 'the row does not match its hash (it was changed)',
      });
      expect((await verifyChain(client, TENANT_B))?.problem).toBeNull();
    });
  });

  it('a re-hashed edit is caught at the next link; a deleted row and a cut tail are caught too', async () => {
    await session.rolledBack(async (client) => {
      await client.query('set local session_replication_role = replica');
      await client.query(
        `update legal.audit_log a set reason = 'rewritten', hash = sha256(a.prev_hash || legal.audit_canonical((a.tenant_id, a.seq, a.occurred_at, a.txid, a.actor_id, a.db_role, a.action, a.table_name, a.record_id, a.case_id, a.document_id, a.request_id, a.ip, a.user_agent, 'rewritten', a.row_data, a.changes, a.details, a.prev_hash, a.hash, a.actor_role)::legal.audit_log))
          where tenant_id = $1 and seq = 5`,
        [TENANT_A],
      );
      expect(await verifyChain(client, TENANT_A)).toMatchObject({
        broken_seq: 6,
        problem: "prev_hash does not match the previous row's hash",
      });
    });
    await session.rolledBack(async (client) => {
      await client.query('set local session_replication_role = replica');
      await client.query('delete from legal.audit_log where tenant_id = $1 and seq = 9', [TENANT_A]);
      expect(await verifyChain(client, TENANT_A)).toMatchObject({ broken_seq: 10, problem: 'rows 9 to 9 are missing' });
    });
    await session.rolledBack(async (client) => {
      await client.query('set local session_replication_role = replica');
      await client.query(
        'delete from legal.audit_log where tenant_id = $1 and seq = (select max(seq) from legal.audit_log where tenant_id = $1)',
        [TENANT_A],
      );
      expect((await verifyChain(client, TENANT_A))?.problem).toMatch(
        /^the chain head is at seq \d+: rows after \d+ are missing$/,
      );
    });
  });

  it('legal_app verifies its own chain', async () => {
    await session.as('legal_app', { tenantId: TENANT_A }, async (client) => {
      expect((await verifyChain(client, TENANT_A))?.problem).toBeNull();
    });
  });
});

describe('concurrency', () => {
  it('100 concurrent writers in one tenant leave one unbroken chain', async () => {
    const [before] = await query<{ n: number }>(
      db.url,
      'select count(*)::int as n from legal.audit_log where tenant_id = $1',
      [TENANT_A],
    );
    const caseId = (
      await query<{ id: string }>(db.url, 'select id from legal.cases where tenant_id = $1 limit 1', [TENANT_A])
    )[0]?.id;
    const clients = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        return client;
      }),
    );
    try {
      await Promise.all(
        clients.map(async (client, i) => {
          await client.query('begin');
          await client.query('set local role legal_app');
          await openUnit(client, { tenantId: TENANT_A, userId: firmA.lawyerId, url: db.url });
          await client.query(
            `insert into legal.case_activities (case_id, user_id, activity_type, body) values ($1, $3, 'commented', $2)`,
            [caseId, `writer ${i}`, firmA.lawyerId],
          );
          await client.query('commit');
        }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    const [after] = await query<{ n: number; seqs: number; max: number }>(
      db.url,
      'select count(*)::int as n, count(distinct seq)::int as seqs, max(seq)::int as max from legal.audit_log where tenant_id = $1',
      [TENANT_A],
    );
    expect(after?.n).toBe((before?.n ?? 0) + 100);
    expect(after?.seqs).toBe(after?.n);
    expect(after?.max).toBe(after?.n);
    const result = await verifyChain(session.client, TENANT_A);
    expect(result).toEqual({ checked: after?.n, broken_seq: null, problem: null });
  });
});

describe('secrets', () => {
  it('no password hash, token hash or encrypted value written by a test appears anywhere in audit_log', async () => {
    const secrets = {
      passwordHash: '$2b$12$PLAINTEXTHASHxDoNotAudit.abcdefghijklmnopqrstuvwxy',
      newPasswordHash: '$2b$12$SECONDHASHxDoNotAuditEither.abcdefghijklmnopqrstu',
      tokenHash: 'feedface'.repeat(8),
      resetHash: 'c0ffee00'.repeat(8),
      encrypted: 'cafebabe0badf00d',
      blindIndex: 'b1d1de70'.repeat(8),
      body: 'deadbeef0ddba11a',
    };
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('begin');
      // as the system role: secrets (reset tokens) the application role may not even write
      await client.query(`select set_config('legal.tenant_id', $1, true), set_config('legal.user_id', $2, true)`, [
        TENANT_A,
        firmA.lawyerId,
      ]);
      await client.query('set local role legal_system');
      const { rows } = await client.query<{ id: string }>(
        "insert into legal.users (email, password_hash, full_name) values ('secret@a.example', $1, 'Sec Ret') returning id",
        [secrets.passwordHash],
      );
      const userId = rows[0]?.id;
      await client.query('update legal.users set password_hash = $2 where id = $1', [userId, secrets.newPasswordHash]);
      await client.query(
        "insert into legal.user_sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 hour')",
        [userId, secrets.tokenHash],
      );
      await client.query(
        "insert into legal.access_tokens (user_id, name, token_hash, token_prefix) values ($1, 'cli', $2, 'lgl_sec1')",
        [userId, secrets.tokenHash],
      );
      await client.query('insert into legal.password_reset_tokens (user_id, token_hash) values ($1, $2)', [
        userId,
        secrets.resetHash,
      ]);
      await client.query(
        "insert into legal.clients (name, national_id_encrypted, national_id_bidx, encryption_key_id) values ('Enc Client', decode($1, 'hex'), $2, 'k1')",
        [secrets.encrypted, secrets.blindIndex],
      );
      await client.query(
        "insert into legal.communications (kind, direction, body_encrypted, encryption_key_id) values ('email', 'inbound', decode($1, 'hex'), 'k1')",
        [secrets.body],
      );
      await client.query(
        "update legal.clients set national_id_encrypted = decode($1 || '00', 'hex') where name = 'Enc Client'",
        [secrets.encrypted],
      );
      await client.query('delete from legal.user_sessions where user_id = $1', [userId]);
      await client.query('delete from legal.access_tokens where user_id = $1', [userId]);
      await client.query('delete from legal.password_reset_tokens where user_id = $1', [userId]);
      await client.query('delete from legal.users where id = $1', [userId]);
      await client.query('commit');
    } finally {
      await client.end();
    }
    for (const [what, secret] of Object.entries(secrets)) {
      const [found] = await query<{ n: number }>(
        db.url,
        'select count(*)::int as n from legal.audit_log a where strpos(a::text, $1) > 0',
        [secret],
      );
      expect(found?.n, what).toBe(0);
    }
    const [redacted] = await query<{ n: number }>(
      db.url,
      `select count(*)::int as n from legal.audit_log a where tenant_id = $1
          and table_name in ('users', 'user_sessions', 'access_tokens', 'password_reset_tokens', 'clients') and a::text like '%[redacted]%'`,
      [TENANT_A],
    );
    expect(redacted?.n).toBeGreaterThanOrEqual(10);
  });
});
