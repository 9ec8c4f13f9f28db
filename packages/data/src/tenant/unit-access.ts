import { ForbiddenError, TenantContextError } from '../errors/legal-error.js';
import type { Unit } from '../unit/unit.js';
import { type Grants, type GrantsCache, permissionSet } from './grants.js';

/**
 * What the unit's user may do, for repositories to refuse early with a typed error (row level
 * security enforces the same rules in the database either way). Answers from the cached grants
 * without a round trip; a refusal is confirmed against the database's current grants first
 * (one round trip, only when the cache says no and the context has not been opened yet).
 */
export class UnitAccess {
  private grants: Grants | undefined;
  private permissions: ReadonlySet<string> | undefined;
  private verified = false;

  constructor(
    private readonly unit: Unit,
    private readonly cache: GrantsCache,
    private readonly cacheKey: string,
  ) {
    this.grants = cache.get(cacheKey);
  }

  /** The grants the unit's ticket carries (cached), if any. */
  get cached(): Grants | undefined {
    return this.grants;
  }

  /** Called with what legal.enter_unit returned: fresh grants when it had to compute them. */
  established(fresh: Grants | null | undefined): void {
    this.verified = true;
    if (fresh) {
      this.grants = fresh;
      this.permissions = undefined;
      this.cache.set(this.cacheKey, fresh);
    }
  }

  /** The current grants: cached, or established by opening the unit's context. */
  async current(): Promise<Grants> {
    if (!this.grants) await this.unit.open();
    if (!this.grants) throw new TenantContextError('The database returned no grants for this context');
    return this.grants;
  }

  /**
   * Whether the user holds a permission: from the grants the database established for this
   * unit, or from recently cached ones (no round trip); a "no", or a "yes" from grants too
   * old to trust, is confirmed by opening the unit's context first.
   */
  async has(code: string): Promise<boolean> {
    if (this.grants && this.set(this.grants).has(code) && (this.verified || this.cache.trusted(this.grants)))
      return true;
    if (!this.verified) await this.unit.open();
    return this.set(await this.current()).has(code);
  }

  /** After this unit changed access in its firm: cached grants of the firm are dropped. */
  changedAccess(tenantId: string): void {
    this.cache.forgetFirm(tenantId);
  }

  /** Throws ForbiddenError naming the permission unless the user holds it. */
  async require(code: string, message = `This action needs the permission ${code}`): Promise<void> {
    if (!(await this.has(code))) throw new ForbiddenError(message, code);
  }

  /** Throws ForbiddenError unless the user holds one of the permissions (named: the first). */
  async requireAny(codes: readonly string[], message: string): Promise<void> {
    for (const code of codes) if (await this.has(code)) return;
    throw new ForbiddenError(message, codes[0]);
  }

  /** The effective permission codes. */
  async all(): Promise<ReadonlySet<string>> {
    if (!this.verified) await this.unit.open();
    return this.set(await this.current());
  }

  private set(grants: Grants): ReadonlySet<string> {
    if (!this.permissions || this.grants !== grants) this.permissions = permissionSet(grants);
    return this.permissions;
  }
}
