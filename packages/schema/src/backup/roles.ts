import type pg from 'pg';

/** The cluster-wide roles the schema's grants, owners and policies name. */
export const SCHEMA_ROLES = ['legal_owner', 'legal_app', 'legal_readonly', 'legal_system'] as const;

/** A role as a backup records it: attributes and memberships, never a password. */
export interface BackupRole {
  name: string;
  login: boolean;
  bypassRls: boolean;
  inherit: boolean;
  /** Roles it is a member of (among the recorded ones). */
  memberOf: string[];
}

/**
 * The schema's roles and every non-superuser role that is a member of one (the app's and
 * reporting logins), with their memberships. Passwords are not read: they are set again
 * after a restore.
 */
export async function readRoles(client: pg.ClientBase): Promise<BackupRole[]> {
  const { rows } = await client.query<BackupRole>(
    `with recursive recorded as (
       select oid, rolname from pg_roles where rolname = any($1::text[])
       union
       select r.oid, r.rolname
         from pg_auth_members m
         join recorded x on x.oid = m.roleid
         join pg_roles r on r.oid = m.member
        where not r.rolsuper
     )
     select r.rolname::text as name, r.rolcanlogin as login, r.rolbypassrls as "bypassRls", r.rolinherit as inherit,
            coalesce((select array_agg(g.rolname order by g.rolname)
                        from pg_auth_members m join recorded g on g.oid = m.roleid
                       where m.member = r.oid)::text[], '{}') as "memberOf"
       from recorded x join pg_roles r on r.oid = x.oid
      order by r.rolname = any($1::text[]) desc, r.rolname`,
    [SCHEMA_ROLES],
  );
  return rows;
}

/**
 * Creates the roles that are missing (no password: logins get one with `ALTER ROLE`) and
 * grants the recorded memberships. Existing roles keep their attributes, except that
 * `legal_app` never bypasses RLS. Returns the roles it created.
 */
export async function createRoles(client: pg.ClientBase, roles: readonly BackupRole[]): Promise<string[]> {
  const created: string[] = [];
  for (const role of roles) {
    const exists = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
    if (exists.rowCount === 0) {
      const attributes = [
        role.login ? 'login' : 'nologin',
        role.bypassRls && role.name !== 'legal_app' ? 'bypassrls' : 'nobypassrls',
        role.inherit ? 'inherit' : 'noinherit',
      ].join(' ');
      await client.query(`create role ${ident(role.name)} ${attributes}`);
      created.push(role.name);
    }
  }
  for (const role of roles) {
    for (const group of role.memberOf) {
      await client.query(`grant ${ident(group)} to ${ident(role.name)}`);
    }
  }
  return created;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
