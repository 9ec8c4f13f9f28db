import { type DoctorCheck, result } from '../doctor-check.js';

/** Tables whose dead rows exceed the threshold share (from the statistics views; no extension needed). */
export const bloat: DoctorCheck = async (client, t) => {
  const { rows } = await client.query(
    `select relid::regclass::text as "table", n_live_tup::bigint::text as live, n_dead_tup::bigint::text as dead,
            round(n_dead_tup::numeric / greatest(n_live_tup + n_dead_tup, 1), 3)::float8 as "deadShare",
            pg_size_pretty(pg_total_relation_size(relid)) as size
       from pg_stat_user_tables
      where schemaname = 'legal' and n_dead_tup >= 10000
        and n_dead_tup::numeric / greatest(n_live_tup + n_dead_tup, 1) > $1
      order by n_dead_tup desc`,
    [t.deadRowShare],
  );
  return result(
    'bloat',
    rows,
    'warn',
    'no table is bloated with dead rows',
    `${rows.length} table(s) with many dead rows (vacuum)`,
  );
};
