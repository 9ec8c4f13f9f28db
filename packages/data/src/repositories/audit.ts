import { sql } from 'kysely';
import { ValidationError } from '../errors/legal-error.js';
import { type AuditRangeInput, auditRangeSchema, type ListAuditInput, listAuditSchema } from '../schemas/audit.js';
import { decodeCursor, encodeCursor, type Page } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import { revealSealed, sealedValues, unseal } from './privacy.js';
import type { RepositoryContext } from './repository-context.js';

/** One event of the firm's audit trail. `hash` and `prevHash` are hex. */
export interface AuditEvent {
  seq: string;
  occurredAt: Date;
  action: string;
  actorId: string | null;
  actorRole: string | null;
  dbRole: string;
  tableName: string | null;
  recordId: string | null;
  caseId: string | null;
  documentId: string | null;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  reason: string | null;
  rowData: unknown;
  changes: unknown;
  details: unknown;
  prevHash: string;
  hash: string;
}

/** An audit cursor: the last event's time (UTC text) and its sequence number. */
function decode(cursor: string): { at: string; seq: string } {
  const { sortValue: at, id: seq } = decodeCursor(cursor, /^\d{1,19}$/);
  if (Number.isNaN(Date.parse(at))) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor returned by this list' }]);
  }
  return { at, seq };
}

/**
 * The firm's audit trail, read under its rules (`audit.read`; walled matters left out).
 * Writing it is the database's job, never the application's.
 */
export function auditRepository(ctx: RepositoryContext) {
  return {
    /**
     * Events of `[from, to)`, newest first, a page at a time.
     * @example `const page = await t.audit.list({ from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', limit: 100 });`
     */
    async list(input: ListAuditInput): Promise<Page<AuditEvent>> {
      const v = parseInput(listAuditSchema, input);
      await requirePermission(ctx, 'audit.read');
      const after = v.cursor ? decode(v.cursor) : undefined;
      const { rows } = await sql<AuditEvent & { sortKey: string }>`
        select seq::text as seq, occurred_at as "occurredAt", action, actor_id as "actorId", actor_role as "actorRole",
               db_role as "dbRole", table_name as "tableName", record_id as "recordId", case_id as "caseId",
               document_id as "documentId", request_id as "requestId", host(ip) as ip, user_agent as "userAgent", reason,
               row_data as "rowData", changes, details, encode(prev_hash, 'hex') as "prevHash", encode(hash, 'hex') as hash,
               to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "sortKey"
          from legal.audit_log
         where tenant_id = ${ctx.context.tenantId}::uuid
           and occurred_at >= ${v.from}::timestamptz and occurred_at < ${v.to}::timestamptz
           ${v.caseId ? sql`and case_id = ${v.caseId}::uuid` : sql``}
           ${after ? sql`and (occurred_at, seq) < (${after.at}::timestamptz, ${after.seq}::bigint)` : sql``}
         order by occurred_at desc, seq desc
         limit ${v.limit + 1}`.execute(ctx.db);
      const kept = rows.length > v.limit ? rows.slice(0, v.limit) : rows;
      const last = kept.at(-1);
      const nextCursor = rows.length > v.limit && last ? encodeCursor(last.sortKey, last.seq) : undefined;
      // personal fields of rows tied to a client are sealed in the trail; the database opens
      // them for this reader ("[erased]" once the client is erased)
      const sealed = new Set<string>();
      for (const row of kept) sealedValues([row.rowData, row.changes], sealed);
      const plain = await revealSealed(ctx, sealed);
      const items = kept.map(({ sortKey: _s, ...event }) =>
        sealed.size === 0
          ? event
          : { ...event, rowData: unseal(event.rowData, plain), changes: unseal(event.changes, plain) },
      );
      return { items, nextCursor };
    },

    /**
     * How many events of `[from, to)` the user may read, from the chain's sequence numbers
     * (two index probes, whatever the range holds), not by counting rows.
     * @example `const n = await t.audit.count({ from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' });`
     */
    async count(input: AuditRangeInput): Promise<number> {
      const v = parseInput(auditRangeSchema, input);
      await requirePermission(ctx, 'audit.read');
      const { rows } = await sql<{
        n: string;
      }>`select legal.audit_count(${v.from}::timestamptz, ${v.to}::timestamptz)::text as n`.execute(ctx.db);
      return Number(rows[0]?.n ?? 0);
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
