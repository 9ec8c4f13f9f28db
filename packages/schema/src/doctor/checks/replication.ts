import type { DoctorCheck } from '../doctor-check.js';

/** Replay lag of each replica (on a primary), or of this server (on a replica). */
export const replication: DoctorCheck = async (client, t) => {
  const [role] = (await client.query<{ replica: boolean }>('select pg_is_in_recovery() as replica')).rows;
  if (role?.replica) {
    const { rows } = await client.query<{ lagMs: number | null }>(
      `select (extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)::int as "lagMs"`,
    );
    const lag = rows[0]?.lagMs ?? null;
    return {
      name: 'replication',
      status: lag !== null && lag > t.replicationLagMs ? 'warn' : 'ok',
      summary: `this server is a replica; last replayed transaction ${lag === null ? 'unknown' : `${lag} ms`} ago`,
      details: rows,
    };
  }
  const { rows } = await client.query<{ name: string; state: string; replayLagMs: number | null }>(
    `select application_name as name, state, (extract(epoch from replay_lag) * 1000)::int as "replayLagMs",
            pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint::text as "bytesBehind"
       from pg_stat_replication order by 1`,
  );
  if (rows.length === 0) {
    return { name: 'replication', status: 'skipped', summary: 'no replicas are connected', details: [] };
  }
  const late = rows.filter((r) => (r.replayLagMs ?? 0) > t.replicationLagMs || r.state !== 'streaming');
  return {
    name: 'replication',
    status: late.length > 0 ? 'warn' : 'ok',
    summary: `${rows.length} replica(s), ${late.length} behind by more than ${t.replicationLagMs} ms or not streaming`,
    details: rows,
  };
};
