import { randomBytes } from 'node:crypto';
import { createLegalDb, type TenantScope } from '@legal/data';
import { readContextKey } from '@legal/schema';
import pg from 'pg';
import { openUnit } from '../context/open-unit.js';
import { type Command, expected, FIRM_ACCESS_MODEL, type Reach, type TableRule } from './firm-access-model.js';

/**
 * The actors the in-firm suite creates in the firm and attacks as: a user of each default
 * role (with no membership anywhere), an administrator walled from the target matter, a
 * caseworker who is a viewer member of it, an administrator acting through an access token
 * scoped to reading cases and documents, an inactive administrator, and a user of another firm.
 */
export const FIRM_ACTOR_KINDS = [
  'default_role',
  'walled_admin',
  'viewer_member',
  'scoped_token',
  'inactive_user',
  'foreign_user',
] as const;
export type FirmActorKind = (typeof FIRM_ACTOR_KINDS)[number];

const COMMANDS: readonly Command[] = ['select', 'insert', 'update', 'delete'];
const TOKEN_SCOPES = ['cases.read_all', 'documents.read'] as const;

/** Options of {@link assertFirmAccess}. */
export interface FirmAccessOptions {
  /** The firm attacked from inside. */
  tenantId: string;
  /**
   * The target matter: a case of the firm with rows in every matter-scoped table (a table
   * where it has none is reported as uncovered). The actors are created so that each must
   * not reach it, or reach it without the permission an attack needs.
   */
  matterId: string;
  /** Schema. Default: `legal`. */
  schema?: string;
  /** Tenant tables to leave out (qualified). Default: none. */
  exclude?: readonly string[];
  /** Also attack through the repositories of `@legal/data` (a LegalDb over `url`). Default: true. */
  repositories?: boolean;
}

/** One attempt that got through where the model says it must not. */
export interface FirmAccessLeak {
  actor: string;
  table: string;
  command: Command;
  /** `sql`: raw SQL as the application role in the actor's signed context; `repository`: through `@legal/data`. */
  path: 'sql' | 'repository';
  detail: string;
}

/** What {@link assertFirmAccess} tried and found. */
export interface FirmAccessReport {
  /** The actors, as `<kind>:<role>`. */
  actors: string[];
  /** Tenant tables attacked. */
  tables: number;
  /** Attempts made (actor × table × command over SQL, plus repository probes). */
  cases: number;
  /** Attempts per path. */
  byPath: { sql: number; repository: number };
  leaks: FirmAccessLeak[];
  /** Tables the target matter (or the firm) has no row in, so they were not attacked. */
  uncovered: string[];
  /** Tenant tables the model does not describe (the suite cannot judge them). */
  unmodelled: string[];
  /** Access the model says an actor has and the database refused: the suite's own sanity checks. */
  blocked: string[];
  /** Refusals for another reason than access (a constraint, a trigger): not counted as leaks, listed here. */
  inconclusive: string[];
}

/** Thrown by {@link assertFirmAccess} on a leak, an uncovered or unmodelled table, or a failed sanity check. */
export class FirmAccessError extends Error {
  override readonly name = 'FirmAccessError';
  constructor(readonly report: FirmAccessReport) {
    const lines = [
      ...report.leaks.map((l) => `  leak: ${l.actor} ${l.command} ${l.table} (${l.path}): ${l.detail}`),
      ...report.uncovered.map((t) => `  uncovered: ${t} has no row of the target matter or firm`),
      ...report.unmodelled.map((t) => `  unmodelled: ${t} is not in FIRM_ACCESS_MODEL`),
      ...report.blocked.map((b) => `  blocked: ${b}`),
    ];
    super(`In-firm access failed (${report.cases} cases tried):\n${lines.join('\n')}`);
  }
}

interface Actor {
  name: string;
  kind: FirmActorKind;
  tenantId: string;
  userId: string;
  scopes?: readonly string[];
  permissions: ReadonlySet<string>;
  reach: Reach;
  opens: boolean;
}

interface Table {
  name: string;
  columns: string[];
  hasId: boolean;
  hasCaseId: boolean;
}

/**
 * Attacks access INSIDE a firm, the way `assertTenantIsolation` attacks it across firms.
 * Creates actors in the firm (see {@link FIRM_ACTOR_KINDS}; left in place, the inactive and
 * foreign ones as they are, the others deactivated at the end), then for each actor × every
 * tenant table × select / insert / update / delete, as `legal_app` in the actor's signed
 * context, tries the target matter's rows (or the firm's, for firm-wide tables) wherever
 * the model ({@link FIRM_ACCESS_MODEL}) says the actor must be refused: no row seen, none
 * changed, none inserted (each attempt rolled back). Then the same through the repositories
 * of `@legal/data`: reads must not return the matter's rows, writes must be refused.
 * Sanity checks confirm the actors who should reach the matter do, so the attacks are not
 * vacuous. Throws {@link FirmAccessError} on any leak; returns the report.
 *
 * `url` must be a superuser (or schema owner) connection.
 *
 * @example
 * ```ts
 * const report = await assertFirmAccess(db.url, { tenantId: firm.tenantId, matterId: someCase.id });
 * console.log(`${report.cases} in-firm attacks, ${report.leaks.length} leaks`);
 * ```
 */
export async function assertFirmAccess(url: string, options: FirmAccessOptions): Promise<FirmAccessReport> {
  const schema = options.schema ?? 'legal';
  const client = new pg.Client({ connectionString: url, application_name: 'legal-firm-access-attack' });
  await client.connect();
  const report: FirmAccessReport = {
    actors: [],
    tables: 0,
    cases: 0,
    byPath: { sql: 0, repository: 0 },
    leaks: [],
    uncovered: [],
    unmodelled: [],
    blocked: [],
    inconclusive: [],
  };
  const F = options.tenantId;
  const M = options.matterId;
  const contextKey = await readContextKey(url);
  let actors: Actor[] = [];
  try {
    const { rows: tables } = await client.query<Table>(
      `select format('%I.%I', n.nspname, c.relname) as name,
              array(select a.attname::text from pg_attribute a
                     where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' and a.attidentity <> 'a'
                     order by a.attnum) as columns,
              exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'id' and not a.attisdropped) as "hasId",
              exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'case_id' and not a.attisdropped) as "hasCaseId"
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
          and coalesce(obj_description(c.oid, 'pg_class') not like 'Audit:%', true)
          and coalesce(obj_description(c.oid, 'pg_class') not like 'Internal:%', true)
        order by c.relname`,
      [schema],
    );
    const { rows: matter } = await client.query(`select 1 from ${schema}.cases where tenant_id = $1 and id = $2`, [
      F,
      M,
    ]);
    if (matter.length === 0) throw new Error(`assertFirmAccess: ${M} is not a case of firm ${F}`);

    actors = await createActors(client, schema, F, M);
    report.actors = actors.map((a) => a.name);
    const actorIds = actors.map((a) => a.userId);

    const attacked = tables.filter((t) => !(options.exclude ?? []).includes(t.name));
    report.tables = attacked.length;

    /** The rows an attack aims at: the matter's (or the firm's), never the actors' own ($1 firm, $2 actors, $3 matter). */
    const target = (t: Table, rule: TableRule): string => {
      const scope =
        rule.scope === 'firm' ? '$3::uuid is not null' : t.name === `${schema}.cases` ? 'id = $3' : 'case_id = $3';
      const own =
        t.name === `${schema}.users`
          ? 'id <> all($2::uuid[])'
          : t.columns.includes('user_id')
            ? '(user_id is null or user_id <> all($2::uuid[]))'
            : '$2::uuid[] is not null';
      return `tenant_id = $1 and ${scope} and ${own}`;
    };
    const params = [F, actorIds, M];

    for (const table of attacked) {
      const rule = FIRM_ACCESS_MODEL[table.name];
      if (!rule) {
        report.unmodelled.push(table.name);
        continue;
      }
      const where = target(table, rule);
      const sample = (
        await client.query<{ row: Record<string, unknown> }>(
          `select to_jsonb(t) as row from ${table.name} t where ${where} limit 1`,
          params,
        )
      ).rows[0]?.row;
      if (!sample) {
        report.uncovered.push(table.name);
        continue;
      }
      const cols = table.columns.map((c) => `"${c}"`).join(', ');
      for (const actor of actors) {
        for (const command of COMMANDS) {
          if (expected(rule, command, actor) !== 'deny') continue;
          report.cases++;
          report.byPath.sql++;
          const outcome = await attempt(client, contextKey, actor, async (c) => {
            switch (command) {
              case 'select': {
                const { rows } = await c.query<{ n: string }>(
                  `select count(*) as n from ${table.name} where ${where}`,
                  params,
                );
                return Number(rows[0]?.n) > 0 ? `${rows[0]?.n} rows visible` : undefined;
              }
              case 'update': {
                const { rowCount } = await c.query(
                  `update ${table.name} set tenant_id = tenant_id where ${where}`,
                  params,
                );
                return rowCount ? `${rowCount} rows updated` : undefined;
              }
              case 'delete': {
                const { rowCount } = await c.query(`delete from ${table.name} where ${where}`, params);
                return rowCount ? `${rowCount} rows deleted` : undefined;
              }
              case 'insert': {
                const copy = { ...sample, ...(table.hasId ? { id: crypto.randomUUID() } : {}) };
                const { rowCount } = await c.query(
                  `insert into ${table.name} (${cols}) select ${cols} from jsonb_populate_record(null::${table.name}, $1::jsonb)`,
                  [JSON.stringify(copy)],
                );
                return rowCount ? 'a copy of a target row was inserted' : undefined;
              }
            }
          });
          if (outcome.leak) {
            report.leaks.push({ actor: actor.name, table: table.name, command, path: 'sql', detail: outcome.leak });
          } else if (outcome.inconclusive) {
            report.inconclusive.push(`${actor.name} ${command} ${table.name}: ${outcome.inconclusive}`);
          }
        }
      }
    }

    // the search functions apply the access rules in their own query (for the index's sake):
    // they must return none of the matter's rows to whoever may not read them
    const searchTerm = async (table: string) =>
      (
        await client.query<{ word: string }>(
          `select word from ts_stat(format('select search_vector from ${schema}.%s where tenant_id = %L and ${
            table === 'cases' ? 'id' : 'case_id'
          } = %L', $3::text, $1::text, $2::text)) order by ndoc desc, word limit 1`,
          [F, M, table],
        )
      ).rows[0]?.word;
    const searches = [
      { table: `${schema}.cases`, call: `${schema}.search_cases($1, 100)`, term: await searchTerm('cases') },
      {
        table: `${schema}.documents`,
        call: `${schema}.search_documents($1, null, 100)`,
        term: await searchTerm('documents'),
      },
    ];
    for (const search of searches) {
      const rule = FIRM_ACCESS_MODEL[search.table];
      if (!rule || !search.term) continue;
      const ids = (
        await client.query<{ id: string }>(
          `select id from ${search.table} where tenant_id = $1 and ${search.table.endsWith('.cases') ? 'id' : 'case_id'} = $2`,
          [F, M],
        )
      ).rows.map((r) => r.id);
      for (const actor of actors) {
        if (expected(rule, 'select', actor) !== 'deny') continue;
        report.cases++;
        report.byPath.sql++;
        const outcome = await attempt(client, contextKey, actor, async (c) => {
          const { rows } = await c.query<{ n: string }>(
            `select count(*) as n from ${search.call} s where s.id = any($2::uuid[])`,
            [search.term, ids],
          );
          return Number(rows[0]?.n) > 0
            ? `${search.call.split('(')[0]} returned ${rows[0]?.n} of the matter's rows`
            : undefined;
        });
        if (outcome.leak) {
          report.leaks.push({
            actor: actor.name,
            table: search.table,
            command: 'select',
            path: 'sql',
            detail: outcome.leak,
          });
        }
      }
    }

    // a wall screens the matter's audit trail too
    for (const actor of actors.filter((a) => a.kind === 'walled_admin')) {
      report.cases++;
      report.byPath.sql++;
      const outcome = await attempt(client, contextKey, actor, async (c) => {
        const { rows } = await c.query<{ n: string }>(
          `select count(*) as n from ${schema}.audit_log where tenant_id = $1 and case_id = $2`,
          [F, M],
        );
        return Number(rows[0]?.n) > 0 ? `${rows[0]?.n} audit rows of the walled matter visible` : undefined;
      });
      if (outcome.leak) {
        report.leaks.push({
          actor: actor.name,
          table: `${schema}.audit_log`,
          command: 'select',
          path: 'sql',
          detail: outcome.leak,
        });
      }
    }

    // sanity: who should reach the matter does, who should not open a unit cannot
    for (const actor of actors) {
      const outcome = await attempt(client, contextKey, actor, async (c) => {
        const { rows } = await c.query<{ n: string }>(`select count(*) as n from ${schema}.cases where id = $1`, [M]);
        return String(rows[0]?.n);
      });
      if (!actor.opens && outcome.leak !== undefined) {
        report.leaks.push({
          actor: actor.name,
          table: `${schema}.cases`,
          command: 'select',
          path: 'sql',
          detail: 'the context opened for a user who is not an active member of the firm',
        });
      } else if (actor.opens && actor.reach !== 'none' && outcome.leak !== '1') {
        report.blocked.push(`${actor.name} should see the target matter (reach ${actor.reach}) but does not`);
      }
    }

    if (options.repositories ?? true) await attackRepositories(url, contextKey, schema, F, M, actors, report);
  } finally {
    if (actors.length > 0) {
      // the actors stay (audit rows and security events name them) but can no longer act
      await client
        .query(`update ${schema}.users set is_active = false where id = any($1::uuid[])`, [actors.map((a) => a.userId)])
        .catch(() => {});
    }
    await client.end();
  }
  if (report.leaks.length || report.uncovered.length || report.unmodelled.length || report.blocked.length) {
    throw new FirmAccessError(report);
  }
  return report;
}

/** Runs one attempt as the application role in the actor's signed context, rolled back. */
async function attempt(
  client: pg.Client,
  contextKey: string,
  actor: Actor,
  fn: (c: pg.Client) => Promise<string | undefined>,
): Promise<{ leak?: string; inconclusive?: string }> {
  await client.query('begin');
  try {
    await client.query('set local role legal_app');
    try {
      await openUnit(client, {
        tenantId: actor.tenantId,
        userId: actor.userId,
        contextKey,
        ...(actor.scopes ? { scopes: actor.scopes } : {}),
      });
    } catch {
      return {}; // the context was refused: nothing can be reached
    }
    await client.query('savepoint attempt');
    try {
      const leak = await fn(client);
      return leak === undefined ? {} : { leak };
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 42501: row level security or a privilege refused it; anything else did not test access
      return code === '42501' ? {} : { inconclusive: `${code ?? ''} ${(error as Error).message}` };
    }
  } finally {
    await client.query('rollback');
  }
}

/** Creates the actors in the firm (and a foreign firm with one user), committed. */
async function createActors(client: pg.Client, schema: string, F: string, M: string): Promise<Actor[]> {
  const tag = randomBytes(4).toString('hex');
  const { rows: roles } = await client.query<{ name: string }>(
    `select name from ${schema}.roles where tenant_id = $1 and is_default order by name`,
    [F],
  );
  const addUser = async (tenantId: string, role: string, label: string, active = true) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into ${schema}.users (tenant_id, email, password_hash, full_name, role, is_active)
       values ($1, $2, 'x', $3, $4, $5) returning id`,
      [tenantId, `firm-access-${label}-${tag}@suite.invalid`, `Firm access ${label}`, role, active],
    );
    return rows[0]?.id as string;
  };
  const specs: { name: string; kind: FirmActorKind; tenantId: string; userId: string; scopes?: readonly string[] }[] =
    [];
  for (const { name } of roles) {
    specs.push({
      name: `default_role:${name}`,
      kind: 'default_role',
      tenantId: F,
      userId: await addUser(F, name, name),
    });
  }
  const walled = await addUser(F, 'admin', 'x-walled');
  await client.query(
    `insert into ${schema}.ethical_walls (tenant_id, case_id, user_id, reason) values ($1, $2, $3, 'in-firm attack suite: screened')`,
    [F, M, walled],
  );
  specs.push({ name: 'walled_admin:admin', kind: 'walled_admin', tenantId: F, userId: walled });
  const viewer = await addUser(F, 'caseworker', 'x-viewer-member');
  await client.query(
    `insert into ${schema}.case_members (tenant_id, case_id, user_id, member_role, permission_level)
     values ($1, $2, $3, 'collaborator', 'viewer')`,
    [F, M, viewer],
  );
  specs.push({ name: 'viewer_member:caseworker', kind: 'viewer_member', tenantId: F, userId: viewer });
  specs.push({
    name: 'scoped_token:admin',
    kind: 'scoped_token',
    tenantId: F,
    userId: await addUser(F, 'admin', 'x-token'),
    scopes: TOKEN_SCOPES,
  });
  specs.push({
    name: 'inactive_user:admin',
    kind: 'inactive_user',
    tenantId: F,
    userId: await addUser(F, 'admin', 'x-inactive', false),
  });
  const { rows: other } = await client.query<{ id: string }>(
    `insert into ${schema}.tenants (slug, name) values ($1, 'Firm access: a foreign firm') returning id`,
    [`firm-access-foreign-${tag}`],
  );
  specs.push({
    name: 'foreign_user:admin',
    kind: 'foreign_user',
    tenantId: F, // the firm under attack, with a user of another firm
    userId: await addUser(other[0]?.id as string, 'admin', 'x-foreign'),
  });

  const { rows: facts } = await client.query<{
    id: string;
    permissions: string[];
    owner: boolean;
    level: string | null;
  }>(
    `select u.id,
            array(select rp.permission_code from ${schema}.role_permissions rp join ${schema}.roles r
                    on r.tenant_id = rp.tenant_id and r.id = rp.role_id
                   where r.tenant_id = u.tenant_id and r.name = u.role
                  union
                  select up.permission_code from ${schema}.user_permissions up
                   where up.tenant_id = u.tenant_id and up.user_id = u.id and (up.expires_at is null or up.expires_at > now())) as permissions,
            exists (select 1 from ${schema}.cases c where c.tenant_id = u.tenant_id and c.id = $2
                      and u.id in (c.owner_id, c.assigned_to)) as owner,
            (select m.permission_level from ${schema}.case_members m
              where m.tenant_id = u.tenant_id and m.case_id = $2 and m.user_id = u.id) as level
       from ${schema}.users u where u.id = any($1::uuid[])`,
    [specs.map((s) => s.userId), M],
  );
  return specs.map((spec) => {
    const fact = facts.find((f) => f.id === spec.userId);
    let permissions = new Set(fact?.permissions ?? []);
    if (spec.scopes) permissions = new Set([...permissions].filter((p) => spec.scopes?.includes(p)));
    const opens = spec.kind !== 'inactive_user' && spec.kind !== 'foreign_user';
    let reach: Reach = 'none';
    if (opens && spec.kind !== 'walled_admin') {
      if (permissions.has('cases.read_all') || (permissions.has('cases.read_assigned') && fact?.owner)) reach = 'write';
      else if (permissions.has('cases.read_assigned') && fact?.level) {
        reach = fact.level === 'viewer' ? 'read' : 'write';
      }
    }
    return { ...spec, permissions, reach, opens };
  });
}

interface Probe {
  table: string;
  command: Command;
  label: string;
  /** A read returns rows (checked for the matter's); a write that resolves got through. */
  run: (
    t: TenantScope,
    terms: { case: string; document: string },
  ) => Promise<readonly { id?: unknown; caseId?: unknown }[] | undefined>;
}

const items = <T>(page: { items: T[] }) => page.items;

/** What an app would call: reads of the matter and writes into it. */
function probes(M: string): Probe[] {
  return [
    { table: 'legal.cases', command: 'select', label: 'cases.get', run: async (t) => [await t.cases.get(M)] },
    {
      table: 'legal.cases',
      command: 'select',
      label: 'cases.list',
      run: async (t) => items(await t.cases.list({ limit: 100 })),
    },
    {
      table: 'legal.cases',
      command: 'select',
      label: 'cases.search',
      run: async (t, terms) => (await t.cases.search(terms.case, { limit: 100 })).map((h) => h.case),
    },
    {
      table: 'legal.documents',
      command: 'select',
      label: 'documents.search',
      run: async (t, terms) => (await t.documents.search(terms.document, { limit: 100 })).map((h) => h.document),
    },
    {
      table: 'legal.documents',
      command: 'select',
      label: 'documents.list',
      run: async (t) => items(await t.documents.list({ caseId: M, limit: 100 })),
    },
    {
      table: 'legal.tasks',
      command: 'select',
      label: 'tasks.list',
      run: async (t) => items(await t.tasks.list({ caseId: M, limit: 100 })),
    },
    {
      table: 'legal.communications',
      command: 'select',
      label: 'communications.list',
      run: async (t) => items(await t.communications.list({ caseId: M, limit: 100 })),
    },
    {
      table: 'legal.time_entries',
      command: 'select',
      label: 'timeEntries.list',
      run: async (t) => items(await t.timeEntries.list({ caseId: M, limit: 100 })),
    },
    {
      table: 'legal.expenses',
      command: 'select',
      label: 'expenses.list',
      run: async (t) => items(await t.expenses.list({ caseId: M, limit: 100 })),
    },
    {
      table: 'legal.invoices',
      command: 'select',
      label: 'invoices.list',
      run: async (t) => items(await t.invoices.list({ caseId: M, limit: 100 })),
    },
    {
      table: 'legal.cases',
      command: 'update',
      label: 'cases.update',
      run: async (t) => void (await t.cases.update(M, { description: 'changed by the in-firm attack suite' })),
    },
    {
      table: 'legal.case_members',
      command: 'insert',
      label: 'cases.addCollaborator (oneself, as admin)',
      run: async (t) => void (await t.cases.addCollaborator(M, t.context.userId, 'admin')),
    },
    {
      table: 'legal.tasks',
      command: 'insert',
      label: 'tasks.create',
      run: async (t) => void (await t.tasks.create({ caseId: M, title: 'planted by the in-firm attack suite' })),
    },
    {
      table: 'legal.communications',
      command: 'insert',
      label: 'communications.create',
      run: async (t) =>
        void (await t.communications.create({ caseId: M, kind: 'meeting', direction: 'internal', subject: 'planted' })),
    },
  ];
}

/** The same attacks through @legal/data, as an app would make them. */
async function attackRepositories(
  url: string,
  contextKey: string,
  schema: string,
  F: string,
  M: string,
  actors: Actor[],
  report: FirmAccessReport,
): Promise<void> {
  const db = createLegalDb({ connectionString: url, contextKey, maxConnections: 2, passwordHashCost: 4 });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ title: string }>(`select title from ${schema}.cases where id = $1`, [M]);
    const terms = {
      case: (rows[0]?.title ?? '').split(/\W+/).find((w) => w.length > 3) ?? 'matter',
      // a word the matter's documents are indexed under
      document:
        (
          await admin.query<{ word: string }>(
            `select word from ts_stat(format('select search_vector from ${schema}.documents where tenant_id = %L and case_id = %L', $1::text, $2::text))
              order by ndoc desc, word limit 1`,
            [F, M],
          )
        ).rows[0]?.word ?? 'document',
    };
    const fingerprint = async () =>
      (
        await admin.query<{ f: string }>(
          `select md5(coalesce(string_agg(x, '|' order by x), '')) as f from (
             select to_jsonb(c)::text as x from ${schema}.cases c where c.tenant_id = $1 and c.id = $2
             union all select to_jsonb(m)::text from ${schema}.case_members m where m.tenant_id = $1 and m.case_id = $2
             union all select to_jsonb(k)::text from ${schema}.tasks k where k.tenant_id = $1 and k.case_id = $2
             union all select to_jsonb(o)::text from ${schema}.communications o where o.tenant_id = $1 and o.case_id = $2) s`,
          [F, M],
        )
      ).rows[0]?.f;
    for (const actor of actors) {
      const before = await fingerprint();
      for (const probe of probes(M)) {
        const rule = FIRM_ACCESS_MODEL[probe.table];
        if (!rule || expected(rule, probe.command, actor) !== 'deny') continue;
        report.cases++;
        report.byPath.repository++;
        const context = {
          tenantId: actor.tenantId,
          userId: actor.userId,
          ...(actor.scopes ? { scopes: [...actor.scopes] } : {}),
        };
        let result: readonly { id?: unknown; caseId?: unknown }[] | undefined;
        try {
          result = await db.withTenant(context, (t) => probe.run(t, terms));
        } catch {
          continue; // refused (ForbiddenError, NotFoundError, TenantContextError, …)
        }
        const leaked =
          probe.command === 'select'
            ? (result ?? []).filter((r) => r.caseId === M || (probe.table === 'legal.cases' && r.id === M)).length
            : 1;
        if (leaked > 0) {
          report.leaks.push({
            actor: actor.name,
            table: probe.table,
            command: probe.command,
            path: 'repository',
            detail:
              probe.command === 'select'
                ? `${probe.label} returned ${leaked} row(s) of the matter`
                : `${probe.label} succeeded`,
          });
        }
      }
      if ((await fingerprint()) !== before) {
        report.leaks.push({
          actor: actor.name,
          table: `${schema}.cases`,
          command: 'update',
          path: 'repository',
          detail: 'the matter or its members, tasks or communications changed during the attacks',
        });
      }
    }
  } finally {
    await admin.end();
    await db.close();
  }
}
