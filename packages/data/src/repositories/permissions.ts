import { sql } from 'kysely';
import { ForbiddenError } from '../errors/legal-error.js';
import { permissionCode } from '../schemas/common.js';
import { parseInput } from './parse-input.js';
import type { RepositoryContext } from './repository-context.js';

/**
 * Whether the context's user holds a permission: through their role's permissions or a
 * personal grant that has not expired. Cached for the transaction.
 */
export async function hasPermission(ctx: RepositoryContext, input: string): Promise<boolean> {
  const code = parseInput(permissionCode, input, 'code');
  const cached = ctx.permissionCache.get(code);
  if (cached !== undefined) return cached;
  const row = await ctx.db
    .selectNoFrom((eb) =>
      eb
        .or([
          eb.exists(
            eb
              .selectFrom('users as u')
              .innerJoin('roles as r', (j) => j.onRef('r.tenantId', '=', 'u.tenantId').onRef('r.name', '=', 'u.role'))
              .innerJoin('rolePermissions as rp', (j) =>
                j.onRef('rp.tenantId', '=', 'r.tenantId').onRef('rp.roleId', '=', 'r.id'),
              )
              .where('u.id', '=', ctx.context.userId)
              .where('u.isActive', '=', true)
              .where('rp.permissionCode', '=', code)
              .select(sql`1`.as('one')),
          ),
          eb.exists(
            eb
              .selectFrom('userPermissions as up')
              .where('up.userId', '=', ctx.context.userId)
              .where('up.permissionCode', '=', code)
              .where((w) => w.or([w('up.expiresAt', 'is', null), w('up.expiresAt', '>', sql<Date>`now()`)]))
              .select(sql`1`.as('one')),
          ),
        ])
        .as('allowed'),
    )
    .executeTakeFirstOrThrow();
  const allowed = Boolean(row.allowed);
  ctx.permissionCache.set(code, allowed);
  return allowed;
}

/** Throws ForbiddenError naming the permission when the user lacks it. */
export async function requirePermission(ctx: RepositoryContext, code: string): Promise<void> {
  if (!(await hasPermission(ctx, code))) {
    throw new ForbiddenError(`This action needs the permission ${code}`, code);
  }
}
