import { query } from '../database/query.js';

/** A foreign key between two tenant tables, tenant_id left out of both column lists. */
export interface TenantForeignKey {
  name: string;
  /** The referencing table, schema-qualified. */
  table: string;
  /** The referenced table, schema-qualified. */
  target: string;
  /** Referencing columns, tenant_id excluded. */
  columns: string[];
  /** The referenced columns they pair with. */
  targetColumns: string[];
}

/**
 * Every foreign key of `schema` from a table with a `tenant_id` column to another one, read
 * from the catalog (the references an attacker could point across tenants).
 *
 * @example
 * ```ts
 * const fks = await tenantForeignKeys(db.url); // [{ name: 'cases_tenant_id_client_id_fkey', table: 'legal.cases', … }]
 * ```
 */
export function tenantForeignKeys(url: string, schema = 'legal'): Promise<TenantForeignKey[]> {
  return query<TenantForeignKey>(
    url,
    `select k.conname as name, k.conrelid::regclass::text as table, k.confrelid::regclass::text as target,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, i)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
                   where a.attname <> 'tenant_id' order by u.i) as columns,
            array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, i)
                    join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum
                   where a.attname <> 'tenant_id' order by u.i) as "targetColumns"
       from pg_constraint k
      where k.contype = 'f' and k.connamespace = $1::regnamespace
        and exists (select 1 from pg_attribute a where a.attrelid = k.confrelid and a.attname = 'tenant_id')
        and exists (select 1 from pg_attribute a where a.attrelid = k.conrelid and a.attname = 'tenant_id')
      order by 2, 1`,
    [schema],
  );
}
