import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { cli, cliJson } from './support/cli.js';
import { legalDatabase, seedFirm, TENANT_A } from './support/legal-database.js';

const db = await legalDatabase();
await seedFirm(db.url, TENANT_A, 'kept');
const documentId = (
  await query<{ id: string }>(db.url, 'select id::text from legal.documents where tenant_id = $1 and not is_derived', [
    TENANT_A,
  ])
)[0]?.id;
const partitionFor = async (monthsFromNow: number) =>
  (
    await query<{ p: string }>(
      db.url,
      `select legal.audit_partition_name((date_trunc('month', now()) + make_interval(months => $1))::date) as p`,
      [monthsFromNow],
    )
  )[0]?.p as string;
const exists = async (name: string) =>
  (await query<{ r: string | null }>(db.url, 'select to_regclass($1)::text as r', [`legal.${name}`]))[0]?.r !== null;

describe('legal-schema audit verify (the built bin)', () => {
  it('reports every chain intact, in human form and as JSON', async () => {
    const human = await cli(['audit', 'verify', '--url', db.url]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^intact +${TENANT_A}: \\d+ rows$`, 'm'));
    const json = await cliJson<{ chains: { tenant: string; problem: null }[] }>([
      'audit',
      'verify',
      '--tenant',
      TENANT_A,
      '--url',
      db.url,
    ]);
    expect(json.code).toBe(0);
    expect(json.doc.chains).toEqual([expect.objectContaining({ tenant: TENANT_A, problem: null, brokenSeq: null })]);
  });

  it('exits 5 naming the row a superuser edited with the triggers off', async () => {
    await query(
      db.url,
      `begin; set local session_replication_role = replica;
       update legal.audit_log set reason = 'nothing happened here' where tenant_id = '${TENANT_A}' and seq = 3; commit;`,
    );
    try {
      const run = await cli(['audit', 'verify', '--tenant', TENANT_A, '--url', db.url]);
      expect(run.code).toBe(5);
      expect(run.stdout).toContain(
        `broken   ${TENANT_A} at seq 3: the row does not match its hash (it was changed) (2 rows verified before it)`,
      );
    } finally {
      // put the row back as it was written (the fixture's writes carry no reason)
      await query(
        db.url,
        `begin; set local session_replication_role = replica;
         update legal.audit_log set reason = null where tenant_id = '${TENANT_A}' and seq = 3; commit;`,
      );
    }
    expect((await cli(['audit', 'verify', '--tenant', TENANT_A, '--url', db.url])).code).toBe(0);
  });

  it('refuses a tenant that is not a UUID (exit 2)', async () => {
    const run = await cli(['audit', 'verify', '--tenant', "x' or 1=1 --", '--url', db.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tenant must be a UUID');
  });
});

describe('legal-schema maintenance (the built bin)', () => {
  it("creates next month's partition when it is missing", async () => {
    const next = await partitionFor(1);
    await query(db.url, `drop table legal.${next}`);
    expect(await exists(next)).toBe(false);
    const run = await cliJson<{ created: string[] }>(['maintenance', '--url', db.url]);
    expect(run.code).toBe(0);
    expect(run.doc.created).toContain(next);
    expect(await exists(next)).toBe(true);
  });

  it('retention refuses while a legal hold covers an expired month, and drops it once the hold is lifted', async () => {
    const old = await partitionFor(-14);
    await query(
      db.url,
      `create table legal.${old} partition of legal.audit_log
         for values from (date_trunc('month', now()) - interval '14 months') to (date_trunc('month', now()) - interval '13 months');
       alter table legal.${old} owner to legal_owner;
       insert into legal.audit_log (tenant_id, seq, occurred_at, txid, db_role, action, table_name, record_id, document_id, prev_hash, hash)
       values ('${TENANT_A}', 1000000000, date_trunc('month', now()) - interval '14 months' + interval '3 days', 1, 'legal_app', 'download',
               'documents', '${documentId}', '${documentId}', '\\x00', '\\x01');
       update legal.documents set legal_hold = true, legal_hold_reason = 'Smith v. Jones litigation' where id = '${documentId}';`,
    );

    const refused = await cli(['maintenance', '--retention-months', '12', '--url', db.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `cannot drop audit partition ${old}: it holds rows of records under legal hold: document ${documentId} (Smith v. Jones litigation)`,
    );
    expect(await exists(old)).toBe(true);

    await query(
      db.url,
      `update legal.documents set legal_hold = false, legal_hold_reason = null where id = '${documentId}'`,
    );
    const dropped = await cliJson<{ dropped: string[] }>(['maintenance', '--retention-months', '12', '--url', db.url]);
    expect(dropped.code).toBe(0);
    expect(dropped.doc.dropped).toEqual([old]);
    expect(await exists(old)).toBe(false);
    expect(
      await query(db.url, 'select seq::int, partition from legal.audit_chain_anchors where tenant_id = $1', [TENANT_A]),
    ).toEqual([{ seq: 1000000000, partition: old }]);
  });
});
