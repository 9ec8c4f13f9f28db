/**
 * seedFirm timings (run: `pnpm --filter @legal/bench run seed`): a firm of 1,000 cases and
 * one of 100,000 cases, each on a freshly migrated database, with progress and the row counts
 * (audit rows included). Measured, never asserted.
 */
import { createMigrator } from '@legal/schema';
import { createTestDatabase, query, seedFirm, startPostgres } from '@legal/testing';

const sizes = (process.env.SEED_SIZES ?? '1000,100000').split(',').map(Number);
await using server = await startPostgres();
console.log(
  `PostgreSQL ${server.version} (${server.provider}), ${(await import('node:os')).availableParallelism()} cores`,
);
for (const cases of sizes) {
  await using database = await createTestDatabase(server, { prefix: 'legal_bench_seed' });
  await createMigrator({ connectionString: database.url }).up();
  const firm = await seedFirm(database.url, {
    seed: 42,
    cases,
    onProgress: (p) => {
      if (cases >= 10_000)
        console.log(`  ${p.phase}: ${p.done}/${p.total} cases after ${(p.elapsedMs / 1000).toFixed(1)} s`);
    },
  });
  const [audit] = await query<{ n: number }>(
    database.url,
    'select count(*)::int as n from legal.audit_log where tenant_id = $1',
    [firm.tenantId],
  );
  const rows = Object.values(firm.counts).reduce((a, b) => a + b, 0);
  console.log(
    `seedFirm ${cases} cases: ${(firm.elapsedMs / 1000).toFixed(1)} s, ${rows} rows (${Object.entries(firm.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}) + ${audit?.n} audit rows`,
  );
}
