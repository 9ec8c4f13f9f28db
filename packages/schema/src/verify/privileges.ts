import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

/**
 * Every privilege the shipped migrations grant in schema `legal`, and every owner policy:
 * what verify compares a database with (missing and extra). Generated from a freshly
 * migrated database by `pnpm --filter @legal/schema run manifest`; a test keeps it in step.
 */
export interface PrivilegeManifest {
  /** `grantee privilege object`, sorted (grantee `PUBLIC` for everyone). */
  grants: string[];
  /** `table.policy` of every policy for the owner only (the schema's functions maintain rows through them). */
  ownerPolicies: string[];
}

/** The roles whose privileges are designed (the owner holds everything by owning it). */
const GRANTEES = ['PUBLIC', 'legal_app', 'legal_readonly', 'legal_system'];

/**
 * The privileges held in schema `legal` by the designed grantees, as `grantee privilege
 * object` lines: on the schema, on every relation (but partitions, which are reached through
 * their parent) and column, and EXECUTE on every function (PUBLIC's implicit EXECUTE
 * included, as PostgreSQL's default grants it).
 */
export async function readPrivileges(client: pg.ClientBase): Promise<PrivilegeManifest> {
  const { rows } = await client.query<{ line: string }>(
    `with acl as (
       select 'schema legal' as object, (aclexplode(coalesce(n.nspacl, acldefault('n'::"char", n.nspowner)))).*
         from pg_namespace n where n.nspname = 'legal'
       union all
       select format('%s %s', case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end, c.oid::regclass),
              (aclexplode(coalesce(c.relacl, acldefault((case c.relkind when 'S' then 's' else 'r' end)::"char", c.relowner)))).*
         from pg_class c
        where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and not c.relispartition
       union all
       select format('column %s.%I', c.oid::regclass, a.attname), (aclexplode(a.attacl)).*
         from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relnamespace = 'legal'::regnamespace and not c.relispartition and a.attacl is not null and not a.attisdropped
       union all
       select format('function %s', p.oid::regprocedure), (aclexplode(coalesce(p.proacl, acldefault('f'::"char", p.proowner)))).*
         from pg_proc p where p.pronamespace = 'legal'::regnamespace
     )
     select format('%s %s %s', case when grantee = 0 then 'PUBLIC' else pg_get_userbyid(grantee) end, privilege_type, object) as line
       from acl
      where (grantee = 0 or pg_get_userbyid(grantee) = any ($1::text[]))
      order by 1`,
    [GRANTEES],
  );
  const { rows: policies } = await client.query<{ name: string }>(
    `select format('%s.%s', c.relname, p.polname) as name
       from pg_policy p join pg_class c on c.oid = p.polrelid
      where c.relnamespace = 'legal'::regnamespace
        and p.polroles = array[(select oid from pg_roles where rolname = 'legal_owner')]::oid[]
      order by 1`,
  );
  return { grants: [...new Set(rows.map((r) => r.line))], ownerPolicies: policies.map((p) => p.name) };
}

/**
 * Compares the database's privileges and owner policies with the manifest: every designed
 * grant present, none extra. Objects the manifest does not know (an app's own tables and
 * functions) are held to the general rule only: nothing for PUBLIC but EXECUTE on ordinary
 * (not SECURITY DEFINER) functions.
 */
export async function checkPrivileges(client: pg.ClientBase, manifest: PrivilegeManifest): Promise<VerifyFinding[]> {
  const actual = await readPrivileges(client);
  const expected = new Set(manifest.grants);
  const have = new Set(actual.grants);
  const known = new Set(manifest.grants.map((g) => g.split(' ').slice(2).join(' ')));
  const { rows: definers } = await client.query<{ name: string }>(
    `select format('function %s', p.oid::regprocedure) as name from pg_proc p
      where p.pronamespace = 'legal'::regnamespace and p.prosecdef`,
  );
  const securityDefiners = new Set(definers.map((d) => d.name));
  const { rows: present } = await client.query<{ name: string }>(
    `select format('%s %s', case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end, c.oid::regclass) as name
       from pg_class c
      where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and not c.relispartition
     union all
     select format('function %s', p.oid::regprocedure) from pg_proc p where p.pronamespace = 'legal'::regnamespace
     union all
     select 'schema legal'`,
  );
  const exists = new Set(present.map((p) => p.name));
  const existsFor = (object: string) =>
    object.startsWith('column ')
      ? exists.has(`table ${object.slice(7).split('.').slice(0, 2).join('.')}`)
      : exists.has(object);
  const findings: VerifyFinding[] = [];
  const split = (line: string) => {
    const [grantee = '', privilege = '', ...rest] = line.split(' ');
    return { grantee, privilege, object: rest.join(' ') };
  };
  for (const line of manifest.grants) {
    if (have.has(line)) continue;
    const { grantee, privilege, object } = split(line);
    // an object the database lacks altogether is a pending migration's finding, not a grant's
    if (!existsFor(object)) continue;
    findings.push({ rule: 'grant_missing', object, message: `${grantee} lacks ${privilege}` });
  }
  for (const line of actual.grants) {
    if (expected.has(line)) continue;
    const { grantee, privilege, object } = split(line);
    if (!known.has(object)) {
      // an object of the app's own: only PUBLIC's rights are judged
      const ordinaryExecute = privilege === 'EXECUTE' && !securityDefiners.has(object);
      if (grantee !== 'PUBLIC' || ordinaryExecute) continue;
    }
    findings.push({
      rule: 'grant_extra',
      object,
      message: `${grantee} holds ${privilege}${grantee === 'PUBLIC' ? ' (everyone)' : ''}, which the schema never grants`,
    });
  }
  const policies = new Set(actual.ownerPolicies);
  for (const policy of manifest.ownerPolicies) {
    if (!policies.has(policy)) {
      findings.push({
        rule: 'owner_policy_missing',
        object: `legal.${policy.split('.')[0]}`,
        message: `policy ${policy.split('.')[1]} for legal_owner is missing: the schema's functions can no longer maintain its rows`,
      });
    }
  }
  return findings;
}
