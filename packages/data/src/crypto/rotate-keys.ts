import { type Kysely, sql } from 'kysely';
import type { DB } from '../generated/db.js';
import type { FieldCipher } from './field-encryption.js';

/** A table with encrypted columns: each column and the field name its ciphertext is bound to. */
export interface EncryptedTable {
  /** Also the key of its count in the result. */
  table: 'clients' | 'communications';
  /** Columns as the SDK names them (camelCase; the kysely instance maps them to the schema). */
  columns: readonly { column: string; field: string }[];
}

/** Runs one batch in its own (audited, cross-tenant) transaction. */
export type RunBatch = <T>(fn: (db: Kysely<DB>) => Promise<T>) => Promise<T>;

/**
 * Re-encrypts, table by table and in batches ordered by (tenant_id, id), every ciphertext
 * not under the active key. Returns the rows changed per table.
 */
export async function rotateKeys(
  cipher: FieldCipher,
  tables: readonly EncryptedTable[],
  runBatch: RunBatch,
  batchSize: number,
): Promise<Record<string, number>> {
  const stale = (value: unknown): value is Buffer =>
    Buffer.isBuffer(value) && cipher.keyIdOf(value) !== cipher.activeKeyId;
  const result: Record<string, number> = {};
  for (const { table, columns } of tables) {
    result[table] = 0;
    const NIL = '00000000-0000-0000-0000-000000000000';
    for (let after = { tenantId: NIL, id: NIL }; ; ) {
      const rows = await runBatch(async (db) => {
        const { rows: batch } = await sql<Record<string, unknown> & { tenantId: string; id: string }>`
          select tenant_id, id, ${sql.join(columns.map((c) => sql.ref(c.column)))}
            from ${sql.table(`legal.${table}`)}
           where (tenant_id, id) > (${after.tenantId}::uuid, ${after.id}::uuid)
           order by tenant_id, id limit ${batchSize} for update`.execute(db);
        for (const row of batch) {
          const changes = columns.flatMap(({ column, field }) => {
            const value = row[column];
            if (!stale(value)) return [];
            const at = { tenantId: row.tenantId, field, rowId: row.id };
            return [sql`${sql.ref(column)} = ${cipher.encrypt(cipher.decrypt(value, at), at)}`];
          });
          if (changes.length === 0) continue;
          await sql`update ${sql.table(`legal.${table}`)}
                       set ${sql.join(changes)}, encryption_key_id = ${cipher.activeKeyId}
                     where tenant_id = ${row.tenantId}::uuid and id = ${row.id}::uuid`.execute(db);
          result[table] = (result[table] ?? 0) + 1;
        }
        return batch;
      });
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) break;
      after = { tenantId: last.tenantId, id: last.id };
    }
  }
  return result;
}
