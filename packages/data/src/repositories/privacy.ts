import { sql } from 'kysely';
import { id as idSchema } from '../schemas/common.js';
import { type EraseClientInput, eraseClientSchema } from '../schemas/privacy.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

/** One audit entry of a client's records, its personal fields decrypted. */
export interface ClientExportAuditEntry {
  seq: number;
  occurred_at: string;
  action: string;
  table: string;
  record_id: string;
  actor_id: string | null;
  reason: string | null;
  row_data: Record<string, unknown> | null;
  changes: Record<string, { old: unknown; new: unknown }> | null;
}

/**
 * Everything the firm holds about a client (GDPR art. 15 and 20), as the database holds it
 * (snake_case columns): the client's row, every row with its id in every table that has one
 * (`records`, by table), the rows derived from them (`party_names`, `document_chunks`,
 * `conversation_messages`) and the audit entries of them all with their personal fields
 * decrypted. Secret columns (password hashes, field-encrypted values) stay `"[redacted]"`.
 */
export interface ClientExport {
  client: Record<string, unknown>;
  records: Record<string, Record<string, unknown>[]>;
  audit: ClientExportAuditEntry[];
  exported_at: string;
}

/** What an erasure did: rows anonymised or deleted per table, and the client's document files. */
export interface ClientErasure {
  clientId: string;
  erasedAt: Date;
  /** Rows anonymised (or, for `party_names`, `document_chunks`, `conversation_messages`, deleted) per table. */
  rows: Record<string, number>;
  /** The storage keys of the client's document files and versions: delete them from your object store. */
  storageKeys: string[];
}

/** Sealed audit values (`pii:v1:…`) anywhere in a JSON value. */
export function sealedValues(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (value.startsWith('pii:v1:')) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) sealedValues(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) sealedValues(v, into);
  }
  return into;
}

/** A JSON value with its sealed values replaced from `plain` (left sealed when missing). */
export function unseal(value: unknown, plain: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return value.startsWith('pii:v1:') && value in plain ? plain[value] : value;
  if (Array.isArray(value)) return value.map((v) => unseal(v, plain));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unseal(v, plain)]));
  }
  return value;
}

/** The plain values of sealed audit values, from the database (which alone holds the keys). */
export async function revealSealed(ctx: RepositoryContext, values: Set<string>): Promise<Record<string, unknown>> {
  if (values.size === 0) return {};
  // the firm-named form: on Citus it runs on the worker holding the firm (delegated)
  const { rows } = await sql<{ plain: Record<string, unknown> | null }>`
    select p as plain from legal.privacy_reveal_at(${ctx.context.tenantId}::uuid, ${JSON.stringify([...values])}::jsonb) p`.execute(
    ctx.db,
  );
  return rows[0]?.plain ?? {};
}

/**
 * Client privacy (GDPR art. 15, 17 and 20; state privacy laws). The personal fields of rows
 * tied to a client enter the audit trail encrypted under a key of that client; erasure
 * anonymises the live rows and destroys the key, so the audit chain still verifies and the
 * person's data is unreadable everywhere. Needs `privacy.manage`.
 */
export function privacyRepository(ctx: RepositoryContext) {
  return {
    /**
     * Everything the firm holds about a client, as JSON (a subject access or portability
     * request). The export is audited (`export`, with the tables and counts).
     * @example `const data = await t.privacy.exportClient(clientId); res.json(data);`
     */
    async exportClient(clientId: string): Promise<ClientExport> {
      const client = parseInput(idSchema, clientId, 'clientId');
      await requirePermission(ctx, 'privacy.manage');
      const { rows } = await sql<{ data: ClientExport }>`
        select p as data from legal.privacy_export_at(${ctx.context.tenantId}::uuid, ${client}::uuid) p`.execute(
        ctx.db,
      );
      return rows[0]?.data as ClientExport;
    },

    /**
     * Erases a client: refused (`ErasureRefusedError`, nothing changed) while one of its
     * matters is open, a legal hold covers one of its matters or documents, it has money in
     * trust, or the firm's retention period (`tenants.settings.privacy.retentionYears`,
     * default 6) has not run since its last record. Otherwise its personal fields are
     * anonymised in every table, derived rows deleted, and its key destroyed.
     * @example `const { storageKeys } = await t.privacy.eraseClient({ clientId, reason: 'GDPR request #1042' });`
     */
    async eraseClient(input: EraseClientInput): Promise<ClientErasure> {
      const v = parseInput(eraseClientSchema, input);
      await requirePermission(ctx, 'privacy.manage');
      const { rows } = await sql<{
        result: { client_id: string; erased_at: string; rows: Record<string, number>; storage_keys: string[] };
      }>`select p as result from legal.privacy_erase_at(${ctx.context.tenantId}::uuid, ${v.clientId}::uuid, ${v.reason}) p`.execute(
        ctx.db,
      );
      const r = rows[0]?.result;
      if (!r) throw new Error('legal.privacy_erase returned nothing');
      return { clientId: r.client_id, erasedAt: new Date(r.erased_at), rows: r.rows, storageKeys: r.storage_keys };
    },
  };
}

/** `t.privacy`: client privacy requests (export, erasure). */
export type PrivacyRepository = ReturnType<typeof privacyRepository>;
