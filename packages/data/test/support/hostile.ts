import type { TenantScope } from '../../src/index.js';

/** The scope as hostile input reaches it: any argument, as app code without types would send. */
export type Hostile = {
  [R in keyof TenantScope]: { [M in keyof TenantScope[R]]: (...args: unknown[]) => Promise<unknown> };
};
