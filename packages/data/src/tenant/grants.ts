/**
 * What a user may do and see inside their firm, as the database computed it
 * (legal.unit_grants) when their context was last established. Cached by the SDK per
 * firm, user and token scopes; the database checks the epoch on every unit and recomputes
 * when anything about the user's access changed.
 */
export interface Grants {
  readonly role: string;
  readonly roleId: string;
  /** `,code,code,`: the effective permission codes. */
  readonly perms: string;
  /** `*` (every matter of the firm), or `,<case>:w,<case>:r,` (w: may write). */
  readonly cases: string;
  /** `,<case>,`: the matters an ethical wall screens the user from. */
  readonly walls: string;
  readonly epoch: string;
  /** When the first personal grant among them expires (ISO), or null. */
  readonly until?: string | null;
}

/**
 * A bounded map of the grants of recent contexts (least recently used out). The database
 * checks a cached entry's epoch on every unit that opens; an answer given from the cache
 * WITHOUT opening the unit is trusted only while the entry is recent (`trustMs`) and none of
 * its personal grants has expired.
 */
export class GrantsCache {
  private readonly entries = new Map<string, Grants>();
  private readonly stored = new WeakMap<Grants, number>();
  constructor(
    private readonly capacity = 10_000,
    private readonly trustMs = 5_000,
  ) {}

  static key(tenantId: string, userId: string, scopes: readonly string[] | undefined): string {
    return `${tenantId}|${userId}|${scopes ? [...scopes].sort().join(',') : '*'}`;
  }

  get(key: string): Grants | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  /** Whether `grants` may answer without the database: stored recently, no grant expired since. */
  trusted(grants: Grants, now = Date.now()): boolean {
    const at = this.stored.get(grants);
    if (at === undefined || now - at > this.trustMs) return false;
    return !grants.until || Date.parse(grants.until) > now;
  }

  /** Forgets every entry of a firm (after this process changed access in it). */
  forgetFirm(tenantId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${tenantId}|`)) this.entries.delete(key);
  }

  set(key: string, grants: Grants): void {
    this.stored.set(grants, Date.now());
    this.entries.delete(key);
    this.entries.set(key, grants);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

const sets = new WeakMap<Grants, ReadonlySet<string>>();

/** The permission codes of grants, as a set (built once per grants object). */
export function permissionSet(grants: Grants): ReadonlySet<string> {
  let set = sets.get(grants);
  if (!set) {
    set = new Set(grants.perms.split(',').filter(Boolean));
    sets.set(grants, set);
  }
  return set;
}
