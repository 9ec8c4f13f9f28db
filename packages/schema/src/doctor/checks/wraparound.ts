import type { DoctorCheck } from '../doctor-check.js';

const LIMIT = 2 ** 31;

/** Transaction-ID age of this database and its oldest tables against the 2^31 wraparound limit. */
export const wraparound: DoctorCheck = async (client, t) => {
  const { rows } = await client.query<{ age: number; oldest: string | null; oldestAge: number | null }>(
    `select age(d.datfrozenxid)::int as age,
            (select c.oid::regclass::text from pg_class c where c.relkind in ('r', 'm', 't')
              order by age(c.relfrozenxid) desc limit 1) as oldest,
            (select max(age(c.relfrozenxid))::int from pg_class c where c.relkind in ('r', 'm', 't')) as "oldestAge"
       from pg_database d where d.datname = current_database()`,
  );
  const r = rows[0] ?? { age: 0, oldest: null, oldestAge: null };
  const share = r.age / LIMIT;
  return {
    name: 'wraparound',
    status: share > t.wraparoundShare ? 'problem' : share > t.wraparoundShare / 2 ? 'warn' : 'ok',
    summary: `transaction-ID age ${r.age.toLocaleString('en')} (${(share * 100).toFixed(2)}% of the wraparound limit; ${(LIMIT - r.age).toLocaleString('en')} left)`,
    details: [{ ...r, limit: LIMIT }],
  };
};
