import pg from 'pg';
import { tenantForeignKeys } from '../catalog/tenant-foreign-keys.js';
import { openUnit } from '../context/open-unit.js';

/**
 * The contexts an attacker tries: a genuine context of another firm (its administrator),
 * that context with the tenant setting rewritten by a SET inside the unit, none, empty,
 * malformed, and SQL in the value (the last three forged by hand, unsigned).
 */
export const ATTACK_CONTEXTS = [
  'another_tenant',
  'forged_context',
  'no_context',
  'empty_string',
  'malformed_uuid',
  'sql_value',
] as const;
export type AttackContext = (typeof ATTACK_CONTEXTS)[number];
export const ATTACK_OPERATIONS = ['select', 'insert', 'update', 'delete', 'foreign_key', 'search'] as const;
export type AttackOperation = (typeof ATTACK_OPERATIONS)[number];

/** Options of {@link assertTenantIsolation}. */
export interface TenantIsolationOptions {
  /** The victim firm: every tenant table must hold at least one of its rows (else the table is "uncovered"). */
  victimTenantId: string;
  /** The attacking firm (a different tenant); every tenant table should hold one of its rows too, for foreign-key attacks. */
  attackerTenantId: string;
  /** The attacker's user id (a user of the attacking firm). Default: its first administrator. */
  attackerUserId?: string;
  /** Schema to scan. Default: `legal`. */
  schema?: string;
  /** Role the application runs as. Default: `legal_app`. */
  appRole?: string;
  /** More tables to leave out (qualified, e.g. `legal.my_cache`). Append-only audit tables (comment `Audit: …`) are always left out. Default: none. */
  exclude?: readonly string[];
}

/** One attempt that leaked: rows seen or a write that landed. */
export interface IsolationLeak {
  table: string;
  operation: AttackOperation;
  context: AttackContext;
  detail: string;
}

/** What {@link assertTenantIsolation} tried and found. */
export interface TenantIsolationReport {
  /** Tenant tables found in the catalog. */
  tables: number;
  /** (table × operation × context) attempts made, foreign keys counted per key. */
  cases: number;
  leaks: IsolationLeak[];
  /** Tenant tables that could not be attacked because the victim has no row in them. */
  uncovered: string[];
  /** Attempts per operation. */
  byOperation: Record<AttackOperation, number>;
}

/** Thrown by {@link assertTenantIsolation} when a leak or an uncovered table is found. */
export class TenantIsolationError extends Error {
  override readonly name = 'TenantIsolationError';
  constructor(readonly report: TenantIsolationReport) {
    const lines = [
      ...report.leaks.map((l) => `  leak: ${l.table} ${l.operation} as ${l.context}: ${l.detail}`),
      ...report.uncovered.map(
        (t) => `  uncovered: ${t}${t.includes('(') ? '' : ' has no row of the victim tenant, so it was not attacked'}`,
      ),
    ];
    super(`Tenant isolation failed (${report.cases} cases tried):\n${lines.join('\n')}`);
  }
}

interface Table {
  name: string;
  columns: string[];
  hasId: boolean;
}

const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * Attacks row level security from the catalog: for EVERY table of the schema with a
 * `tenant_id` column × select / insert / update / delete / foreign-key reference × the
 * contexts {another tenant, no context, empty string, malformed UUID, a value containing
 * SQL}, as the application role, checks that zero rows of the victim leak and zero writes
 * land (each write is checked inside its own transaction, then rolled back: nothing is
 * left behind). A tenant table without a victim row is reported as uncovered. Throws
 * {@link TenantIsolationError} on any leak or uncovered table; returns the report.
 *
 * `url` must be a superuser (or the schema owner's) connection: it reads the catalog and
 * the victim's rows, then `SET ROLE`s to the application role for each attempt.
 *
 * @example
 * ```ts
 * const report = await assertTenantIsolation(db.url, { victimTenantId: a.tenantId, attackerTenantId: b.tenantId });
 * console.log(`${report.cases} attacks, 0 leaks`);
 * ```
 */
export async function assertTenantIsolation(
  url: string,
  options: TenantIsolationOptions,
): Promise<TenantIsolationReport> {
  const schema = options.schema ?? 'legal';
  const appRole = options.appRole ?? 'legal_app';
  const client = new pg.Client({ connectionString: url, application_name: 'legal-isolation-attack' });
  await client.connect();
  const report: TenantIsolationReport = {
    tables: 0,
    cases: 0,
    leaks: [],
    uncovered: [],
    byOperation: { select: 0, insert: 0, update: 0, delete: 0, foreign_key: 0, search: 0 },
  };
  try {
    const { rows: tables } = await client.query<Table>(
      `select format('%I.%I', n.nspname, c.relname) as name,
              array(select a.attname::text from pg_attribute a
                     where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' and a.attidentity <> 'a'
                     order by a.attnum) as columns,
              exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'id' and not a.attisdropped) as "hasId"
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition
          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
          and coalesce(obj_description(c.oid, 'pg_class') not like 'Audit:%', true)
          and coalesce(obj_description(c.oid, 'pg_class') not like 'Internal:%', true)
        order by c.relname`,
      [schema],
    );
    const attacked = tables.filter((t) => !(options.exclude ?? []).includes(t.name));
    report.tables = attacked.length;
    const foreignKeys = await tenantForeignKeys(url, schema);

    // forged by hand (unsigned); the attacker's own contexts are opened as withTenant opens them
    const forged: Partial<Record<AttackContext, string | null>> = {
      no_context: null,
      empty_string: '',
      malformed_uuid: 'not-a-uuid',
      sql_value: `${options.victimTenantId}' or true --`,
    };
    const attackerUserId =
      options.attackerUserId ??
      (
        await client.query<{ id: string }>(
          `select id from ${schema}.users where tenant_id = $1 order by role <> 'admin', created_at, id limit 1`,
          [options.attackerTenantId],
        )
      ).rows[0]?.id ??
      NIL;

    // On Citus a transaction cannot reach a shard as two roles (the attack as the application
    // role, the check as the superuser): there the checks that need the superuser's view of
    // the attacked transaction are made by the attack itself, as the attacking role, and the
    // others run after the rollback (see `afterRollback`).
    const onCitus = (
      await client.query<{ on: boolean }>(`select exists (select 1 from pg_extension where extname = 'citus') as on`)
    ).rows[0]?.on;

    /**
     * Runs `attempt` as the app role in `context`, then `check` as the superuser in the same
     * transaction (on Citus: after the rollback, when `afterRollback`; else not at all); rolls back.
     */
    async function attack(
      table: string,
      operation: AttackOperation,
      context: AttackContext,
      attempt: (c: pg.Client) => Promise<string | undefined>,
      check?: (c: pg.Client) => Promise<string | undefined>,
      afterRollback = false,
    ) {
      report.cases++;
      report.byOperation[operation]++;
      await client.query('begin');
      try {
        const value = forged[context];
        if (value !== undefined && value !== null) {
          // as the superuser, before taking the application role (which may not call set_config)
          await client.query(`select set_config('legal.tenant_id', $1, true)`, [value]);
          await client.query(`select set_config('legal.user_id', $1, true)`, [attackerUserId]);
        }
        await client.query(`set local role ${appRole}`);
        if (context === 'another_tenant' || context === 'forged_context') {
          await openUnit(client, { tenantId: options.attackerTenantId, userId: attackerUserId, url });
        }
        if (context === 'forged_context') {
          // SQL inside the unit rewrites the tenant of its genuine context
          await client.query(`set local legal.tenant_id = '${options.victimTenantId}'`);
        }
        await client.query('savepoint attempt');
        let leak: string | undefined;
        try {
          leak = await attempt(client);
        } catch {
          // refused: RLS, a privilege, a foreign key, a malformed context (22P02): no leak
          await client.query('rollback to savepoint attempt');
        }
        await client.query('reset role');
        if (!onCitus) leak ??= await check?.(client);
        if (leak) report.leaks.push({ table, operation, context, detail: leak });
      } finally {
        await client.query('rollback');
      }
      if (onCitus && afterRollback && check) {
        const leak = await check(client);
        if (leak) report.leaks.push({ table, operation, context, detail: leak });
      }
    }

    const victimCount = async (c: pg.Client, table: string) =>
      Number(
        (
          await c.query<{ n: string }>(`select count(*) as n from ${table} where tenant_id = $1`, [
            options.victimTenantId,
          ])
        ).rows[0]?.n,
      );

    for (const table of attacked) {
      const victimRow = (
        await client.query<{ row: Record<string, unknown> }>(
          `select to_jsonb(t) as row from ${table.name} t where tenant_id = $1 limit 1`,
          [options.victimTenantId],
        )
      ).rows[0]?.row;
      if (!victimRow) {
        report.uncovered.push(table.name);
        continue;
      }
      const before = await victimCount(client, table.name);
      const cols = table.columns.map((c) => `"${c}"`).join(', ');
      for (const context of ATTACK_CONTEXTS) {
        // select: not one victim row, whatever the filter
        await attack(table.name, 'select', context, async (c) => {
          const { rows } = await c.query<{ n: string }>(
            `select count(*) as n from ${table.name} where tenant_id = $1 or true`,
            [options.victimTenantId],
          );
          const { rows: theirs } = await c.query<{ n: string }>(
            `select count(*) as n from ${table.name} where tenant_id = $1`,
            [options.victimTenantId],
          );
          return Number(theirs[0]?.n) > 0
            ? `${theirs[0]?.n} victim rows visible (${rows[0]?.n} rows in all)`
            : undefined;
        });
        // insert: a copy of a victim row (new id) into the victim tenant
        await attack(
          table.name,
          'insert',
          context,
          async (c) => {
            const copy = { ...victimRow, ...(table.hasId ? { id: crypto.randomUUID() } : {}) };
            await c.query(`insert into ${table.name} (${cols}) values (${valuesOf(table.name, table.columns)})`, [
              JSON.stringify(copy),
            ]);
            if (!onCitus) return undefined;
            // the insert went through: unless a trigger moved the row into the attacker's own
            // firm (where the attacker sees it), it was written into the victim's
            if (table.hasId) {
              const { rows } = await c.query<{ n: string }>(
                `select count(*) as n from ${table.name} where tenant_id = $1 and id = $2`,
                [options.attackerTenantId, copy.id],
              );
              if (Number(rows[0]?.n) > 0) return undefined;
            }
            return 'an insert of a row of the victim tenant went through';
          },
          async (c) => {
            const after = await victimCount(c, table.name);
            return after !== before ? `a row was inserted into the victim tenant (${before} → ${after})` : undefined;
          },
        );
        // update: touch every victim row
        await attack(table.name, 'update', context, async (c) => {
          const { rowCount } = await c.query(`update ${table.name} set tenant_id = tenant_id where tenant_id = $1`, [
            options.victimTenantId,
          ]);
          return rowCount ? `${rowCount} victim rows updated` : undefined;
        });
        // delete: every victim row
        await attack(
          table.name,
          'delete',
          context,
          async (c) => {
            const { rowCount } = await c.query(`delete from ${table.name} where tenant_id = $1`, [
              options.victimTenantId,
            ]);
            return rowCount ? `${rowCount} victim rows deleted` : undefined;
          },
          async (c) => {
            const after = await victimCount(c, table.name);
            return after !== before ? `victim rows deleted (${before} → ${after})` : undefined;
          },
        );
      }
    }

    // the search functions (which apply the tenant in their own query) return no victim row:
    // full-text search of matters and documents, and the conflict search of the firm's parties
    // (searched for a victim party's own name)
    for (const search of [
      { table: 'cases', signature: 'search_cases(text, integer)', call: 'search_cases($1, 100)', id: 'id' },
      {
        table: 'documents',
        signature: 'search_documents(text, uuid, integer)',
        call: 'search_documents($1, null, 100)',
        id: 'id',
      },
      {
        table: 'parties',
        signature: 'conflict_search(text, integer)',
        call: 'conflict_search($1, 200)',
        id: 'party_id',
      },
    ]) {
      const exists = (
        await client.query(`select to_regprocedure($1) is not null as ok`, [`${schema}.${search.signature}`])
      ).rows[0]?.ok;
      if (!exists) continue;
      const term = (
        search.table === 'parties'
          ? await client.query<{ word: string }>(
              `select name as word from ${schema}.parties where tenant_id = $1 order by name limit 1`,
              [options.victimTenantId],
            )
          : await client.query<{ word: string }>(
              `select word from ts_stat(format('select search_vector from ${schema}.%s where tenant_id = %L', $2::text, $1::text))
                order by ndoc desc, word limit 1`,
              [options.victimTenantId, search.table],
            )
      ).rows[0]?.word;
      if (!term) {
        report.uncovered.push(`${schema}.${search.table} (search: the victim has no searchable row)`);
        continue;
      }
      for (const context of ATTACK_CONTEXTS) {
        let returned: string[] = [];
        await attack(
          `${schema}.${search.table}`,
          'search',
          context,
          async (c) => {
            returned = (
              await c.query<{ id: string }>(`select s.${search.id} as id from ${schema}.${search.call} s`, [term])
            ).rows.map((r) => r.id);
            return undefined;
          },
          // as the superuser: which of the ids the function returned are the victim's
          async (c) => {
            const { rows } = await c.query<{ n: string }>(
              `select count(*) as n from ${schema}.${search.table} where tenant_id = $1 and id = any($2::uuid[])`,
              [options.victimTenantId, returned],
            );
            return Number(rows[0]?.n) > 0 ? `the search returned ${rows[0]?.n} victim rows` : undefined;
          },
          true,
        );
      }
    }

    // foreign keys: an attacker row pointing at a victim row must be refused
    for (const fk of foreignKeys) {
      if (!attacked.some((t) => t.name === fk.table)) continue;
      const table = attacked.find((t) => t.name === fk.table) as Table;
      const own = (
        await client.query<{ row: Record<string, unknown> }>(
          `select to_jsonb(t) as row from ${fk.table} t where tenant_id = $1 limit 1`,
          [options.attackerTenantId],
        )
      ).rows[0]?.row;
      const target = (
        await client.query<{ row: Record<string, unknown> }>(
          `select to_jsonb(t) as row from ${fk.target} t where tenant_id = $1 limit 1`,
          [options.victimTenantId],
        )
      ).rows[0]?.row;
      if (!own || !target) {
        report.uncovered.push(`${fk.table} (foreign key ${fk.name}: no ${own ? 'victim' : 'attacker'} row to use)`);
        continue;
      }
      const cols = table.columns.map((c) => `"${c}"`).join(', ');
      const pointing: Record<string, unknown> = { ...own, ...(table.hasId ? { id: crypto.randomUUID() } : {}) };
      fk.columns.forEach((column, i) => {
        pointing[column] = target[fk.targetColumns[i] as string];
      });
      await attack(fk.table, 'foreign_key', 'another_tenant', async (c) => {
        const { rows } = await c.query<{ n: string }>(
          `with added as (
               insert into ${fk.table} (${cols}) values (${valuesOf(fk.table, table.columns)}) returning 1)
             select count(*) as n from added`,
          [JSON.stringify(pointing)],
        );
        return Number(rows[0]?.n) > 0 ? `a row referencing the victim through ${fk.name} was written` : undefined;
      });
    }
  } finally {
    await client.end();
  }
  if (report.leaks.length || report.uncovered.length) throw new TenantIsolationError(report);
  return report;
}

/**
 * The VALUES of an insert of the row `$1` (jsonb) into `table`, column by column. (Not
 * INSERT … SELECT: Citus runs that through COPY, which row level security refuses, so every
 * insert attack would fail for a reason that is not the rules.)
 */
function valuesOf(table: string, columns: readonly string[]): string {
  return columns.map((c) => `(jsonb_populate_record(null::${table}, $1::jsonb))."${c}"`).join(', ');
}
