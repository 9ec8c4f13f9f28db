import { PostgresDialect } from 'kysely';
import type pg from 'pg';
import { wrapError } from '../errors/wrap-error.js';

/**
 * A kysely dialect over ONE already-open pg client (the transaction's), so every query
 * of a `withTenant` scope runs inside that transaction. Releasing is left to the caller.
 */
export function singleConnectionDialect(client: pg.PoolClient): PostgresDialect {
  const borrowed = new Proxy(client, {
    get(target, property) {
      if (property === 'release') return () => {};
      // errors reach fn (and the repositories) already mapped to the LegalError hierarchy
      if (property === 'query') {
        return (...args: unknown[]) =>
          (target.query as (...a: unknown[]) => Promise<unknown>)(...args).catch((error: unknown) => {
            throw wrapError(error);
          });
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new PostgresDialect({
    pool: { connect: async () => borrowed, end: async () => {} } as unknown as pg.Pool,
  });
}
