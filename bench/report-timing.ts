/**
 * Seed 004 wants the monthly financial aggregation under 1 s. One firm with a year of work
 * (100,000 time entries, 20,000 expenses, 12,000 invoices) among 4 other firms of the same
 * size; times `t.reports.monthly` (one query, under RLS) for a month in the middle.
 * Run: `pnpm --filter @legal/bench run report`. Prints median and p95; not part of `pnpm bench`'s ratios.
 */
import { createLegalDb } from '@legal/data';
import { createMigrator, readContextKey } from '@legal/schema';
import { createTestDatabase, query, startPostgres } from '@legal/testing';

const FIRMS = 5;
const TIME = 100_000;
const EXPENSES = 20_000;
const INVOICES = 12_000;
const RUNS = 30;

await using server = await startPostgres();
await using database = await createTestDatabase(server, { prefix: 'legal_bench_report' });
await createMigrator({ connectionString: database.url }).up();
const started = performance.now();
const firms: { tenantId: string; userId: string }[] = [];
for (let f = 0; f < FIRMS; f++) {
  const [row] = await query<{ tenant_id: string; user_id: string }>(
    database.url,
    `with t as (insert into legal.tenants (slug, name) values ($1, $1) returning id),
          u as (insert into legal.users (tenant_id, email, password_hash, full_name, role)
                select id, 'admin@' || $1 || '.example', 'x', 'Admin', 'admin' from t returning tenant_id, id)
     select tenant_id, id as user_id from u`,
    [`report-${f}`],
  );
  const tenantId = row?.tenant_id as string;
  const userId = row?.user_id as string;
  firms.push({ tenantId, userId });
  await query(
    database.url,
    `insert into legal.clients (tenant_id, name) select $1, 'Client ' || g from generate_series(1, 200) g;
     insert into legal.cases (tenant_id, owner_id, title, client_id)
       select $1, $2, 'Case ' || g, (select id from legal.clients where tenant_id = $1 order by id offset (g % 200) limit 1)
         from generate_series(1, 1000) g;`
      .replaceAll('$1', `'${tenantId}'`)
      .replaceAll('$2', `'${userId}'`),
  );
  await query(
    database.url,
    `insert into legal.time_entries (tenant_id, case_id, user_id, work_date, minutes, rate, billable, description)
       select c.tenant_id, c.id, $2, date '2026-01-01' + (g % 365), 15 + g % 180, 150 + g % 300, g % 5 <> 0, 'work'
         from generate_series(1, ${TIME}) g
         join lateral (select tenant_id, id from legal.cases where tenant_id = $1 offset (g % 1000) limit 1) c on true`,
    [tenantId, userId],
  );
  await query(
    database.url,
    `insert into legal.expenses (tenant_id, case_id, user_id, incurred_on, amount, billable, description)
       select c.tenant_id, c.id, $2, date '2026-01-01' + (g % 365), 10 + g % 900, g % 3 <> 0, 'cost'
         from generate_series(1, ${EXPENSES}) g
         join lateral (select tenant_id, id from legal.cases where tenant_id = $1 offset (g % 1000) limit 1) c on true`,
    [tenantId, userId],
  );
  await query(
    database.url,
    `insert into legal.invoices (tenant_id, client_id, case_id, invoice_seq, invoice_number, status, issue_date, due_date, subtotal, total, amount_paid, paid_at)
       select c.tenant_id, c.client_id, c.id, g, 'INV-' || g, s.status, date '2026-01-01' + (g % 365), date '2026-01-31' + (g % 365),
              100 + g % 5000, 100 + g % 5000, case when s.status = 'paid' then 100 + g % 5000 else 0 end,
              case when s.status = 'paid' then date '2026-01-15' + (g % 365) end
         from generate_series(1, ${INVOICES}) g
         cross join lateral (select (array['draft', 'sent', 'paid', 'paid', 'void'])[1 + g % 5] as status) s
         join lateral (select tenant_id, id, client_id from legal.cases where tenant_id = $1 offset (g % 1000) limit 1) c on true`,
    [tenantId],
  );
}
await query(database.url, 'analyze');
console.log(
  `PostgreSQL ${server.version} (${server.provider}); ${FIRMS} firms × (${TIME} time entries, ${EXPENSES} expenses, ${INVOICES} invoices) seeded in ${Math.round(performance.now() - started)} ms`,
);

const db = createLegalDb({
  connectionString: database.url,
  contextKey: await readContextKey(database.url),
  maxConnections: 1,
});
const me = firms[2] as { tenantId: string; userId: string };
const times: number[] = [];
let report: Awaited<ReturnType<typeof monthly>> | undefined;
function monthly() {
  return db.withTenant(me, (t) => t.reports.monthly({ year: 2026, month: 6 }));
}
await monthly(); // warm-up
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  report = await monthly();
  times.push(performance.now() - t0);
}
await db.close();
times.sort((a, b) => a - b);
const q = (p: number) => (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
console.log(
  `reports.monthly (June 2026): median ${q(0.5)} ms, p95 ${q(0.95)} ms over ${RUNS} runs (aim: under 1000 ms); billed ${report?.billed}, ${report?.byLawyer.length} lawyers (summary), ${report?.byLawyer.length} lawyers`,
);
