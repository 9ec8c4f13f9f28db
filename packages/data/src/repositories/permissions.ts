import { permissionCode } from '../schemas/common.js';
import { parseInput } from './parse-input.js';
import type { RepositoryContext } from './repository-context.js';

/**
 * Whether the unit's user holds a permission: their role's, a personal grant that has not
 * expired, narrowed by a token's scopes, as the database established them with the context.
 * No round trip (a "no" from the cache is confirmed once).
 */
export async function hasPermission(ctx: RepositoryContext, input: string): Promise<boolean> {
  return ctx.access.has(parseInput(permissionCode, input, 'code'));
}

/** Throws ForbiddenError naming the permission when the user lacks it. */
export async function requirePermission(ctx: RepositoryContext, code: string): Promise<void> {
  await ctx.access.require(code);
}
