import { type DoctorCheck, result } from '../doctor-check.js';

/** Indexes of a table with the same columns, expressions, predicate, access method and operator classes. */
export const duplicateIndexes: DoctorCheck = async (client) => {
  const { rows } = await client.query(
    `select i.indrelid::regclass::text as "table",
            array_agg(i.indexrelid::regclass::text order by i.indexrelid::regclass::text)::text[] as indexes
       from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relnamespace = 'legal'::regnamespace
      group by i.indrelid, c.relam, i.indkey::text, i.indclass::text, coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
               coalesce(pg_get_expr(i.indpred, i.indrelid), '')
     having count(*) > 1
      order by 1`,
  );
  return result(
    'duplicate_indexes',
    rows,
    'problem',
    'no duplicate indexes',
    `${rows.length} set(s) of duplicate indexes`,
  );
};
