import type { Unit } from './unit.js';

/**
 * A repository whose every method is an operation the unit tracks: the unit waits for it,
 * names it when the callback forgot to await it, and refuses it after the unit settled.
 * Methods are wrapped when first read (a unit calls one or two of them).
 */
export function tracked<R extends object>(unit: Unit, name: string, repository: R): R {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(repository, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      let method = wrapped.get(key);
      if (!method) {
        const label = `${name}.${String(key)}`;
        method = (...args: unknown[]) =>
          unit.track(label, () => new Promise((resolve) => resolve((value as (...a: unknown[]) => unknown)(...args))));
        wrapped.set(key, method);
      }
      return method;
    },
  });
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
