import { query } from '@legal/testing';

export interface CatalogTable {
  name: string; // legal.x
  audit: boolean; // an append-only audit table (comment 'Audit: …')
  columns: string[]; // insertable columns (no generated or GENERATED ALWAYS identity)
  allColumns: string[]; // every column
}

/** Every foreign key between tenant tables: the catalog query @legal/testing's attack suite uses. */
export { type TenantForeignKey as CatalogForeignKey, tenantForeignKeys } from '@legal/testing';

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
        and not coalesce(obj_description(c.oid, 'pg_class') like 'Internal:%', false)
      order by c.relname`,
  );
}
