/**
 * Audit overhead: insert throughput into legal.case_activities with its audit trigger,
 * against the same table with only that trigger disabled — same server, same run, the
 * same raw pg client and statements, as legal_app inside a tenant context (as withTenant
 * runs them). The same for legal.case_parties rows of a client, whose personal fields the
 * audit trail seals under the client's key (0033: one AES-256-CBC encryption per personal
 * value). Prints rows per second and the ratio, and writes bench/results/audit.json. Run: `pnpm bench`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createMigrator, readContextKey } from '@legal/schema';
import { createTestDatabase, openUnit, query, startPostgres } from '@legal/testing';
import pg from 'pg';

const TENANT = '0a0a0a0a-0000-4000-8000-0000000000be';
const USER = '0a0a0a0a-0000-4000-8000-0000000000ef';
const ROUNDS = 5;
const SINGLE = { transactions: 40, rowsPerTransaction: 50 }; // 2,000 single-row INSERTs per measurement
const BULK = { statements: 10, rowsPerStatement: 500 }; // 5,000 rows in multi-row INSERT ... SELECT

await using server = await startPostgres();
await using db = await createTestDatabase(server, {
  template: {
    name: 'legal_bench_tpl',
    build: async (url) => void (await createMigrator({ connectionString: url }).up()),
  },
});
console.log(`PostgreSQL ${server.version} (${server.provider})`);

const { caseId, clientId } = await seed();
const contextKey = await readContextKey(db.url);
const client = new pg.Client({ connectionString: db.url });
await client.connect();
client.on('error', () => {});

async function setAudit(enabled: boolean, table = 'case_activities'): Promise<void> {
  const verb = enabled ? 'enable' : 'disable';
  await query(
    db.url,
    ['insert', 'update', 'delete']
      .map((op) => `alter table legal.${table} ${verb} trigger ${table}_audit_${op}`)
      .join('; '),
  );
}

async function inTenant(fn: () => Promise<void>): Promise<void> {
  await client.query('begin; set local role legal_app');
  await openUnit(client, { tenantId: TENANT, userId: USER, contextKey, ip: '198.51.100.7', requestId: 'bench' });
  await fn();
  await client.query('commit');
}

/** Rows per second of one measurement. */
async function singleRows(): Promise<number> {
  const started = performance.now();
  for (let t = 0; t < SINGLE.transactions; t++) {
    await inTenant(async () => {
      for (let i = 0; i < SINGLE.rowsPerTransaction; i++) {
        await client.query(
          `insert into legal.case_activities (case_id, user_id, activity_type, body) values ($1, $2, 'commented', $3)`,
          [caseId, USER, `note ${i}`],
        );
      }
    });
  }
  return (SINGLE.transactions * SINGLE.rowsPerTransaction) / ((performance.now() - started) / 1000);
}

async function bulkRows(): Promise<number> {
  const started = performance.now();
  await inTenant(async () => {
    for (let s = 0; s < BULK.statements; s++) {
      await client.query(
        `insert into legal.case_activities (case_id, user_id, activity_type, body)
         select $1, $2, 'commented', 'bulk note ' || g from generate_series(1, $3) g`,
        [caseId, USER, BULK.rowsPerStatement],
      );
    }
  });
  return (BULK.statements * BULK.rowsPerStatement) / ((performance.now() - started) / 1000);
}

/** case_parties rows of the case's client: name, email and phone sealed in the audit row. */
async function personalSingleRows(): Promise<number> {
  const started = performance.now();
  for (let t = 0; t < SINGLE.transactions; t++) {
    await inTenant(async () => {
      for (let i = 0; i < SINGLE.rowsPerTransaction; i++) {
        await client.query(
          `insert into legal.case_parties (case_id, party_role, client_id, name, email, phone)
           values ($1, 'client', $2, $3, 'jo.bench@example.org', '+1 555 0100')`,
          [caseId, clientId, `Jo Bench ${i}`],
        );
      }
    });
  }
  return (SINGLE.transactions * SINGLE.rowsPerTransaction) / ((performance.now() - started) / 1000);
}

async function personalBulkRows(): Promise<number> {
  const started = performance.now();
  await inTenant(async () => {
    for (let s = 0; s < BULK.statements; s++) {
      await client.query(
        `insert into legal.case_parties (case_id, party_role, client_id, name, email, phone)
         select $1, 'client', $2, 'Jo Bench ' || g, 'jo.bench@example.org', '+1 555 0100' from generate_series(1, $3) g`,
        [caseId, clientId, BULK.rowsPerStatement],
      );
    }
  });
  return (BULK.statements * BULK.rowsPerStatement) / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const results: {
  name: string;
  unaudited_rows_per_s: number;
  audited_rows_per_s: number;
  ratio: number;
  aim: number;
}[] = [];

async function compare(
  label: string,
  aim: number,
  measure: () => Promise<number>,
  table = 'case_activities',
): Promise<void> {
  const audited: number[] = [];
  const plain: number[] = [];
  await measure(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    await setAudit(false, table);
    plain.push(await measure());
    await setAudit(true, table);
    audited.push(await measure());
  }
  const a = median(audited);
  const p = median(plain);
  console.log(
    `${label.padEnd(36)} unaudited ${Math.round(p).toString().padStart(7)} rows/s   audited ${Math.round(a).toString().padStart(7)} rows/s   ratio ${(p / a).toFixed(2)}x (aim ≤ ${aim}x: ${p / a <= aim ? 'met' : 'NOT met'})`,
  );
  results.push({
    name: label,
    unaudited_rows_per_s: Math.round(p),
    audited_rows_per_s: Math.round(a),
    ratio: Math.round((p / a) * 100) / 100,
    aim,
  });
}

console.log(`median of ${ROUNDS} interleaved rounds; ratio = unaudited / audited throughput`);
await compare('single-row INSERTs (50 per tx)', 1.3, singleRows);
await compare('INSERT ... SELECT (500 rows per stmt)', 1.5, bulkRows);
await compare('sealed: single-row INSERTs (50 per tx)', 1.5, personalSingleRows, 'case_parties');
await compare('sealed: INSERT ... SELECT (500 rows)', 2.5, personalBulkRows, 'case_parties');
await setAudit(true);
await setAudit(true, 'case_parties');
await client.end();
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/audit.json', import.meta.url),
  `${JSON.stringify({ server: server.version, rounds: ROUNDS, results }, null, 2)}\n`,
);
console.log('wrote bench/results/audit.json');

async function seed(): Promise<{ caseId: string; clientId: string }> {
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  try {
    await admin.query(`insert into legal.tenants (id, slug, name) values ($1, 'bench', 'Bench LLP')`, [TENANT]);
    await admin.query(`select set_config('legal.tenant_id', $1, false)`, [TENANT]);
    await admin.query(
      `insert into legal.users (id, email, password_hash, full_name) values ($1, 'bench@bench.example', 'x', 'Bench User')`,
      [USER],
    );
    const { rows: clients } = await admin.query<{ id: string }>(
      `insert into legal.clients (name) values ('Jo Bench') returning id`,
    );
    const clientId = clients[0]?.id;
    const { rows } = await admin.query<{ id: string }>(
      `insert into legal.cases (owner_id, title, client_id) values ($1, 'Benchmark v. Baseline', $2) returning id`,
      [USER, clientId],
    );
    const id = rows[0]?.id;
    if (!id || !clientId) throw new Error('seed failed');
    return { caseId: id, clientId };
  } finally {
    await admin.end();
  }
}
