import { type DoctorCheck, result } from '../doctor-check.js';

/**
 * Foreign keys no full index covers (a partial index does not), and big tables read mostly
 * by sequential scans.
 */
export const missingIndexes: DoctorCheck = async (client) => {
  const { rows } = await client.query(
    `select 'foreign_key' as kind, c.conrelid::regclass::text as "table", c.conname as name,
            (select string_agg(a.attname, ', ' order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns
       from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'legal'::regnamespace
        and not exists (
          select 1 from pg_index i
           where i.indrelid = c.conrelid and i.indpred is null
             and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
             and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
     union all
     select 'sequential_scans', s.relid::regclass::text, null,
            format('%s seq scans reading %s rows, %s index scans', s.seq_scan, s.seq_tup_read, coalesce(s.idx_scan, 0))
       from pg_stat_user_tables s
      where s.schemaname = 'legal' and s.n_live_tup > 10000 and s.seq_tup_read > 100000
        and s.seq_scan > 10 * coalesce(s.idx_scan, 0)
      order by 1, 2, 3`,
  );
  return result(
    'missing_indexes',
    rows,
    'warn',
    'every foreign key is covered by an index',
    `${rows.length} missing index(es)`,
  );
};
