/**
 * @legal/data as an app calls it — repository methods through withTenant — against raw pg
 * doing the same work in the same run (run: `pnpm bench`):
 *  (a) `t.cases.list({ limit: 50 })` vs raw pg selecting the same columns of the same 51 rows
 *      with an explicit tenant_id filter, no RLS, one query;
 *  (b) `t.cases.get(id)` vs raw pg, one query;
 *  (c) the same 50-row list on one connection, both prepared: under the access rules (as
 *      legal_app, in a unit's signed context) vs an explicit tenant filter without RLS (as
 *      the superuser);
 *  (d) the access rules (roles, matters, walls, grants) vs a tenant-only policy, on the same
 *      list and on a full-text search, each through withTenant on a database of its own;
 *  (e) a one-statement unit over a loopback proxy that holds every packet for 5 ms (each
 *      round trip costs 10 ms) vs raw pg through the same proxy.
 * Prints a table and writes bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { contextSigner, createLegalDb } from '@legal/data';
import { createMigrator, readContextKey } from '@legal/schema';
import { createTestDatabase, openUnit, query, startPostgres } from '@legal/testing';
import pg from 'pg';

const ITERATIONS = 300;
const PROXY_ITERATIONS = 60;
const TENANTS = 10;
const CASES_PER_TENANT = 2000;

await using server = await startPostgres();
await using database = await createTestDatabase(server, { prefix: 'legal_bench' });
await createMigrator({ connectionString: database.url }).up();
console.log(
  `PostgreSQL ${server.version} (${server.provider}); ${TENANTS} firms × ${CASES_PER_TENANT} cases; ${ITERATIONS} iterations each`,
);

const tenants: { tenantId: string; userId: string }[] = [];
for (let i = 0; i < TENANTS; i++) {
  const [t] = await query<{ id: string }>(
    database.url,
    `insert into legal.tenants (slug, name) values ($1, $2) returning id`,
    [`bench-${i}`, `Bench ${i}`],
  );
  const [u] = await query<{ id: string }>(
    database.url,
    `insert into legal.users (tenant_id, email, password_hash, full_name) values ($1, $2, 'x', 'Bench Lawyer') returning id`,
    [t?.id, `lawyer@bench-${i}.example`],
  );
  await query(
    database.url,
    `insert into legal.cases (tenant_id, owner_id, title, description, created_at)
     select $1, $2, 'Bench case ' || g, case when g % 40 = 0 then 'a dispute about the indemnification clause' else 'routine matter' end,
            now() - make_interval(secs => g) from generate_series(1, $3) g`,
    [t?.id, u?.id, CASES_PER_TENANT],
  );
  tenants.push({ tenantId: t?.id as string, userId: u?.id as string });
}
await query(database.url, 'vacuum analyze');
const contextKey = await readContextKey(database.url);
// a clone whose cases carry a tenant-only policy: what the access rules are compared with
await using tenantOnly = await createTestDatabase(server, { prefix: 'legal_bench_tenant_only' });
await query(server.url, `drop database ${tenantOnly.name}`);
await query(server.url, `create database ${tenantOnly.name} template ${database.name}`);
await query(tenantOnly.url, "select legal.set_access_policies('legal.cases', 'true', 'true', 'true', 'true'); analyze");

const me = tenants[3] as { tenantId: string; userId: string };
const oneCase = (
  await query<{ id: string }>(database.url, 'select id from legal.cases where tenant_id = $1 limit 1', [me.tenantId])
)[0]?.id as string;

const db = createLegalDb({ connectionString: database.url, contextKey, maxConnections: 1 });
const dbTenantOnly = createLegalDb({ connectionString: tenantOnly.url, contextKey, maxConnections: 1 });
const raw = new pg.Pool({ connectionString: database.url, max: 1 });
// the repository's columns and order, as raw SQL with an explicit tenant filter
const COLUMNS = `id, tenant_id, owner_id, created_by, assigned_to, client_id, title, description, client_name, matter_number,
  case_type, status, priority, court, case_number, incident_date, filing_date, discovery_deadline, trial_date,
  statute_of_limitations, case_value, folder_path, storage_prefix, total_size_bytes, file_count, is_pinned, tags,
  custom_fields, created_at, updated_at, last_accessed, closed_at, legal_hold, legal_hold_reason, legal_hold_set_at,
  legal_hold_set_by`;
const LIST_SQL = `select ${COLUMNS}, created_at::text as sort_key from legal.cases where tenant_id = $1 order by created_at desc, id desc limit 51`;
const GET_SQL = `select ${COLUMNS} from legal.cases where tenant_id = $1 and id = $2`;

const sdkList = () => db.withTenant(me, (t) => t.cases.list({ limit: 50 }));
const rawList = () => raw.query(LIST_SQL, [me.tenantId]);
const sdkGet = () => db.withTenant(me, (t) => t.cases.get(oneCase));
const rawGet = () => raw.query(GET_SQL, [me.tenantId, oneCase]);

// (b0) what a unit costs the server, without the SDK: raw pg sending withTenant's statements
// (BEGIN, the role, legal.enter_unit with a signed ticket, the same SELECT, COMMIT) as one
// multi-statement string: one round trip, nothing prepared
const signer = contextSigner(contextKey);
const [{ grants } = { grants: null }] = await query<{ grants: unknown }>(
  database.url,
  'select legal.unit_grants($1, $2, null) as grants',
  [me.tenantId, me.userId],
);
const rawUnit = new pg.Pool({ connectionString: database.url, max: 1 });
const rawUnitGet = () =>
  rawUnit.query(
    `BEGIN; SET LOCAL ROLE legal_app; select legal.enter_unit(${pg.escapeLiteral(
      signer.ticket({ t: me.tenantId, u: me.userId, s: null, g: grants, at: Date.now() }),
    )}); ${GET_SQL.replace('$1', `'${me.tenantId}'`).replace('$2', `'${oneCase}'`)}; COMMIT`,
  );

// (c): the same list under the policy, as legal_app in a signed context, vs an explicit filter without RLS
const app = new pg.Client({ connectionString: database.url });
await app.connect();
await app.query('begin');
await app.query('set local role legal_app');
await openUnit(app, { tenantId: me.tenantId, userId: me.userId, contextKey });
const RLS_LIST = `select ${COLUMNS} from legal.cases order by created_at desc, id desc limit 51`;
// both sides prepared (named): what is compared is the policy's cost when the query runs, not
// the planning of an unnamed statement (the SDK prepares its statements too)
const rlsOnly = () => app.query({ name: 'rls_list', text: RLS_LIST });
const su = new pg.Client({ connectionString: database.url });
await su.connect();
const explicit = () => su.query({ name: 'explicit_list', text: LIST_SQL, values: [me.tenantId] });

// (d): access rules vs a tenant-only policy, as an app calls them
const rulesList = sdkList;
const tenantOnlyList = () => dbTenantOnly.withTenant(me, (t) => t.cases.list({ limit: 50 }));
const rulesSearch = () => db.withTenant(me, (t) => t.cases.search('indemnification', { limit: 20 }));
const tenantOnlySearch = () => dbTenantOnly.withTenant(me, (t) => t.cases.search('indemnification', { limit: 20 }));

// (e): a loopback proxy that holds every chunk for 5 ms in each direction
const DELAY_MS = 5;
const proxy = net.createServer((down) => {
  const target = new URL(database.url);
  const up = net.connect(Number(target.port), target.hostname);
  for (const s of [down, up]) s.on('error', () => {});
  down.on('data', (chunk) => setTimeout(() => up.destroyed || up.write(chunk), DELAY_MS));
  up.on('data', (chunk) => setTimeout(() => down.destroyed || down.write(chunk), DELAY_MS));
  down.on('close', () => up.destroy());
  up.on('close', () => down.destroy());
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const viaProxy = (() => {
  const u = new URL(database.url);
  u.hostname = '127.0.0.1';
  u.port = String((proxy.address() as net.AddressInfo).port);
  return u.toString();
})();
const dbSlow = createLegalDb({ connectionString: viaProxy, contextKey, maxConnections: 2 });
const rawSlow = new pg.Pool({ connectionString: viaProxy, max: 1 });
const slowSdkGet = () => dbSlow.withTenant(me, (t) => t.cases.get(oneCase));
const slowRawGet = () => rawSlow.query(GET_SQL, [me.tenantId, oneCase]);

async function measure(fn: () => Promise<unknown>, iterations: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

interface Result {
  name: string;
  sdk_median_ms: number;
  raw_median_ms: number;
  ratio: number;
  sdk_p95_ms: number;
  raw_p95_ms: number;
  aim: number | undefined;
}
const results: Result[] = [];
/** Interleaved rounds of both sides after a warm-up: the same server, the same moment. */
async function compare(
  name: string,
  aim: number | undefined,
  sdk: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  iterations = ITERATIONS,
) {
  await measure(sdk, Math.min(50, iterations));
  await measure(baseline, Math.min(50, iterations));
  const s: number[] = [];
  const r: number[] = [];
  for (let round = 0; round < 3; round++) {
    r.push(...(await measure(baseline, iterations)));
    s.push(...(await measure(sdk, iterations)));
  }
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  results.push({
    name,
    sdk_median_ms: round3(quantile(s, 0.5)),
    raw_median_ms: round3(quantile(r, 0.5)),
    ratio: round3(quantile(s, 0.5) / quantile(r, 0.5)),
    sdk_p95_ms: round3(quantile(s, 0.95)),
    raw_p95_ms: round3(quantile(r, 0.95)),
    aim,
  });
}

await compare('(a) t.cases.list({ limit: 50 }) vs raw pg (explicit tenant filter, no RLS)', 1.3, sdkList, rawList);
await compare('(b) t.cases.get(id) vs raw pg', 1.5, sdkGet, rawGet);
await compare(
  '(b0) the same unit sent by raw pg in one string (role, signed context, SELECT) vs raw pg',
  undefined,
  rawUnitGet,
  rawGet,
);
await compare('(c) one connection: the access rules (RLS) vs an explicit filter without RLS', 1.1, rlsOnly, explicit);
await compare('(d1) 50-row list: the access rules vs a tenant-only policy', 1.1, rulesList, tenantOnlyList);
await compare('(d2) search: the access rules vs a tenant-only policy', 1.1, rulesSearch, tenantOnlySearch);
await compare(
  `(e) one-statement unit (t.cases.get) over a proxy adding ${DELAY_MS} ms each way vs raw pg through it`,
  1.1,
  slowSdkGet,
  slowRawGet,
  PROXY_ITERATIONS,
);
await app.query('rollback');
await Promise.all([
  app.end(),
  su.end(),
  raw.end(),
  rawUnit.end(),
  rawSlow.end(),
  db.close(),
  dbTenantOnly.close(),
  dbSlow.close(),
]);
proxy.close();

console.table(
  results.map((r) => ({
    benchmark: r.name,
    'sdk median ms': r.sdk_median_ms,
    'raw median ms': r.raw_median_ms,
    ratio: `${r.ratio.toFixed(2)}x`,
    aim: r.aim === undefined ? '' : `≤ ${r.aim}x`,
    met: r.aim === undefined ? '' : r.ratio <= r.aim ? 'yes' : 'NO',
    'sdk p95 ms': r.sdk_p95_ms,
    'raw p95 ms': r.raw_p95_ms,
  })),
);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/latest.json', import.meta.url),
  `${JSON.stringify({ server: server.version, iterations: ITERATIONS * 3, results }, null, 2)}\n`,
);
console.log('wrote bench/results/latest.json');
