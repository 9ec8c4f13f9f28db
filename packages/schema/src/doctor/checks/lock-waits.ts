import { type DoctorCheck, result } from '../doctor-check.js';

/** Sessions waiting on a lock longer than the threshold, and who blocks them. */
export const lockWaits: DoctorCheck = async (client, t) => {
  const { rows } = await client.query(
    `select pid, usename as "user", extract(epoch from now() - state_change)::int * 1000 as "waitingMs",
            pg_blocking_pids(pid) as "blockedBy", left(query, 200) as query
       from pg_stat_activity
      where wait_event_type = 'Lock' and now() - state_change > make_interval(secs => $1::float8 / 1000)
      order by state_change`,
    [t.lockWaitMs],
  );
  return result(
    'lock_waits',
    rows,
    'warn',
    'no session waits on a lock',
    `${rows.length} session(s) waiting on a lock`,
  );
};
