import type pg from 'pg';

/**
 * Where a database stands with Citus: `none` (plain PostgreSQL, or Citus not installed in
 * it), `local` (a Citus coordinator whose schema is not distributed yet), `distributed`.
 *
 * On Citus the migrations up to the one that distributes the schema (0022) build plain local
 * tables on the coordinator, exactly as on PostgreSQL; their DDL is kept from the workers
 * (`citus.enable_ddl_propagation = off`), and 0022 then distributes every table and
 * propagates what the tables need. From then on DDL propagates as usual. (Propagating the
 * early migrations object by object fails on intermediate forms the later ones replace:
 * 0016's recursive SQL function, for one.)
 */
export type CitusPhase = 'none' | 'local' | 'distributed';

/** The {@link CitusPhase} of the database the client is connected to. */
export async function citusPhase(client: pg.ClientBase): Promise<CitusPhase> {
  const { rows: citus } = await client.query<{ on: boolean }>(
    `select exists (select 1 from pg_extension where extname = 'citus') as on`,
  );
  if (citus[0]?.on !== true) return 'none';
  const { rows } = await client.query<{ distributed: boolean }>(
    `select to_regclass('legal.tenants') is not null
        and exists (select 1 from pg_catalog.pg_dist_partition p where p.logicalrelid = to_regclass('legal.tenants')) as distributed`,
  );
  return rows[0]?.distributed === true ? 'distributed' : 'local';
}

/**
 * The settings a migration runs with on Citus, by phase: DDL kept from the workers before the
 * distribution; after it, a transactional migration uses one connection per worker
 * (`citus.multi_shard_modify_mode = 'sequential'`), so that it may change a firm table and a
 * reference table (add a column to case_parties, insert a permission), which Citus refuses in
 * a transaction that has already used parallel connections. (A `no-transaction` migration
 * runs each statement as its own transaction and keeps the parallel mode.)
 */
export function citusMigrationSettings(phase: CitusPhase, transactional: boolean): string[] {
  if (phase === 'local') return ['citus.enable_ddl_propagation = off'];
  if (phase === 'distributed' && transactional) return ["citus.multi_shard_modify_mode = 'sequential'"];
  return [];
}
