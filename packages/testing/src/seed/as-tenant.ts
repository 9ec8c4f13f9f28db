import type { LegalDb, TenantContext, TenantScope } from '@legal/data';

/** A function that runs `fn` in a `withTenant` transaction of a fixed context. */
export type TenantRunner = <T>(fn: (t: TenantScope) => Promise<T>) => Promise<T>;

/**
 * A shortcut for one context: `const asJane = asTenant(db, ctx); await asJane((t) => t.cases.list());`
 */
export function asTenant(db: LegalDb, context: TenantContext): TenantRunner {
  return (fn) => db.withTenant(context, fn);
}

/**
 * A shortcut for one user of a seeded firm, by role (`'admin'`, `'lawyer'`, `'paralegal'`, …,
 * as in `seedFirm(...).users`).
 *
 * @example
 * ```ts
 * const firm = await seedFirm(url, { cases: 50 });
 * const asParalegal = asUser(db, firm, 'paralegal');
 * await asParalegal((t) => t.tasks.overdue());
 * ```
 */
export function asUser(
  db: LegalDb,
  firm: { tenantId: string; users: Record<string, string> },
  role: string,
  extra: Omit<TenantContext, 'tenantId' | 'userId'> = {},
): TenantRunner {
  const userId = firm.users[role];
  if (!userId) throw new Error(`the firm has no user "${role}"; it has: ${Object.keys(firm.users).join(', ')}`);
  return asTenant(db, { tenantId: firm.tenantId, userId, ...extra });
}
