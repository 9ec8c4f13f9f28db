import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { connect } from '../migrator/connection.js';
import { OperationError } from '../migrator/errors.js';
import { tenantTables } from './tenant-tables.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH = 500;

/** The first line of a firm's export file. */
export interface TenantExportHeader {
  format: 'legal-tenant/1';
  exportedAt: string;
  /** The `legal.tenants` row. */
  tenant: Record<string, unknown> & { id: string; slug: string };
  /** Migrations applied where it was exported: the target must be at the same ones. */
  migrations: string[];
}

/** Rows per table of a firm's export or import, e.g. `{ 'legal.cases': 120 }`. */
export type TenantCounts = Record<string, number>;

/** Options of {@link exportTenant}. */
export interface ExportTenantOptions {
  /** Connection string of a superuser or a BYPASSRLS role (e.g. one granted legal_system). */
  url: string;
  /** The firm's id. */
  tenantId: string;
  /** File to write (JSON lines). */
  out: string;
  /** Called after each table. Default: nothing. */
  onTable?: (table: string, rows: number) => void;
}

/**
 * Writes every row of one firm — the tenant row, all tenant tables, its audit chain — to a
 * JSON-lines file, from one consistent snapshot. Encrypted fields stay encrypted: the
 * firm's key ring goes with it separately. Ends with a trailer line, so a cut file is
 * refused on import.
 *
 * @example
 * ```ts
 * const counts = await exportTenant({ url, tenantId, out: '/exports/acme.jsonl' });
 * ```
 */
export async function exportTenant(options: ExportTenantOptions): Promise<TenantCounts> {
  assertUuid(options.tenantId);
  const client = await connect(options.url);
  try {
    await client.query('begin isolation level repeatable read read only');
    return await writeExport(client, options);
  } finally {
    await client.query('rollback').catch(() => {});
    await client.end().catch(() => {});
  }
}

async function writeExport(client: pg.ClientBase, options: ExportTenantOptions): Promise<TenantCounts> {
  const tenant = (
    await client.query<{ row: TenantExportHeader['tenant'] }>(
      'select to_jsonb(t) as row from legal.tenants t where id = $1',
      [options.tenantId],
    )
  ).rows[0]?.row;
  if (!tenant) throw new OperationError('TENANT_NOT_FOUND', `no firm with id ${options.tenantId}`);
  const migrations = (
    await client.query<{ name: string }>('select name from legal.schema_migrations order by name')
  ).rows.map((r) => r.name);
  const out = createWriteStream(options.out, { flags: 'wx' });
  const write = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
  };
  const counts: TenantCounts = {};
  try {
    const header: TenantExportHeader = {
      format: 'legal-tenant/1',
      exportedAt: new Date().toISOString(),
      tenant,
      migrations,
    };
    await write(header);
    for (const table of await tenantTables(client)) {
      await client.query(
        `declare rows_out no scroll cursor for select to_jsonb(t) as row from ${table.name} t where tenant_id = $1`,
        [options.tenantId],
      );
      let n = 0;
      for (;;) {
        const { rows } = await client.query<{ row: unknown }>(`fetch ${BATCH} from rows_out`);
        for (const { row } of rows) await write({ table: table.name, row });
        n += rows.length;
        if (rows.length < BATCH) break;
      }
      await client.query('close rows_out');
      counts[table.name] = n;
      options.onTable?.(table.name, n);
    }
    await write({ end: true, counts });
  } finally {
    out.end();
    await once(out, 'close');
  }
  return counts;
}

/** Options of {@link importTenant}. */
export interface ImportTenantOptions {
  /** Connection string of a superuser on the target database (at the export's migrations). */
  url: string;
  /** A file {@link exportTenant} wrote. */
  from: string;
  /** Called after each table. Default: nothing. */
  onTable?: (table: string, rows: number) => void;
}

/** What an import did. */
export interface ImportTenantResult {
  tenantId: string;
  slug: string;
  counts: TenantCounts;
  /** The firm's audit chain, walked after the import: `null` when every link holds. */
  auditProblem: string | null;
}

/**
 * Loads a firm's export into another database or cluster, all or nothing: rows exactly as
 * exported (ids, timestamps, the audit chain unchanged: triggers do not fire), then walks
 * the firm's audit chain. Refuses a target at other migrations, or one that already holds
 * the firm's id or slug.
 *
 * @example
 * ```ts
 * const { counts, auditProblem } = await importTenant({ url: targetUrl, from: '/exports/acme.jsonl' });
 * ```
 */
export async function importTenant(options: ImportTenantOptions): Promise<ImportTenantResult> {
  const lines = createInterface({ input: createReadStream(options.from), crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  const header = (first.done ? undefined : JSON.parse(first.value)) as TenantExportHeader | undefined;
  if (header?.format !== 'legal-tenant/1') {
    lines.close();
    throw new OperationError('IMPORT_REFUSED', `${options.from} is not a @legal firm export`);
  }
  const client = await connect(options.url);
  try {
    const migrations = (
      await client.query<{ name: string }>('select name from legal.schema_migrations order by name')
    ).rows.map((r) => r.name);
    if (migrations.join() !== header.migrations.join()) {
      throw new OperationError(
        'IMPORT_REFUSED',
        `the export was taken at migration ${header.migrations.at(-1)}; the target is at ${migrations.at(-1) ?? 'none'}: migrate one of them first (nothing was imported)`,
      );
    }
    const clash = await client.query<{ id: string }>('select id from legal.tenants where id = $1 or slug = $2', [
      header.tenant.id,
      header.tenant.slug,
    ]);
    if ((clash.rowCount ?? 0) > 0) {
      throw new OperationError(
        'IMPORT_REFUSED',
        `the target already has a firm with id ${header.tenant.id} or slug "${header.tenant.slug}" (nothing was imported)`,
      );
    }
    const tables = new Map((await tenantTables(client)).map((t) => [t.name, t]));
    await client.query('begin');
    // Rows arrive exactly as exported: no trigger (audit, history, workflow) and no deferred
    // foreign-key check rewrites or re-checks them; the snapshot they came from was consistent.
    await client.query('set local session_replication_role = replica');
    await insertRows(client, 'legal.tenants', [header.tenant]);
    const counts: TenantCounts = {};
    let batch: unknown[] = [];
    let current: string | undefined;
    let ended = false;
    const flush = async () => {
      if (!current || batch.length === 0) return;
      const table = tables.get(current);
      if (!table) throw new OperationError('IMPORT_REFUSED', `the target has no tenant table ${current}`);
      await insertRows(client, table.name, batch, table.columns);
      counts[current] = (counts[current] ?? 0) + batch.length;
      batch = [];
    };
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const line = JSON.parse(next.value) as { table?: string; row?: unknown; end?: boolean };
      if (line.end) {
        ended = true;
        break;
      }
      if (line.table !== current || batch.length >= BATCH) {
        await flush();
        if (line.table !== current && current) options.onTable?.(current, counts[current] ?? 0);
        current = line.table;
      }
      batch.push(line.row);
    }
    await flush();
    if (current) options.onTable?.(current, counts[current] ?? 0);
    if (!ended) throw new OperationError('IMPORT_REFUSED', `${options.from} is cut short (no trailer line)`);
    await client.query('commit');
    const problem = (
      await client.query<{ problem: string | null }>('select problem from legal.verify_audit_chain($1)', [
        header.tenant.id,
      ])
    ).rows[0]?.problem;
    return { tenantId: header.tenant.id, slug: header.tenant.slug, counts, auditProblem: problem ?? null };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    lines.close();
    await client.end().catch(() => {});
  }
}

async function insertRows(client: pg.ClientBase, table: string, rows: readonly unknown[], columns?: string[]) {
  const list =
    columns ??
    (
      await client.query<{ columns: string[] }>(
        `select array(select quote_ident(attname) from pg_attribute where attrelid = $1::regclass and attnum > 0
                        and not attisdropped and attgenerated = '' order by attnum)::text[] as columns`,
        [table],
      )
    ).rows[0]?.columns ??
    [];
  const cols = list.join(', ');
  await client.query(
    `insert into ${table} (${cols}) overriding system value select ${cols} from jsonb_populate_recordset(null::${table}, $1::jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** Options of {@link offboardTenant}. */
export interface OffboardTenantOptions extends ExportTenantOptions {
  /** Longest wait, in milliseconds, for units that began before the firm was closed. Default: `60_000`. */
  drainTimeoutMs?: number;
}

/**
 * Offboards a firm: refuses while any of its cases or documents is under legal hold;
 * otherwise closes it (new units are refused), waits for the units already running, then
 * in one transaction exports it (the firm's copy, audit chain included) and deletes every
 * row of it. A failure rolls the deletion back and leaves the firm closed.
 *
 * @example
 * ```ts
 * await offboardTenant({ url, tenantId, out: '/exports/acme-final.jsonl' });
 * ```
 */
export async function offboardTenant(options: OffboardTenantOptions): Promise<TenantCounts> {
  assertUuid(options.tenantId);
  const client = await connect(options.url);
  try {
    await assertNoHold(client, options.tenantId);
    const closed = await client.query<{ at: Date }>(
      "update legal.tenants set status = 'closed' where id = $1 returning clock_timestamp() as at",
      [options.tenantId],
    );
    const closedAt = closed.rows[0]?.at;
    if (!closedAt) throw new OperationError('TENANT_NOT_FOUND', `no firm with id ${options.tenantId}`);
    await drain(client, closedAt, options.drainTimeoutMs ?? 60_000);
    await client.query('begin isolation level repeatable read');
    await assertNoHold(client, options.tenantId);
    const counts = await writeExport(client, options);
    await client.query('set local session_replication_role = replica');
    for (const table of (await tenantTables(client)).reverse()) {
      await client.query(`delete from ${table.name} where tenant_id = $1`, [options.tenantId]);
    }
    await client.query('delete from legal.tenants where id = $1', [options.tenantId]);
    await client.query('commit');
    return counts;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

async function assertNoHold(client: pg.ClientBase, tenantId: string): Promise<void> {
  const [holds] = (
    await client.query<{ cases: number; documents: number }>(
      `select (select count(*)::int from legal.cases where tenant_id = $1 and legal_hold) as cases,
              (select count(*)::int from legal.documents where tenant_id = $1 and legal_hold) as documents`,
      [tenantId],
    )
  ).rows;
  if (holds && holds.cases + holds.documents > 0) {
    throw new OperationError(
      'LEGAL_HOLD',
      `the firm has ${holds.cases} case(s) and ${holds.documents} document(s) under legal hold: release them first (nothing was exported or deleted)`,
    );
  }
}

/** Waits until no transaction that began before `since` is still running. */
async function drain(client: pg.ClientBase, since: Date, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where xact_start < $1 and pid <> pg_backend_pid()',
      [since],
    );
    if ((rows[0]?.n ?? 0) === 0) return;
    if (Date.now() > deadline) {
      throw new OperationError(
        'OFFBOARD_FAILED',
        `units that began before the firm was closed are still running after ${timeoutMs} ms: the firm stays closed; run offboard again`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function assertUuid(id: string): void {
  if (!UUID.test(id)) throw new OperationError('TENANT_NOT_FOUND', `--tenant must be a UUID, got "${id}"`);
}
