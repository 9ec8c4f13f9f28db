/**
 * Conflict search at scale: one firm with 100,000 parties (organisations and people, every
 * tenth with a former name, 50,000 of them parties of 25,000 matters) among 4 other firms of
 * 20,000 parties each. Times `t.conflicts.search` for 300 names of the firm's parties typed
 * the way intake staff type them (another spelling, another legal suffix, lower case), and
 * raw `pg` running the same SQL function in a transaction with the same settings, in the
 * same run. The aim: p95 under 50 ms.
 *
 * Two data sets, each in a database of its own on the same server:
 * - `realistic`: people's surnames and organisations' names drawn from ~35,000 generated
 *   surnames (syllables and endings, as real surnames share "-son", "-ton", "-field") and 60
 *   first names; organisations add a trade word and a legal suffix. Names repeat about as
 *   often as in a real firm's party list.
 * - `adversarial` (a stress test, not the aim's data): organisation names from 50 words only
 *   and 144 first/last name pairs, ~230 people per pair told apart by a number: every query
 *   shares most of its trigrams with thousands of names.
 * Run: `pnpm --filter @legal/bench run conflicts` (both), or with `CONFLICT_DATA=realistic` or
 * `adversarial`. Prints p50/p95 of both paths and their ratio, per data set.
 */
import { createLegalDb } from '@legal/data';
import { createMigrator, readContextKey } from '@legal/schema';
import { createTestDatabase, openUnit, query, startPostgres } from '@legal/testing';
import pg from 'pg';

const PARTIES = 100_000;
const OTHER_FIRMS = 4;
const OTHER_PARTIES = 20_000;
const MATTERS = 25_000;
const QUERIES = 300;

const WORDS_A = [
  'Jones',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Acme',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Oscorp',
  'Wonka',
  'Gringotts',
  'Monarch',
  'Aperture',
  'Massive',
  'Dunder',
  'Bluth',
  'Pied',
  'Sterling',
  'Cooper',
  'Prestige',
  'Krusty',
  'Duff',
  'Nakatomi',
  'Weyland',
  'Zorg',
];
const WORDS_B = [
  'Logistics',
  'Holdings',
  'Foods',
  'Partners',
  'Systems',
  'Energy',
  'Media',
  'Capital',
  'Motors',
  'Pharma',
  'Estates',
  'Freight',
  'Labs',
  'Textiles',
  'Mining',
  'Airways',
  'Insurance',
  'Retail',
  'Analytics',
  'Shipping',
];
const FIRST = ['John', 'Jane', 'Maria', 'Ahmed', 'Li', 'Olga', 'Kwame', 'Sofia', 'Pierre', 'Aiko', 'Raj', 'Eva'];
const LAST = [
  'Smith',
  'Garcia',
  'Müller',
  'Okafor',
  'Nakamura',
  'Silva',
  'Novak',
  'Haddad',
  'Patel',
  'Larsen',
  'Brown',
  'Kowalski',
];
const SUFFIXES = ['Ltd', 'LLC', 'Inc', 'plc', 'GmbH', 'Corp', 'Limited', 'Co'];

const sqlArray = (words: readonly string[]) => `array[${words.map((w) => `'${w}'`).join(',')}]`;
/** ~35,000 surnames: two syllables and an ending, capitalised ("Harwood", "Kelmarson"). */
const SYLLABLES = [
  'an',
  'bel',
  'bor',
  'cal',
  'dan',
  'del',
  'den',
  'dor',
  'el',
  'fal',
  'fen',
  'gar',
  'gil',
  'har',
  'hol',
  'kar',
  'kel',
  'ken',
  'lan',
  'len',
  'lin',
  'lor',
  'mal',
  'mar',
  'mel',
  'mor',
  'nel',
  'nor',
  'os',
  'pel',
  'ran',
  'ren',
  'ros',
  'sal',
  'sel',
  'tal',
  'ten',
  'tor',
  'val',
  'ven',
  'war',
  'wil',
];
const ENDINGS = [
  'son',
  'ton',
  'ley',
  'berg',
  'field',
  'ford',
  'wood',
  'man',
  'er',
  'sen',
  'ski',
  'ez',
  'ini',
  'ov',
  'stein',
  'well',
  'by',
  'ham',
  'more',
  'wick',
];
const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Mohammed',
  'Fatima',
  'Wei',
  'Mei',
  'Hiroshi',
  'Yuki',
  'Olga',
  'Dmitri',
  'Ana',
  'Luis',
  'Sofia',
  'Mateo',
  'Aisha',
  'Kwame',
  'Amara',
  'Chidi',
  'Priya',
  'Arjun',
  'Sanjay',
  'Anjali',
  'Pierre',
  'Claire',
  'Hans',
  'Greta',
  'Lars',
  'Ingrid',
  'Marco',
  'Giulia',
  'Pavel',
  'Jana',
  'Sean',
  'Siobhan',
  'Tomasz',
  'Agnieszka',
  'Emre',
  'Elif',
  'Noah',
  'Emma',
  'Liam',
  'Olivia',
];
const surnameSql = (salt: string) =>
  `initcap((${sqlArray(SYLLABLES)})[1 + abs(hashtext('${salt}s1' || g)) % ${SYLLABLES.length}] ||
           (${sqlArray(SYLLABLES)})[1 + abs(hashtext('${salt}s2' || g)) % ${SYLLABLES.length}] ||
           (${sqlArray(ENDINGS)})[1 + abs(hashtext('${salt}s3' || g)) % ${ENDINGS.length}])`;
const partiesSql = (profile: 'realistic' | 'adversarial', count: number, salt: string) =>
  profile === 'realistic'
    ? `
  insert into legal.parties (tenant_id, kind, name)
  select $1, case when g % 3 = 0 then 'person' else 'organization' end,
         case when g % 3 = 0
              then (${sqlArray(FIRST_NAMES)})[1 + abs(hashtext('${salt}f' || g)) % ${FIRST_NAMES.length}] || ' ' || ${surnameSql(salt)}
              else ${surnameSql(salt)} || ' ' ||
                   (${sqlArray(WORDS_B)})[1 + abs(hashtext('${salt}b' || g)) % ${WORDS_B.length}] || ' ' ||
                   (${sqlArray(SUFFIXES)})[1 + g % ${SUFFIXES.length}]
         end
    from generate_series(1, ${count}) g`
    : `
  insert into legal.parties (tenant_id, kind, name)
  select $1, case when g % 3 = 0 then 'person' else 'organization' end,
         case when g % 3 = 0
              then (${sqlArray(FIRST)})[1 + abs(hashtext('${salt}f' || g)) % ${FIRST.length}] || ' ' ||
                   (${sqlArray(LAST)})[1 + abs(hashtext('${salt}l' || g)) % ${LAST.length}] || ' ' || g
              else (${sqlArray(WORDS_A)})[1 + abs(hashtext('${salt}a' || g)) % ${WORDS_A.length}] || ' ' ||
                   (${sqlArray(WORDS_B)})[1 + abs(hashtext('${salt}b' || g)) % ${WORDS_B.length}] || ' ' ||
                   (${sqlArray(WORDS_A)})[1 + abs(hashtext('${salt}c' || g)) % ${WORDS_A.length}] || ' ' ||
                   (${sqlArray(SUFFIXES)})[1 + g % ${SUFFIXES.length}]
         end
    from generate_series(1, ${count}) g`;

type Profile = 'realistic' | 'adversarial';

/** Builds one data set and times both paths on it. */
async function run(server: Awaited<ReturnType<typeof startPostgres>>, profile: Profile): Promise<void> {
  await using database = await createTestDatabase(server, { prefix: `legal_bench_conflicts_${profile.slice(0, 4)}` });
  await createMigrator({ connectionString: database.url }).up();
  const started = performance.now();

  const firm = async (slug: string) => {
    const [row] = await query<{ tenant_id: string; user_id: string }>(
      database.url,
      `with t as (insert into legal.tenants (slug, name) values ($1, $1) returning id),
            u as (insert into legal.users (tenant_id, email, password_hash, full_name, role)
                  select id, 'admin@' || $1 || '.example', 'x', 'Admin', 'admin' from t returning tenant_id, id)
       select tenant_id, id as user_id from u`,
      [slug],
    );
    return { tenantId: row?.tenant_id as string, userId: row?.user_id as string };
  };
  const main = await firm('conflicts-main');
  await query(database.url, partiesSql(profile, PARTIES, 'm'), [main.tenantId]);
  await query(
    database.url,
    `insert into legal.party_names (tenant_id, party_id, name, name_kind)
     select tenant_id, id, 'Formerly ' || split_part(name, ' ', 1) || ' Trading ' || row_number() over (order by id), 'former_name'
       from legal.parties where tenant_id = $1 and abs(hashtext(id::text)) % 10 = 0`,
    [main.tenantId],
  );
  await query(
    database.url,
    `insert into legal.cases (tenant_id, owner_id, title, matter_number)
       select $1, $2, 'Matter ' || g, 'M-' || g from generate_series(1, ${MATTERS}) g`,
    [main.tenantId, main.userId],
  );
  await query(
    database.url,
    `insert into legal.case_parties (tenant_id, case_id, party_role, party_id, name)
     select c.tenant_id, c.id, case when p.n % 2 = 0 then 'client' else 'opposing_party' end, p.id, p.name
       from (select id, tenant_id, row_number() over (order by id) as n from legal.cases where tenant_id = $1) c
       join (select id, name, row_number() over (order by id) as n from legal.parties where tenant_id = $1) p
         on p.n in (2 * c.n - 1, 2 * c.n)`,
    [main.tenantId],
  );
  for (let f = 0; f < OTHER_FIRMS; f++) {
    const other = await firm(`conflicts-other-${f}`);
    await query(database.url, partiesSql(profile, OTHER_PARTIES, `o${f}`), [other.tenantId]);
  }
  // the steady state autovacuum keeps: statistics, and the trigram indexes' pending lists
  // (GIN's fast update) merged — a search scans a pending list entry by entry
  await query(database.url, 'vacuum analyze');
  const [counts] = await query<{ parties: number; mine: number; names: number; links: number }>(
    database.url,
    `select (select count(*)::int from legal.parties) as parties,
            (select count(*)::int from legal.parties where tenant_id = $1) as mine,
            (select count(*)::int from legal.party_names where tenant_id = $1) as names,
            (select count(*)::int from legal.case_parties where tenant_id = $1) as links`,
    [main.tenantId],
  );
  console.log(
    `built in ${Math.round(performance.now() - started)} ms: ${counts?.mine} parties in the firm (${counts?.names} former names, ${counts?.links} matter parties), ${counts?.parties} in all ${OTHER_FIRMS + 1} firms`,
  );

  // What intake staff type: a party's name respelled, another suffix, other case.
  const names = await query<{ name: string; normalized: string }>(
    database.url,
    `select name, normalized_name as normalized from legal.parties where tenant_id = $1 order by hashtext(id::text) limit ${QUERIES}`,
    [main.tenantId],
  );
  const respell = (name: string, i: number): string => {
    const words = name.split(' ').filter((w) => !/^\d+$/.test(w));
    const swapped = words.map((w) =>
      SUFFIXES.includes(w) ? (SUFFIXES[(SUFFIXES.indexOf(w) + 3) % SUFFIXES.length] ?? w) : w,
    );
    const typo = swapped.map((w, j) => (j === 0 && w.length > 4 && i % 2 === 0 ? w.slice(0, 2) + w.slice(3) : w));
    return i % 3 === 0 ? typo.join(' ').toLowerCase() : typo.join(' ');
  };
  const queries = names.map((n, i) => respell(n.name, i));

  const contextKey = await readContextKey(database.url);
  const db = createLegalDb({ connectionString: database.url, contextKey });
  const raw = new pg.Pool({ connectionString: database.url, max: 1 });
  raw.on('error', () => {});
  const percentile = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
  };
  const sdkTimes: number[] = [];
  const rawTimes: number[] = [];
  let hits = 0;
  // per query of round 1: the ids of the parties it found (for the recall below)
  const found1: string[][] = [];
  // warm both paths
  await db
    .withTenant(main, (t) => t.conflicts.search(queries[0] as string))
    .catch((e: unknown) => {
      console.error('FIRST SEARCH FAILED', e);
      throw e;
    });
  for (let round = 0; round < 2; round++) {
    for (const [i, q] of queries.entries()) {
      let t0 = performance.now();
      const found = await db.withTenant(main, (t) => t.conflicts.search(q, { limit: 50 }));
      sdkTimes.push(performance.now() - t0);
      if (round === 0) {
        hits += found.length;
        found1[i] = found.map((h) => h.party.id);
      }
      // raw pg: the same function, in a transaction with the role and settings a unit has
      const client = await raw.connect();
      t0 = performance.now();
      await client.query('begin');
      // the unit's context as the SDK opens it (signed ticket, role, grants), by @legal/testing's openUnit
      await client.query('set local role legal_app');
      await openUnit(client, { ...main, contextKey });
      await client.query('select * from legal.conflict_search($1, 50)', [q]);
      await client.query('commit');
      rawTimes.push(performance.now() - t0);
      client.release();
    }
  }
  // recall: the query's party, or a party of the same normalised name (people's numbers aside:
  // the queries leave them out), is among its hits
  const [recall] = await query<{ found: number }>(
    database.url,
    `select count(*)::int as found
       from unnest($1::text[], $2::text[]) as q(normalized, hit_ids)
      where exists (select 1 from legal.parties p
                     where p.id = any (string_to_array(q.hit_ids, ',')::uuid[])
                       and regexp_replace(p.normalized_name, ' [0-9]+$', '') = regexp_replace(q.normalized, ' [0-9]+$', ''))`,
    [names.map((n) => n.normalized), found1.map((ids) => ids.join(','))],
  );
  await db.close();
  await raw.end();
  const fmt = (x: number) => x.toFixed(2);
  const sdk50 = percentile(sdkTimes, 50);
  const sdk95 = percentile(sdkTimes, 95);
  const raw50 = percentile(rawTimes, 50);
  const raw95 = percentile(rawTimes, 95);
  console.log(
    `${queries.length} queries × 2 rounds, e.g. ${queries
      .slice(0, 3)
      .map((q) => JSON.stringify(q))
      .join(', ')}`,
  );
  console.log(
    `hits per query (round 1): ${(hits / queries.length).toFixed(1)} on average; the party typed found by ${recall?.found} of ${queries.length} queries`,
  );
  console.log(`t.conflicts.search   p50 ${fmt(sdk50)} ms   p95 ${fmt(sdk95)} ms   (aim: p95 < 50 ms)`);
  console.log(`raw pg, same SQL     p50 ${fmt(raw50)} ms   p95 ${fmt(raw95)} ms`);
  console.log(`ratio SDK / raw      p50 ${(sdk50 / raw50).toFixed(2)}×   p95 ${(sdk95 / raw95).toFixed(2)}×`);
}

const profiles: Profile[] =
  process.env.CONFLICT_DATA === 'realistic' || process.env.CONFLICT_DATA === 'adversarial'
    ? [process.env.CONFLICT_DATA]
    : ['realistic', 'adversarial'];
await using server = await startPostgres();
for (const profile of profiles) {
  console.log(`\n== ${profile} data`);
  await run(server, profile);
}
