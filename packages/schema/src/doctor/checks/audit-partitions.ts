import type { DoctorCheck } from '../doctor-check.js';

/** Audit months ready ahead of now, and events that fell into the default partition. */
export const auditPartitions: DoctorCheck = async (client, t) => {
  const { rows } = await client.query<{ ahead: number; inDefault: number; months: number }>(
    `select count(*) filter (where lower_bound > date_trunc('month', now()))::int as ahead,
            count(*)::int as months,
            (select count(*)::int from legal.audit_log_default) as "inDefault"
       from (select (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz as lower_bound
               from pg_inherits i join pg_class c on c.oid = i.inhrelid
              where i.inhparent = 'legal.audit_log'::regclass and not c.relname like '%_default') p`,
  );
  const r = rows[0] ?? { ahead: 0, inDefault: 0, months: 0 };
  const short = r.ahead < t.auditMonthsAhead;
  return {
    name: 'audit_partitions',
    status: short || r.inDefault > 0 ? 'warn' : 'ok',
    summary: `${r.months} monthly partition(s), ${r.ahead} ahead of this month${short ? ' (run legal-schema maintenance)' : ''}; ${r.inDefault} event(s) in the default partition`,
    details: [r],
  };
};
