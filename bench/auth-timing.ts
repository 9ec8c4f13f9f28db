/**
 * Sign-in and password-reset timing: does the answer's latency say whether a firm, an email
 * or an account exists? Same server, same run, interleaved rounds; each path's median and
 * its difference from a real account's wrong password. Writes bench/results/auth-timing.json.
 * Run: `pnpm --filter @legal/bench run auth` (part of `pnpm bench`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { createLegalDb } from '@legal/data';
import { createMigrator, readContextKey } from '@legal/schema';
import { createTestDatabase, query, startPostgres } from '@legal/testing';
import bcrypt from 'bcryptjs';

const COST = 8; // the SDK's bcrypt cost in this run (production uses 12; the comparison scales alike)
const ROUNDS = 5;
const PER_ROUND = 20;

await using server = await startPostgres();
await using database = await createTestDatabase(server, { prefix: 'legal_bench_auth' });
await createMigrator({ connectionString: database.url }).up();
const contextKey = await readContextKey(database.url);
const db = createLegalDb({ connectionString: database.url, contextKey, passwordHashCost: COST });

const [firm] = await query<{ id: string }>(
  database.url,
  `insert into legal.tenants (slug, name) values ('timing', 'Timing LLP') returning id`,
);
const addUser = async (email: string, cost: number) =>
  query(
    database.url,
    `insert into legal.users (tenant_id, email, password_hash, full_name) values ($1, $2, $3, 'Timing User')`,
    [firm?.id, email, await bcrypt.hash('the right passphrase 1', cost)],
  );
await addUser('known@timing.example', COST);
// a firm most of whose accounts are at the SDK's cost, and a few still at an older one (they
// are rehashed at their next successful sign-in; these only ever see wrong passwords)
for (let i = 0; i < 40; i++) await addUser(`staff-${i}@timing.example`, COST);
const oldCost: string[] = [];
for (let i = 0; i < 5; i++) {
  oldCost.push(`old-${i}@timing.example`);
  await addUser(`old-${i}@timing.example`, COST + 1);
}

const attempt = (slug: string, email: string) =>
  db.auth.login({ tenantSlug: slug, email, password: 'a wrong guess 9' }).catch(() => undefined);
let oldIndex = 0;
const paths: Record<string, () => Promise<unknown>> = {
  'sign-in: a real account, wrong password': () => attempt('timing', 'known@timing.example'),
  'sign-in: an unknown email of a real firm': () => attempt('timing', `nobody-${Math.random()}@timing.example`),
  'sign-in: an unknown firm': () => attempt(`nofirm-${Math.random().toString(36).slice(2, 8)}`, 'known@timing.example'),
  'sign-in: an account hashed at an older cost, wrong password': () =>
    attempt('timing', oldCost[oldIndex++ % oldCost.length] as string),
  'reset request: a real account': () =>
    db.auth.requestPasswordReset({ tenantSlug: 'timing', email: 'known@timing.example' }),
  'reset request: an unknown email of a real firm': () =>
    db.auth.requestPasswordReset({ tenantSlug: 'timing', email: `nobody-${Math.random()}@timing.example` }),
  'reset request: an unknown firm': () =>
    db.auth.requestPasswordReset({
      tenantSlug: `nofirm-${Math.random().toString(36).slice(2, 8)}`,
      email: 'x@y.example',
    }),
};

const samples = new Map<string, number[]>(Object.keys(paths).map((k) => [k, []]));
for (const run of Object.values(paths)) await run(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(paths)) {
    for (let i = 0; i < PER_ROUND; i++) {
      // keep every account below the lockout: the counter is reset by a successful sign-in
      if (name.includes('real account, wrong') && i % 4 === 3) {
        await db.auth.login({
          tenantSlug: 'timing',
          email: 'known@timing.example',
          password: 'the right passphrase 1',
        });
      }
      const started = performance.now();
      await run();
      samples.get(name)?.push(performance.now() - started);
    }
  }
}
await db.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const baseline = {
  'sign-in': median(samples.get('sign-in: a real account, wrong password') ?? []),
  reset: median(samples.get('reset request: a real account') ?? []),
};
const results = [...samples].map(([name, xs]) => {
  const m = median(xs);
  const base = name.startsWith('sign-in') ? baseline['sign-in'] : baseline.reset;
  return { path: name, median_ms: Math.round(m * 100) / 100, difference_ms: Math.round((m - base) * 100) / 100 };
});
console.log(`bcrypt cost ${COST}; ${ROUNDS} interleaved rounds × ${PER_ROUND} attempts per path`);
console.table(
  results.map((r) => ({ path: r.path, 'median ms': r.median_ms, 'vs a real account ms': r.difference_ms })),
);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/auth-timing.json', import.meta.url),
  `${JSON.stringify({ server: server.version, cost: COST, results }, null, 2)}\n`,
);
console.log('wrote bench/results/auth-timing.json');
