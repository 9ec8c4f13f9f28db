import { query } from '@legal/testing';

export interface CatalogTable {
  name: string; // legal.x
  audit: boolean; // an append-only audit table (comment 'Audit: …')
  columns: string[]; // insertable columns (no generated or GENERATED ALWAYS identity)
  allColumns: string[]; // every column
}

export interface CatalogForeignKey {
  name: string;
  table: string;
  target: string;
  columns: string[]; // referencing columns, tenant_id excluded
  targetColumns: string[]; // the referenced columns they pair with
}

/** Every table of `legal` with a tenant_id column, read from the catalog. */
export async function tenantTables(url: string): Promise<CatalogTable[]> {
  return query<CatalogTable>(
    url,
    `select format('%I.%I', n.nspname, c.relname) as name,
            coalesce(obj_description(c.oid, 'pg_class') like 'Audit:%', false) as audit,
            array(select a.attname::text from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' and a.attidentity <> 'a'
                   order by a.attnum) as columns,
            array(select a.attname::text from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped order by a.attnum) as "allColumns"
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'legal' and c.relkind in ('r', 'p') and not c.relispartition
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
      order by c.relname`,
  );
}

/** Every foreign key from a tenant table to another tenant table (tenants itself excluded). */
export async function tenantForeignKeys(url: string): Promise<CatalogForeignKey[]> {
  return query<CatalogForeignKey>(
    url,
    `select k.conname as name, k.conrelid::regclass::text as table, k.confrelid::regclass::text as target,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
                   where a.attname <> 'tenant_id' order by u.i) as columns,
            array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, i)
                    join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum
                   where a.attname <> 'tenant_id' order by u.i) as "targetColumns"
       from pg_constraint k
      where k.contype = 'f' and k.connamespace = 'legal'::regnamespace
        and exists (select 1 from pg_attribute a where a.attrelid = k.confrelid and a.attname = 'tenant_id')
      order by 2, 1`,
  );
}
