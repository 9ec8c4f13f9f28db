import type { DoctorCheck } from '../doctor-check.js';

/** The ten slowest statements on average, from pg_stat_statements when it is installed in this database. */
export const slowStatements: DoctorCheck = async (client, t) => {
  const ext = await client.query<{ schema: string }>(
    `select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
      where e.extname = 'pg_stat_statements'`,
  );
  const schema = ext.rows[0]?.schema;
  if (!schema) {
    return {
      name: 'slow_statements',
      status: 'skipped',
      summary: 'pg_stat_statements is not installed in this database (shared_preload_libraries + CREATE EXTENSION)',
      details: [],
    };
  }
  const { rows } = await client.query<{ query: string; calls: number; meanMs: number; totalMs: number }>(
    `select left(query, 300) as query, calls::int, round(mean_exec_time::numeric, 2)::float8 as "meanMs",
            round(total_exec_time::numeric, 0)::float8 as "totalMs"
       from ${client.escapeIdentifier(schema)}.pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
      order by mean_exec_time desc limit 10`,
  );
  const slow = rows.filter((r) => r.meanMs > t.slowStatementMs);
  return {
    name: 'slow_statements',
    status: slow.length > 0 ? 'warn' : 'ok',
    summary:
      slow.length > 0
        ? `${slow.length} statement(s) slower than ${t.slowStatementMs} ms on average`
        : `no statement slower than ${t.slowStatementMs} ms on average (slowest ${rows[0]?.meanMs ?? 0} ms)`,
    details: rows,
  };
};
