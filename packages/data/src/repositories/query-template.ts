import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { DB } from '../generated/db.js';

/** Where a value goes in a template's compiled query. */
class Slot {
  constructor(readonly key: string) {}
}

interface Compiled {
  readonly query: CompiledQuery;
  /** Per parameter: the value's key in `values`, or the constant kysely compiled. */
  readonly slots: readonly (Slot | { readonly constant: unknown })[];
}

/**
 * A repository query built and compiled once per variant, then run with fresh values.
 * Building a kysely query and running it through the plugins (camelCase, schema) costs more
 * than PostgreSQL needs to run a prepared statement, so the hot reads of the repositories
 * (get, list) compile once and only bind values afterwards.
 *
 * `build` receives placeholders in `p` (use them only as values, never in conditions) and the
 * variant `v` (a small object of flags: which filters a list has), which is part of the cache key.
 *
 * @example
 * ```ts
 * const byId = queryTemplate((db, p: { tenantId: string; id: string }) =>
 *   db.selectFrom('cases').selectAll().where('tenantId', '=', p.tenantId).where('id', '=', p.id),
 * );
 * const rows = await byId.execute(ctx.db, { tenantId, id });
 * ```
 */
export function queryTemplate<P extends object, R, V extends object = Record<string, never>>(
  build: (db: Kysely<DB>, p: P, v: V) => Compilable<R>,
  /** Variants kept at most (past that, a variant is compiled on every use). Default: 64. */
  capacity = 64,
) {
  const byVariant = new Map<string, Compiled>();
  const placeholders = new Proxy(
    {},
    {
      get: (_target, key) => (typeof key === 'string' ? new Slot(key) : undefined),
    },
  ) as P;

  function compile(db: Kysely<DB>, v: V): Compiled {
    const query = build(db, placeholders, v).compile();
    return {
      query,
      slots: query.parameters.map((value) => (value instanceof Slot ? value : { constant: value })),
    };
  }

  return {
    /** Runs the template's query in the unit of `db` with `values` (and the variant `v`). */
    async execute(db: Kysely<DB>, values: P, v: V = {} as V): Promise<R[]> {
      const key = JSON.stringify(v);
      let compiled = byVariant.get(key);
      if (!compiled) {
        compiled = compile(db, v);
        if (byVariant.size < capacity) byVariant.set(key, compiled);
      }
      const parameters = compiled.slots.map((slot) =>
        slot instanceof Slot ? (values as Record<string, unknown>)[slot.key] : slot.constant,
      );
      const result = await db.executeQuery<R>({ ...compiled.query, parameters });
      return result.rows;
    },
  };
}
