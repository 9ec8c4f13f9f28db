import { type DoctorCheck, result } from '../doctor-check.js';

/** Tables changed a lot since their last analyze, or never vacuumed/analyzed while holding rows. */
export const vacuumAge: DoctorCheck = async (client, t) => {
  const { rows } = await client.query(
    `select relid::regclass::text as "table", n_live_tup::bigint::text as live,
            n_mod_since_analyze::bigint::text as "changedSinceAnalyze",
            greatest(last_analyze, last_autoanalyze) as "lastAnalyze",
            greatest(last_vacuum, last_autovacuum) as "lastVacuum"
       from pg_stat_user_tables
      where schemaname = 'legal' and n_live_tup + n_mod_since_analyze > 1000
        and (greatest(last_analyze, last_autoanalyze) is null
             or n_mod_since_analyze::numeric / greatest(n_live_tup, 1) > $1)
      order by n_mod_since_analyze desc`,
    [t.staleAnalyzeShare],
  );
  return result(
    'vacuum_analyze_age',
    rows,
    'warn',
    'statistics are fresh on every table',
    `${rows.length} table(s) need ANALYZE (legal-schema maintenance analyze)`,
  );
};
