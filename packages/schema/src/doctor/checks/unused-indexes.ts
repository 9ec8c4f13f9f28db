import { type DoctorCheck, result } from '../doctor-check.js';

/** Indexes never scanned since statistics were reset (not unique, not constraint-backing, over 1 MB). */
export const unusedIndexes: DoctorCheck = async (client) => {
  const { rows } = await client.query(
    `select s.indexrelid::regclass::text as index, s.relid::regclass::text as "table",
            pg_size_pretty(pg_relation_size(s.indexrelid)) as size
       from pg_stat_user_indexes s join pg_index i on i.indexrelid = s.indexrelid
      where s.schemaname = 'legal' and s.idx_scan = 0 and not i.indisunique and not i.indisprimary
        and pg_relation_size(s.indexrelid) > 1024 * 1024
        and not exists (select 1 from pg_constraint c where c.conindid = s.indexrelid)
      order by pg_relation_size(s.indexrelid) desc`,
  );
  return result('unused_indexes', rows, 'warn', 'no large index is unused', `${rows.length} index(es) never scanned`);
};
