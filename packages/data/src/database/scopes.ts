import type { Kysely } from 'kysely';
import type { FieldCipher } from '../crypto/field-encryption.js';
import type { DB } from '../generated/db.js';
import { TENANT_REPOSITORIES, type TenantRepositories } from '../repositories/registry.js';
import type { RepositoryContext } from '../repositories/repository-context.js';
import { type TenantsRepository, tenantsRepository } from '../repositories/tenants.js';
import type { ContextSigner } from '../tenant/context-key.js';
import type { SystemContext, TenantContext } from '../tenant/tenant-context.js';
import type { UnitAccess } from '../tenant/unit-access.js';
import { lazyObject, tracked } from '../unit/tracked.js';
import type { Unit } from '../unit/unit.js';

/** What `fn` receives inside `withTenant`: one unit of work, bound to one firm and user. */
export interface TenantScope extends TenantRepositories {
  /** The validated context of this unit. */
  readonly context: TenantContext;
  /** Kysely over this unit (camelCase, schema `legal`), under RLS as legal_app. Closed when the unit settles. */
  readonly db: Kysely<DB>;
  /**
   * Runs `fn` in a savepoint: when it throws, its work is undone and the unit goes on (the
   * error is rethrown). The way to recover from a failed statement inside a unit.
   */
  savepoint<T>(fn: (scope: TenantScope) => Promise<T>): Promise<T>;
}

/** What `fn` receives inside `asSystem`: a cross-tenant unit as legal_system. */
export interface SystemScope {
  readonly context: SystemContext;
  readonly db: Kysely<DB>;
  readonly tenants: TenantsRepository;
  savepoint<T>(fn: (scope: SystemScope) => Promise<T>): Promise<T>;
}

/** What the repositories of a LegalDb share. */
export interface ScopeServices {
  readonly passwordHashCost: number;
  readonly cipher: FieldCipher | undefined;
  readonly embeddingDimensions: Readonly<Record<string, number>>;
  readonly signer: ContextSigner;
}

/** The scope of a tenant unit: repositories are built on first use (most units touch one or two). */
class TenantScopeImpl {
  readonly #unit: Unit;
  readonly #repo: RepositoryContext;
  readonly #built: Partial<Record<keyof TenantRepositories, object>> = {};

  constructor(
    unit: Unit,
    readonly db: Kysely<DB>,
    readonly context: TenantContext,
    repo: RepositoryContext,
  ) {
    this.#unit = unit;
    this.#repo = repo;
  }

  savepoint<T>(fn: (scope: TenantScope) => Promise<T>): Promise<T> {
    return this.#unit.savepoint(() => fn(this as unknown as TenantScope));
  }

  /** The repository `name` of this unit, built and wrapped on first use. */
  repository(name: keyof TenantRepositories): object {
    let built = this.#built[name];
    if (!built) {
      const make = TENANT_REPOSITORIES[name] as (ctx: RepositoryContext) => object;
      built = tracked(this.#unit, name, make(this.#repo));
      this.#built[name] = built;
    }
    return built;
  }
}
for (const name of Object.keys(TENANT_REPOSITORIES) as (keyof TenantRepositories)[]) {
  Object.defineProperty(TenantScopeImpl.prototype, name, {
    enumerable: true,
    get(this: TenantScopeImpl) {
      return this.repository(name);
    },
  });
}

/** Builds the scope of a tenant unit. */
export function tenantScope(
  unit: Unit,
  db: Kysely<DB>,
  context: TenantContext,
  access: UnitAccess,
  services: ScopeServices,
): TenantScope {
  return new TenantScopeImpl(unit, db, context, { db, context, access, ...services }) as unknown as TenantScope;
}

/** Builds the scope of a system unit. */
export function systemScope(unit: Unit, db: Kysely<DB>, context: SystemContext, services: ScopeServices): SystemScope {
  const scope: SystemScope = lazyObject<SystemScope>(
    { context, db, savepoint: (fn) => unit.savepoint(() => fn(scope)) },
    { tenants: () => tracked(unit, 'tenants', tenantsRepository(db, services.passwordHashCost)) },
  );
  return scope;
}
