import { PostgresDialect } from 'kysely';
import type pg from 'pg';

/**
 * A kysely dialect over ONE already-open pg client (the transaction's), so every query
 * of a `withTenant` scope runs inside that transaction. Releasing is left to the caller.
 */
export function singleConnectionDialect(client: pg.PoolClient): PostgresDialect {
  const borrowed = new Proxy(client, {
    get(target, property) {
      if (property === 'release') return () => {};
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new PostgresDialect({
    pool: { connect: async () => borrowed, end: async () => {} } as unknown as pg.Pool,
  });
}
