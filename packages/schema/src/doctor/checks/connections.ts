import type { DoctorCheck } from '../doctor-check.js';

/** Connections by state against `max_connections` (the seed's "active connections" query, and more). */
export const connections: DoctorCheck = async (client) => {
  const { rows } = await client.query<{ active: number; idle_in_tx: number; total: number; max: number }>(
    `select count(*) filter (where state = 'active')::int as active,
            count(*) filter (where state like 'idle in transaction%')::int as idle_in_tx,
            count(*)::int as total, current_setting('max_connections')::int as max
       from pg_stat_activity where backend_type = 'client backend'`,
  );
  const r = rows[0] ?? { active: 0, idle_in_tx: 0, total: 0, max: 1 };
  const share = r.total / r.max;
  return {
    name: 'connections',
    status: share > 0.9 ? 'problem' : share > 0.75 || r.idle_in_tx > 0 ? 'warn' : 'ok',
    summary: `${r.active} active, ${r.idle_in_tx} idle in transaction, ${r.total} of ${r.max} connections used`,
    details: [r],
  };
};
