/**
 * `pnpm bench:scale`: issue 16's table on 100× seed 004 — one firm of 100,000 cases and four
 * of 10,000 (seedFirm, seed 16), 40,000 document grants in the large firm — with every
 * operation through the SDK as an app calls it (row level security on, as the firm's own
 * users) and raw pg doing the same work with an explicit tenant filter (as a superuser,
 * no RLS), p50 / p95 over RUNS runs each.
 *
 * The dataset is built once (about 4 minutes on 2 cores) in a persistent server
 * (bench/scale-cluster.ts) and reused: a rerun only applies new migrations and measures.
 * `LEGAL_BENCH_REBUILD=1` builds it again.
 */
import { writeFileSync } from 'node:fs';
import { createLegalDb } from '@legal/data';
import { createMigrator, readContextKey } from '@legal/schema';
import { query, seedFirm } from '@legal/testing';
import pg from 'pg';
import { benchServerUrl } from './scale-cluster.js';

const SEED = 16;
const DATASET = `legal_scale_s${SEED}_v1`;
const RUNS = Number(process.env.LEGAL_BENCH_RUNS ?? 40);
const BIG = 'scale-big';

const serverUrl = benchServerUrl();
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${DATASET}`;
  return u.toString();
})();

// ---------------------------------------------------------------- the dataset
const [existing] = await query<{ comment: string | null }>(
  serverUrl,
  `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
  [DATASET],
);
if (existing && (existing.comment !== 'complete' || process.env.LEGAL_BENCH_REBUILD)) {
  await query(serverUrl, `drop database ${DATASET} with (force)`);
}
if (existing?.comment !== 'complete' || process.env.LEGAL_BENCH_REBUILD) {
  const started = performance.now();
  console.log(`building ${DATASET} (once; reruns reuse it) …`);
  await query(serverUrl, `create database ${DATASET}`);
  await createMigrator({ connectionString: dbUrl }).up();
  const log = (p: { phase: string; done: number; total: number; elapsedMs: number }) =>
    process.stdout.write(`\r  ${p.phase} ${p.done}/${p.total} (${Math.round(p.elapsedMs / 1000)} s)        `);
  await seedFirm(dbUrl, { seed: SEED, slug: BIG, cases: 100_000, onProgress: log });
  for (let i = 1; i <= 4; i++)
    await seedFirm(dbUrl, { seed: SEED, slug: `scale-${i}`, cases: 10_000, onProgress: log });
  // 40,000 document grants in the large firm: 20,000 to its paralegal, 20,000 to lawyers
  await query(
    dbUrl,
    `insert into legal.document_permissions (tenant_id, document_id, case_id, user_id, permission_type, granted_by)
     select d.tenant_id, d.id, d.case_id,
            case when n % 2 = 0 then (select id from legal.users where tenant_id = d.tenant_id and role = 'paralegal' order by email limit 1)
                 else (select id from legal.users where tenant_id = d.tenant_id and role = 'lawyer' order by email offset (n % 50) limit 1) end,
            'read', (select id from legal.users where tenant_id = d.tenant_id and role = 'admin' limit 1)
       from (select d.*, row_number() over (order by d.id) as n
               from legal.documents d join legal.tenants t on t.id = d.tenant_id and t.slug = '${BIG}') d
      where n <= 40000`,
  );
  await query(dbUrl, 'vacuum analyze');
  await query(serverUrl, `comment on database ${DATASET} is 'complete'`);
  console.log(`\nbuilt in ${Math.round((performance.now() - started) / 1000)} s`);
} else {
  const applied = await createMigrator({ connectionString: dbUrl }).up();
  if (applied.migrations.length > 0) {
    console.log(`applied ${applied.migrations.map((m) => m.name).join(', ')}; analyzing`);
    await query(dbUrl, 'analyze');
  }
}

// ---------------------------------------------------------------- who is who
const [firm] = await query<{ id: string }>(dbUrl, `select id from legal.tenants where slug = $1`, [BIG]);
const tenantId = firm?.id as string;
const userOf = async (role: string) =>
  (
    await query<{ id: string }>(
      dbUrl,
      `select id from legal.users where tenant_id = $1 and role = $2 order by email limit 1`,
      [tenantId, role],
    )
  )[0]?.id as string;
const admin = { tenantId, userId: await userOf('admin') };
const caseworker = { tenantId, userId: await userOf('caseworker') };
const paralegal = { tenantId, userId: await userOf('paralegal') };
const [counts] = await query<Record<string, string>>(
  dbUrl,
  `select (select count(*) from legal.cases) as cases, (select count(*) from legal.documents) as documents,
          (select count(*) from legal.time_entries) as time_entries, (select count(*) from legal.audit_log) as audit,
          (select count(*) from legal.document_permissions) as grants,
          (select count(*) from legal.cases where tenant_id = $1 and (assigned_to = $2 or owner_id = $2)) as caseworker_cases,
          (select count(*) from legal.document_permissions where tenant_id = $1 and user_id = $3) as paralegal_grants`,
  [tenantId, caseworker.userId, paralegal.userId],
);

const contextKey = await readContextKey(dbUrl);
const db = createLegalDb({ connectionString: dbUrl, contextKey, maxConnections: 1 });
const raw = new pg.Pool({ connectionString: dbUrl, max: 1 });
const rawQuery = (text: string, values: unknown[]) => raw.query(text, values);

// a month in the middle of the seeded year, and the audit range of the load
const MONTH = { year: 2026, month: 3 };
const [range] = await query<{ from: Date; to: Date }>(
  dbUrl,
  `select min(occurred_at) as from, max(occurred_at) + interval '1 microsecond' as to from legal.audit_log where tenant_id = $1`,
  [tenantId],
);
if (!range) throw new Error('the large firm has no audit trail');
const auditRange = { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };

// page 1001 by cursor: walk to it once
let cursor: string | undefined;
let lastOfPage1000: { created_at: Date; id: string } | undefined;
await db.withTenant(admin, async (t) => {
  for (let page = 1; page <= 1000; page++) {
    const p = await t.cases.list({ limit: 50, ...(cursor ? { cursor } : {}) });
    cursor = p.nextCursor;
    const last = p.items.at(-1);
    if (last) lastOfPage1000 = { created_at: new Date(last.createdAt), id: last.id };
  }
});

// ---------------------------------------------------------------- the operations
const CASE_COLUMNS = `id, tenant_id, owner_id, assigned_to, client_id, title, description, status, priority, case_type, created_at`;
const DOC_COLUMNS = `id, tenant_id, case_id, title, file_name, mime_type, created_at`;
interface Row {
  name: string;
  target: number;
  sdk: () => Promise<unknown>;
  raw: () => Promise<unknown>;
}
const rows: Row[] = [
  {
    name: 'cases.list 50, first page',
    target: 10,
    sdk: () => db.withTenant(admin, (t) => t.cases.list({ limit: 50 })),
    raw: () =>
      rawQuery(
        `select ${CASE_COLUMNS} from legal.cases where tenant_id = $1 order by created_at desc, id desc limit 51`,
        [tenantId],
      ),
  },
  {
    name: 'cases.list 50, page 1001 by cursor',
    target: 10,
    sdk: () => db.withTenant(admin, (t) => t.cases.list({ limit: 50, ...(cursor ? { cursor } : {}) })),
    raw: () =>
      rawQuery(
        `select ${CASE_COLUMNS} from legal.cases where tenant_id = $1 and (created_at, id) < ($2, $3)
          order by created_at desc, id desc limit 51`,
        [tenantId, lastOfPage1000?.created_at, lastOfPage1000?.id],
      ),
  },
  {
    name: 'cases.list 50, status filter',
    target: 10,
    sdk: () => db.withTenant(admin, (t) => t.cases.list({ limit: 50, status: ['in_progress'] })),
    raw: () =>
      rawQuery(
        `select ${CASE_COLUMNS} from legal.cases where tenant_id = $1 and status = 'in_progress' order by created_at desc, id desc limit 51`,
        [tenantId],
      ),
  },
  {
    name: 'cases.list 50 as a caseworker (assigned only)',
    target: 10,
    sdk: () => db.withTenant(caseworker, (t) => t.cases.list({ limit: 50 })),
    raw: () =>
      rawQuery(
        `select ${CASE_COLUMNS} from legal.cases where tenant_id = $1 and (assigned_to = $2 or owner_id = $2)
          order by created_at desc, id desc limit 51`,
        [tenantId, caseworker.userId],
      ),
  },
  ...(
    [
      ['common word', 'contract'],
      ['rare word', 'Northwind 45678'],
    ] as const
  ).map(([what, words]) => ({
    name: `cases.search ${what}`,
    target: 50,
    sdk: () => db.withTenant(admin, (t) => t.cases.search(words)),
    raw: () =>
      rawQuery(
        `select ${CASE_COLUMNS}, ts_rank(search_vector, q) as rank from legal.cases, websearch_to_tsquery('english', $2) q
          where tenant_id = $1 and search_vector @@ q order by rank desc limit 20`,
        [tenantId, words],
      ),
  })),
  ...(
    [
      ['common word', 'indemnify'],
      ['rare word', 'matter 45678'],
    ] as const
  ).map(([what, words]) => ({
    name: `documents.search ${what}`,
    target: 50,
    sdk: () => db.withTenant(admin, (t) => t.documents.search(words)),
    raw: () =>
      rawQuery(
        `select ${DOC_COLUMNS}, ts_rank(search_vector, q) as rank from legal.documents, websearch_to_tsquery('english', $2) q
          where tenant_id = $1 and search_vector @@ q order by rank desc limit 20`,
        [tenantId, words],
      ),
  })),
  {
    name: 'documents.search as a paralegal (40,000 grants)',
    target: 50,
    sdk: () => db.withTenant(paralegal, (t) => t.documents.search('indemnify')),
    raw: () =>
      rawQuery(
        `select ${DOC_COLUMNS}, ts_rank(d.search_vector, q) as rank
           from legal.documents d, websearch_to_tsquery('english', $3) q
          where d.tenant_id = $1 and d.search_vector @@ q
            and exists (select 1 from legal.document_permissions p
                         where p.tenant_id = $1 and p.document_id = d.id and p.user_id = $2)
          order by rank desc limit 20`,
        [tenantId, paralegal.userId, 'indemnify'],
      ),
  },
  {
    name: 'reports.monthly (summary)',
    target: 100,
    sdk: () => db.withTenant(admin, (t) => t.reports.monthly(MONTH)),
    raw: () =>
      rawQuery(
        `with b as (select $2::date as first, ($2::date + interval '1 month')::date as next)
         select (select sum(total) from legal.invoices i, b where i.tenant_id = $1 and i.issue_date >= b.first
                   and i.issue_date < b.next and i.status in ('sent', 'paid')) as billed,
                (select sum(amount_paid) from legal.invoices i, b where i.tenant_id = $1 and i.status = 'paid'
                   and i.paid_at >= b.first and i.paid_at < b.next) as collected,
                (select sum(total - amount_paid) from legal.invoices i, b where i.tenant_id = $1 and i.status = 'sent'
                   and i.issue_date < b.next) as outstanding,
                (select jsonb_agg(l) from (select user_id, sum(minutes), sum(amount) filter (where billable)
                   from legal.time_entries t, b where t.tenant_id = $1 and t.work_date >= b.first and t.work_date < b.next
                  group by user_id) l) as by_lawyer`,
        [tenantId, '2026-03-01'],
      ),
  },
  {
    name: 'reports.monthlyByCase, first 50 matters',
    target: 100,
    sdk: () => db.withTenant(admin, (t) => t.reports.monthlyByCase({ ...MONTH, limit: 50 })),
    raw: () =>
      rawQuery(
        `select case_id, sum(amount) filter (where billable) from legal.time_entries
          where tenant_id = $1 and work_date >= $2 and work_date < ($2::date + interval '1 month')
          group by case_id order by case_id limit 51`,
        [tenantId, '2026-03-01'],
      ),
  },
  {
    name: 'audit.list newest 100 in the range',
    target: 100,
    sdk: () => db.withTenant(admin, (t) => t.audit.list({ ...auditRange, limit: 100 })),
    raw: () =>
      rawQuery(
        `select * from legal.audit_log where tenant_id = $1 and occurred_at >= $2 and occurred_at < $3
          order by occurred_at desc, seq desc limit 101`,
        [tenantId, auditRange.from, auditRange.to],
      ),
  },
  {
    name: 'audit.count over the range',
    target: 100,
    sdk: () => db.withTenant(admin, (t) => t.audit.count(auditRange)),
    raw: () =>
      rawQuery(`select count(*) from legal.audit_log where tenant_id = $1 and occurred_at >= $2 and occurred_at < $3`, [
        tenantId,
        auditRange.from,
        auditRange.to,
      ]),
  },
];

async function timings(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

const [server] = await query<{ version: string }>(dbUrl, `select current_setting('server_version') as version`);
console.log(
  `\nPostgreSQL ${server?.version}; ${counts?.cases} cases, ${counts?.documents} documents, ${counts?.time_entries} time entries, ` +
    `${counts?.audit} audit rows, ${counts?.grants} document grants; the caseworker has ${counts?.caseworker_cases} cases, ` +
    `the paralegal ${counts?.paralegal_grants} grants. ${RUNS} runs each, ms.\n`,
);
const results: Record<string, unknown>[] = [];
const header = `| operation (100k-case firm) | SDK p50 / p95 | raw pg p50 / p95 | target p95 | |`;
console.log(header);
console.log('|---|---|---|---|---|');
for (const row of rows) {
  const sdk = await timings(row.sdk);
  const rawTimes = await timings(row.raw);
  const met = pct(sdk, 0.95) < row.target;
  results.push({
    name: row.name,
    sdk: { p50: pct(sdk, 0.5), p95: pct(sdk, 0.95) },
    raw: { p50: pct(rawTimes, 0.5), p95: pct(rawTimes, 0.95) },
    target: row.target,
    met,
  });
  console.log(
    `| ${row.name} | ${ms(pct(sdk, 0.5))} / ${ms(pct(sdk, 0.95))} | ${ms(pct(rawTimes, 0.5))} / ${ms(pct(rawTimes, 0.95))} | < ${row.target} | ${met ? '✔' : '✘'} |`,
  );
}
writeFileSync(
  new URL('./results/scale.json', import.meta.url),
  `${JSON.stringify({ server: server?.version, counts, runs: RUNS, results }, null, 2)}\n`,
);
await db.close();
await raw.end();
