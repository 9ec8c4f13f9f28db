/**
 * @legal/data against raw pg, same server, same run (run: `pnpm bench`):
 *  (a) a 50-row case list through withTenant vs raw pg running the same SQL with an explicit
 *      tenant_id filter and no RLS (a superuser connection, one query);
 *  (b) one case by id, the same two ways (withTenant sends setup, query and COMMIT: 3 round trips);
 *  (c) on one legal_app connection with the context set: the RLS policy alone vs an explicit filter;
 *  (d) (a) again against raw pg in withTenant's own shape (setup, query, COMMIT), which isolates
 *      the SDK's code from the two extra round trips every transaction pays.
 * Prints a table and writes bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createLegalDb } from '@legal/data';
import { createMigrator, readContextKey } from '@legal/schema';
import { createTestDatabase, query, startPostgres } from '@legal/testing';
import pg from 'pg';

const ITERATIONS = 300;
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
    `insert into legal.cases (tenant_id, owner_id, title, created_at)
     select $1, $2, 'Bench case ' || g, now() - make_interval(secs => g) from generate_series(1, $3) g`,
    [t?.id, u?.id, CASES_PER_TENANT],
  );
  tenants.push({ tenantId: t?.id as string, userId: u?.id as string });
}
await query(database.url, 'analyze');
const me = tenants[3] as { tenantId: string; userId: string };
const oneCase = (
  await query<{ id: string }>(database.url, 'select id from legal.cases where tenant_id = $1 limit 1', [me.tenantId])
)[0]?.id as string;

const db = createLegalDb({
  connectionString: database.url,
  contextKey: await readContextKey(database.url),
  maxConnections: 1,
});
const raw = new pg.Pool({ connectionString: database.url, max: 1 });
const LIST_SQL = `select id, title, status, created_at from legal.cases where tenant_id = $1 order by created_at desc, id desc limit 50`;
const GET_SQL = `select id, title, status, created_at from legal.cases where tenant_id = $1 and id = $2`;

const sdkList = () =>
  db.withTenant(me, (t) =>
    t.db
      .selectFrom('cases')
      .select(['id', 'title', 'status', 'createdAt'])
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute(),
  );
const rawList = () => raw.query(LIST_SQL, [me.tenantId]);
const sdkGet = () =>
  db.withTenant(me, (t) =>
    t.db.selectFrom('cases').select(['id', 'title', 'status', 'createdAt']).where('id', '=', oneCase).execute(),
  );
const rawGet = () => raw.query(GET_SQL, [me.tenantId, oneCase]);
// (d): raw pg with the same transaction shape as withTenant (setup in one round trip, the query,
// COMMIT), so the difference is the SDK's own code (context validation, kysely, mapping rows).
const rawSameShape = async () => {
  const client = await raw.connect();
  try {
    await client.query(
      `BEGIN; SET LOCAL ROLE legal_app; SET LOCAL statement_timeout = 30000; SET LOCAL legal.tenant_id = ${client.escapeLiteral(me.tenantId)}; SET LOCAL legal.user_id = ${client.escapeLiteral(me.userId)};`,
    );
    const result = await client.query(
      'select id, title, status, created_at from legal.cases order by created_at desc, id desc limit $1',
      [50],
    );
    await client.query('COMMIT');
    return result;
  } finally {
    client.release();
  }
};

// (c): one legal_app connection with the context set; the policy alone vs an explicit filter
// (its own client: the raw pool's one connection must stay free for (a) and (b))
const app = new pg.Client({ connectionString: database.url });
await app.connect();
await app.query('set role legal_app');
await app.query(`select set_config('legal.tenant_id', $1, false), set_config('legal.user_id', $2, false)`, [
  me.tenantId,
  me.userId,
]);
const rlsOnly = () =>
  app.query('select id, title, status, created_at from legal.cases order by created_at desc, id desc limit 50');
const explicit = () => app.query(LIST_SQL, [me.tenantId]);

async function measure(fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
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

const results: {
  name: string;
  sdk_median_ms: number;
  raw_median_ms: number;
  ratio: number;
  sdk_p95_ms: number;
  raw_p95_ms: number;
  aim: number | undefined;
}[] = [];
async function compare(
  name: string,
  aim: number | undefined,
  sdk: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
) {
  await measure(sdk);
  await measure(baseline); // warm-up
  const s: number[] = [];
  const r: number[] = [];
  for (let round = 0; round < 3; round++) {
    r.push(...(await measure(baseline)));
    s.push(...(await measure(sdk)));
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

await compare('(a) 50-row case list: withTenant vs raw pg (explicit tenant filter, no RLS)', 1.3, sdkList, rawList);
await compare('(b) one case by id: withTenant vs raw pg', 2.5, sdkGet, rawGet);
await compare('(c) same connection and role: RLS policy vs explicit filter', 1.1, rlsOnly, explicit);
await compare(
  '(d) 50-row list: withTenant vs raw pg in the same transaction shape (3 round trips)',
  undefined,
  sdkList,
  rawSameShape,
);
await app.end();
await raw.end();
await db.close();

console.table(
  results.map((r) => ({
    benchmark: r.name,
    'sdk median ms': r.sdk_median_ms,
    'raw median ms': r.raw_median_ms,
    ratio: `${r.ratio.toFixed(2)}x`,
    aim: r.aim === undefined ? '' : `≤ ${r.aim}x`,
    'sdk p95 ms': r.sdk_p95_ms,
    'raw p95 ms': r.raw_p95_ms,
  })),
);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/latest.json', import.meta.url),
  `${JSON.stringify({ server: server.version, iterations: ITERATIONS * 3, results: results.map(({ aim: _aim, ...r }) => r) }, null, 2)}\n`,
);
console.log('wrote bench/results/latest.json');
