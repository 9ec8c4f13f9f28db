import type { Unit } from './unit.js';

/**
 * A repository whose every method is an operation the unit tracks: the unit waits for it,
 * names it when the callback forgot to await it, and refuses it after the unit settled.
 */
export function tracked<R extends object>(unit: Unit, name: string, repository: R): R {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(repository)) {
    out[key] =
      typeof value === 'function'
        ? (...args: unknown[]) => unit.track(`${name}.${key}`, () => new Promise((resolve) => resolve(value(...args))))
        : value;
  }
  return out as R;
}

/** An object whose properties are built on first read, then kept. */
export function lazyObject<S extends object>(base: Partial<S>, factories: { [K in keyof S]?: () => S[K] }): S {
  const scope = base as S;
  for (const key of Object.keys(factories) as (keyof S)[]) {
    const factory = factories[key] as () => S[keyof S];
    Object.defineProperty(scope, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = factory();
        Object.defineProperty(scope, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return scope;
}
