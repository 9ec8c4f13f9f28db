import { sql } from 'kysely';
import { NotFoundError, ValidationError } from '../errors/legal-error.js';
import { PERMISSIONS, type PermissionCode } from '../generated/permissions.js';
import {
  type CreateRoleInput,
  createRoleSchema,
  grantSchema,
  type ListWallsInput,
  listWallsSchema,
  type PermissionGrantInput,
  revokeSchema,
  roleName,
  setRolePermissionsSchema,
  type WallInput,
  wallKeySchema,
  wallSchema,
} from '../schemas/access.js';
import { id as idSchema } from '../schemas/common.js';
import type { Grants } from '../tenant/grants.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

/** A role of the firm with its permissions. */
export interface Role {
  id: string;
  name: string;
  description: string | null;
  /** One of the roles every firm starts with (it cannot be deleted). */
  isDefault: boolean;
  permissions: PermissionCode[];
}

/** A personal grant: a permission held by one user besides their role's, until it expires. */
export interface PermissionGrant {
  userId: string;
  permission: PermissionCode;
  grantedBy: string | null;
  grantedAt: Date;
  expiresAt: Date | null;
}

/** An ethical wall: the user sees nothing of the matter, whatever their role. */
export interface EthicalWall {
  id: string;
  caseId: string;
  userId: string;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
}

/** What a user can see and do, as a unit of theirs would be granted it. */
export interface UserAccess {
  userId: string;
  /** An inactive user opens no unit at all. */
  active: boolean;
  role: string;
  permissions: PermissionCode[];
  /** `'all'`: every matter of the firm (but walled ones); else the matters and the level on each. */
  cases: 'all' | { caseId: string; level: 'read' | 'write' }[];
  /** The matters walls screen the user from. */
  walls: string[];
}

/** One user who can see a matter, at which level and why. */
export interface CaseAccess {
  userId: string;
  fullName: string;
  role: string;
  /** `write`: may change the matter and what belongs to it (given the permission for each change). */
  level: 'read' | 'write';
  /** `all matters` (the role sees every matter), `owner`, `assignee` or `member:<viewer|editor|admin>`. */
  via: string;
}

const KNOWN = new Set<string>(PERMISSIONS.map((p) => p.code));

function knownPermissions(codes: readonly string[], path: string): PermissionCode[] {
  const unknown = codes.map((c, i) => ({ c, i })).filter(({ c }) => !KNOWN.has(c));
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map(({ c, i }) => ({ path: `${path}.${i}`, message: `unknown permission "${c}"` })),
    );
  }
  return [...new Set(codes)].sort() as PermissionCode[];
}

/**
 * Administration of access inside the firm: roles and their permissions (`roles.manage`),
 * personal grants (`users.manage`), ethical walls (`walls.manage`), and the access review
 * (`access.review`). Every change is audited (the tables' audit trail) and takes effect
 * for the affected users' next unit (their cached grants are invalidated by the database).
 */
export function accessRepository(ctx: RepositoryContext) {
  const me = ctx.context.userId;
  const tenantId = ctx.context.tenantId;

  /** After a change: the firm's cached grants are dropped; when it touched the current user, this unit's grants follow it. */
  async function refreshIfMine(affectsMe: boolean): Promise<void> {
    ctx.access.changedAccess(tenantId);
    if (!affectsMe) return;
    const { rows } = await sql<{ grants: Grants }>`select legal.refresh_unit() as grants`.execute(ctx.db);
    ctx.access.established(rows[0]?.grants);
  }

  async function roleId(name: string): Promise<string> {
    const row = await ctx.db
      .selectFrom('roles')
      .select('id')
      .where('tenantId', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('role', name);
    return row.id;
  }

  async function myRole(): Promise<string> {
    return (await ctx.access.current()).role;
  }

  async function listRoles(): Promise<Role[]> {
    const { rows } = await sql<Role>`
      select r.id, r.name, r.description, r.is_default,
             coalesce(array_agg(rp.permission_code order by rp.permission_code)
                      filter (where rp.permission_code is not null), '{}') as permissions
        from legal.roles r
        left join legal.role_permissions rp on rp.tenant_id = r.tenant_id and rp.role_id = r.id
       where r.tenant_id = ${tenantId}::uuid
       group by r.id, r.name, r.description, r.is_default
       order by r.name`.execute(ctx.db);
    return rows;
  }

  return {
    /** The firm's roles with their permissions (every user may read them). */
    roles: listRoles,

    /**
     * Creates a role with its permissions. Needs `roles.manage`.
     * @throws {ValidationError} a bad name or an unknown permission
     * @throws {ConflictError} the firm has a role of that name
     */
    async createRole(input: CreateRoleInput): Promise<Role> {
      const values = parseInput(createRoleSchema, input);
      const permissions = knownPermissions(values.permissions, 'permissions');
      await requirePermission(ctx, 'roles.manage');
      const role = await ctx.db
        .insertInto('roles')
        .values({ name: values.name, description: values.description ?? null })
        .returning(['id', 'name', 'description', 'isDefault'])
        .executeTakeFirstOrThrow();
      if (permissions.length > 0) {
        await ctx.db
          .insertInto('rolePermissions')
          .values(permissions.map((permissionCode) => ({ roleId: role.id, permissionCode })))
          .execute();
      }
      return { ...role, permissions };
    },

    /**
     * Replaces a role's permissions (default roles included). Needs `roles.manage`. Users of
     * the role get the new permissions from their next unit.
     * @throws {NotFoundError} no such role
     */
    async setRolePermissions(name: string, permissions: readonly string[]): Promise<Role> {
      const values = parseInput(setRolePermissionsSchema, { name, permissions: [...permissions] });
      const codes = knownPermissions(values.permissions, 'permissions');
      await requirePermission(ctx, 'roles.manage');
      const id = await roleId(values.name);
      let stale = ctx.db.deleteFrom('rolePermissions').where('roleId', '=', id);
      if (codes.length > 0) stale = stale.where('permissionCode', 'not in', codes);
      await stale.execute();
      if (codes.length > 0) {
        await ctx.db
          .insertInto('rolePermissions')
          .values(codes.map((permissionCode) => ({ roleId: id, permissionCode })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      await refreshIfMine(values.name === (await myRole()));
      const role = (await listRoles()).find((r) => r.id === id);
      if (!role) throw new NotFoundError('role', name);
      return role;
    },

    /**
     * Deletes a role no user holds. Needs `roles.manage`.
     * @throws {CheckViolationError} a default role
     * @throws {ForeignKeyError} users still hold the role
     * @throws {NotFoundError} no such role
     */
    async deleteRole(name: string): Promise<void> {
      const value = parseInput(roleName, name, 'name');
      await requirePermission(ctx, 'roles.manage');
      const id = await roleId(value);
      await ctx.db.deleteFrom('roles').where('id', '=', id).execute();
    },

    /** Personal grants, of one user or of the whole firm. Needs `users.manage` or `access.review` for others'. */
    async grants(userId?: string): Promise<PermissionGrant[]> {
      const user = userId === undefined ? undefined : parseInput(idSchema, userId, 'userId');
      if (user !== me)
        await ctx.access.requireAny(
          ['users.manage', 'access.review'],
          'Reading grants needs users.manage or access.review',
        );
      let query = ctx.db
        .selectFrom('userPermissions')
        .select(['userId', 'permissionCode as permission', 'grantedBy', 'grantedAt', 'expiresAt'])
        .where('tenantId', '=', tenantId)
        .orderBy('userId')
        .orderBy('permissionCode');
      if (user) query = query.where('userId', '=', user);
      return (await query.execute()) as PermissionGrant[];
    },

    /**
     * Grants a user a permission besides their role's, until `expiresAt` (default: never);
     * granting again replaces the expiry. Needs `users.manage`.
     * @throws {ForeignKeyError} no such user in the firm
     */
    async grant(input: PermissionGrantInput): Promise<PermissionGrant> {
      const values = parseInput(grantSchema, input);
      const [permission] = knownPermissions([values.permission], 'permission');
      await requirePermission(ctx, 'users.manage');
      const row = await ctx.db
        .insertInto('userPermissions')
        .values({
          userId: values.userId,
          permissionCode: permission as PermissionCode,
          grantedBy: me,
          expiresAt: values.expiresAt ?? null,
        })
        .onConflict((oc) =>
          oc.columns(['tenantId', 'userId', 'permissionCode']).doUpdateSet({
            expiresAt: values.expiresAt ?? null,
            grantedBy: me,
            grantedAt: sql`now()`,
          }),
        )
        .returning(['userId', 'permissionCode as permission', 'grantedBy', 'grantedAt', 'expiresAt'])
        .executeTakeFirstOrThrow();
      await refreshIfMine(values.userId === me);
      return row as PermissionGrant;
    },

    /** Takes a personal grant back; false when there was none. Needs `users.manage`. */
    async revoke(userId: string, permission: string): Promise<boolean> {
      const values = parseInput(revokeSchema, { userId, permission });
      await requirePermission(ctx, 'users.manage');
      const result = await ctx.db
        .deleteFrom('userPermissions')
        .where('userId', '=', values.userId)
        .where('permissionCode', '=', values.permission)
        .executeTakeFirst();
      await refreshIfMine(values.userId === me);
      return result.numDeletedRows > 0n;
    },

    /**
     * Screens a user from a matter: from their next statement on they see nothing of it
     * anywhere (lists, search, documents and their text, time, money, reports, the AI
     * assistant, the audit trail), whatever their role. Needs `walls.manage`; audited.
     * @throws {ConflictError} the wall exists already
     * @throws {ForeignKeyError} no such matter or user in the firm
     */
    async putUpWall(input: WallInput): Promise<EthicalWall> {
      const values = parseInput(wallSchema, input);
      await requirePermission(ctx, 'walls.manage');
      const wall = await ctx.db
        .insertInto('ethicalWalls')
        .values({ caseId: values.caseId, userId: values.userId, reason: values.reason, createdBy: me })
        .returning(['id', 'caseId', 'userId', 'reason', 'createdBy', 'createdAt'])
        .executeTakeFirstOrThrow();
      await refreshIfMine(values.userId === me);
      return wall;
    },

    /** Takes a wall down; false when there was none. Needs `walls.manage`; audited. */
    async takeDownWall(caseId: string, userId: string): Promise<boolean> {
      const values = parseInput(wallKeySchema, { caseId, userId });
      await requirePermission(ctx, 'walls.manage');
      const result = await ctx.db
        .deleteFrom('ethicalWalls')
        .where('caseId', '=', values.caseId)
        .where('userId', '=', values.userId)
        .executeTakeFirst();
      await refreshIfMine(values.userId === me);
      return result.numDeletedRows > 0n;
    },

    /** The firm's walls, by matter and/or user. Needs `walls.manage`, `access.review` or `audit.read`. */
    async walls(filter: ListWallsInput = {}): Promise<EthicalWall[]> {
      const f = parseInput(listWallsSchema, filter);
      await ctx.access.requireAny(
        ['walls.manage', 'access.review', 'audit.read'],
        'Reading walls needs walls.manage, access.review or audit.read',
      );
      let query = ctx.db
        .selectFrom('ethicalWalls')
        .select(['id', 'caseId', 'userId', 'reason', 'createdBy', 'createdAt'])
        .where('tenantId', '=', tenantId)
        .orderBy('createdAt')
        .orderBy('id');
      if (f.caseId) query = query.where('caseId', '=', f.caseId);
      if (f.userId) query = query.where('userId', '=', f.userId);
      return query.execute();
    },

    /**
     * What a user can see and do: exactly what a unit of theirs would be granted. Needs
     * `access.review`.
     * @throws {NotFoundError} no such user in the firm
     */
    async whatCanSee(userId: string): Promise<UserAccess> {
      const user = parseInput(idSchema, userId, 'userId');
      await requirePermission(ctx, 'access.review');
      const { rows } = await sql<{
        access: (Grants & { active: boolean }) | null;
      }>`select legal.review_user_access(${user}::uuid) as access`.execute(ctx.db);
      const g = rows[0]?.access;
      if (!g) throw new NotFoundError('user', userId);
      return {
        userId: user,
        active: g.active,
        role: g.role,
        permissions: g.perms.split(',').filter(Boolean) as PermissionCode[],
        cases:
          g.cases === '*'
            ? 'all'
            : g.cases
                .split(',')
                .filter(Boolean)
                .map((entry) => {
                  const [caseId = '', level] = entry.split(':');
                  return { caseId, level: level === 'w' ? ('write' as const) : ('read' as const) };
                }),
        walls: g.walls.split(',').filter(Boolean),
      };
    },

    /**
     * Who can see a matter: every active user whose grants include it and no wall screens
     * them, with the level and why. Needs `access.review` (and the matter in the reviewer's
     * own view: an empty list otherwise).
     */
    async whoCanSee(caseId: string): Promise<CaseAccess[]> {
      const id = parseInput(idSchema, caseId, 'caseId');
      await requirePermission(ctx, 'access.review');
      const { rows } = await sql<CaseAccess>`
        select user_id, full_name, role, level, via from legal.review_case_access(${id}::uuid)`.execute(ctx.db);
      return rows;
    },
  };
}

export type AccessRepository = ReturnType<typeof accessRepository>;
