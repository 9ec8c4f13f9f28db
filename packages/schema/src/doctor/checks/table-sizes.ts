import type { DoctorCheck } from '../doctor-check.js';

/** The ten largest tables of schema legal, with indexes and TOAST (the seed's "table sizes" query). */
export const tableSizes: DoctorCheck = async (client) => {
  const { rows } = await client.query<{ table: string; size: string; rows: string }>(
    `select c.oid::regclass::text as "table", pg_size_pretty(pg_total_relation_size(c.oid)) as size,
            c.reltuples::bigint::text as rows
       from pg_class c where c.relnamespace = 'legal'::regnamespace and c.relkind = 'r'
      order by pg_total_relation_size(c.oid) desc limit 10`,
  );
  const [total] = (
    await client.query<{ size: string }>('select pg_size_pretty(pg_database_size(current_database())) as size')
  ).rows;
  return {
    name: 'table_sizes',
    status: 'ok',
    summary: `database ${total?.size}; largest ${rows[0]?.table ?? '-'} (${rows[0]?.size ?? '-'})`,
    details: rows,
  };
};
