import type pg from 'pg';

/**
 * Whether this database is a Citus coordinator whose schema is not distributed yet.
 *
 * On Citus the migrations up to the one that distributes the schema (0022) build plain local
 * tables on the coordinator, exactly as on PostgreSQL; their DDL is kept from the workers
 * (`citus.enable_ddl_propagation = off`), and 0022 then distributes every table and
 * propagates what the tables need. From then on DDL propagates as usual. (Propagating the
 * early migrations object by object fails on intermediate forms the later ones replace:
 * 0016's recursive SQL function, for one.)
 */
export async function inCitusLocalPhase(client: pg.ClientBase): Promise<boolean> {
  const { rows: citus } = await client.query<{ on: boolean }>(
    `select exists (select 1 from pg_extension where extname = 'citus') as on`,
  );
  if (citus[0]?.on !== true) return false;
  const { rows } = await client.query<{ distributed: boolean }>(
    `select to_regclass('legal.tenants') is not null
        and exists (select 1 from pg_catalog.pg_dist_partition p where p.logicalrelid = to_regclass('legal.tenants')) as distributed`,
  );
  return rows[0]?.distributed !== true;
}
