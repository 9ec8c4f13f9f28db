import type pg from 'pg';

/** A table holding one firm's rows: every table of `legal` with a `tenant_id` column. */
export interface TenantTable {
  /** `legal.cases`. */
  name: string;
  /** Columns an INSERT may write (generated columns excluded), in order. */
  columns: string[];
}

/** Every tenant table of schema `legal` (partitioned parents, not their partitions), by name. */
export async function tenantTables(client: pg.ClientBase): Promise<TenantTable[]> {
  const { rows } = await client.query<TenantTable>(
    `select format('%I.%I', n.nspname, c.relname) as name,
            array(select quote_ident(a.attname) from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                   order by a.attnum)::text[] as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by c.relname`,
  );
  return rows;
}
