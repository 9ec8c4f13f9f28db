-- 0001: the roles, the tenant context, and the helpers every later migration uses.
--
-- Roles are cluster-wide and may already exist (another database of the same cluster):
-- they are created only when missing, and never dropped by the down migration.
-- Creating legal_system (BYPASSRLS) needs a superuser the first time.

do $$
declare
  spec record;
begin
  for spec in
    select * from (values
      ('legal_owner',    'nologin nobypassrls'),
      ('legal_app',      'nologin nobypassrls'),
      ('legal_readonly', 'nologin nobypassrls'),
      ('legal_system',   'nologin bypassrls')
    ) as r(name, attributes)
  loop
    if not exists (select 1 from pg_roles where rolname = spec.name) then
      begin
        execute format('create role %I %s', spec.name, spec.attributes);
      exception when duplicate_object or unique_violation then
        null; -- created meanwhile by a migration of another database
      end;
    end if;
  end loop;
  -- The application role must never bypass RLS, whatever was there before.
  if exists (select 1 from pg_roles where rolname = 'legal_app' and (rolbypassrls or rolsuper)) then
    alter role legal_app nobypassrls nosuperuser;
  end if;
end
$$;

comment on role legal_owner is 'Owns every object of schema legal; used by migrations only.';
comment on role legal_app is 'Every withTenant transaction: DML on business tables, under RLS. Grant it to your application login.';
comment on role legal_readonly is 'Reporting: SELECT only, still under RLS.';
comment on role legal_system is 'Deliberate cross-tenant work (db.asSystem), BYPASSRLS; every use is audited.';

-- Schema legal was created by the migration runner; legal_owner owns it from now on.
alter schema legal owner to legal_owner;
revoke all on schema legal from public;
grant usage on schema legal to legal_app, legal_readonly, legal_system;
comment on schema legal is 'The @legal SDK: multi-tenant legal practice management. Tenant tables are isolated by RLS on tenant_id.';

-- Extensions live in their own schema, outside the tenant rules.
create schema if not exists extensions;
grant usage on schema extensions to legal_app, legal_readonly, legal_system;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists btree_gin with schema extensions;

-- The tenant context: set by withTenant with SET LOCAL, read by every policy.
-- nullif(…, ''): a pooled connection that once held a value returns '' rather than NULL.
-- A malformed value fails the cast, so a query under a forged context errors out.
create function legal.current_tenant_id() returns uuid
  language sql stable parallel safe
  return nullif(current_setting('legal.tenant_id', true), '')::uuid;
comment on function legal.current_tenant_id() is 'The tenant of the current transaction (SET LOCAL legal.tenant_id), or NULL: policies then match no row.';

create function legal.current_user_id() returns uuid
  language sql stable parallel safe
  return nullif(current_setting('legal.user_id', true), '')::uuid;
comment on function legal.current_user_id() is 'The acting user of the current transaction (SET LOCAL legal.user_id), or NULL.';

-- updated_at maintenance.
create function legal.touch_updated_at() returns trigger
  language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

-- Applies the tenant rules to a table with a tenant_id column: RLS enabled and forced,
-- one policy per command named <table>_<command> on the context function, the grants
-- of the application roles, updated_at maintenance when the table has that column, and
-- the audit triggers.
create function legal.enable_tenant_isolation(target regclass) returns void
  language plpgsql
as $$
declare
  t text := (select relname from pg_class where oid = target);
  predicate constant text := 'tenant_id = (select legal.current_tenant_id())';
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format('create policy %I on %s for select using (%s)', t || '_select', target, predicate);
  execute format('create policy %I on %s for insert with check (%s)', t || '_insert', target, predicate);
  execute format('create policy %I on %s for update using (%s) with check (%s)', t || '_update', target, predicate, predicate);
  execute format('create policy %I on %s for delete using (%s)', t || '_delete', target, predicate);
  execute format('grant select, insert, update, delete on %s to legal_app, legal_system', target);
  execute format('grant select on %s to legal_readonly', target);
  if exists (select 1 from pg_attribute where attrelid = target and attname = 'updated_at' and not attisdropped) then
    execute format('create trigger %I before update on %s for each row execute function legal.touch_updated_at()', t || '_touch', target);
  end if;
  -- and the audit triggers, once the audit trail exists (0008)
  if to_regprocedure('legal.enable_audit(regclass, text[], text)') is not null then
    perform legal.enable_audit(target);
  end if;
end;
$$;
revoke execute on function legal.enable_tenant_isolation(regclass) from public;

-- Global reference data: readable by every application role, written by migrations only.
create function legal.enable_reference_read(target regclass) returns void
  language plpgsql
as $$
begin
  execute format('grant select on %s to legal_app, legal_readonly, legal_system', target);
end;
$$;
revoke execute on function legal.enable_reference_read(regclass) from public;

-- Hands every object of schema legal (but the runner's history table) to legal_owner.
-- Each migration ends with it, so objects are owned by legal_owner while the migration
-- itself runs as the migrating role (a superuser can backfill across tenants).
create function legal.hand_over_ownership() returns void
  language plpgsql
as $$
declare
  obj record;
begin
  for obj in
    select c.oid::regclass as name, c.relkind
      from pg_class c
     where c.relnamespace = 'legal'::regnamespace
       and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
       and c.relname <> 'schema_migrations'
       and c.relowner <> 'legal_owner'::regrole
       -- sequences of identity/serial columns follow their table
       and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')))
  loop
    execute format('alter %s %s owner to legal_owner', case when obj.relkind = 'S' then 'sequence' when obj.relkind = 'v' then 'view' when obj.relkind = 'm' then 'materialized view' when obj.relkind = 'f' then 'foreign table' else 'table' end, obj.name);
  end loop;
  for obj in
    select p.oid::regprocedure as name, p.prokind from pg_proc p
     where p.pronamespace = 'legal'::regnamespace and p.proowner <> 'legal_owner'::regrole
  loop
    execute format('alter %s %s owner to legal_owner', case when obj.prokind = 'p' then 'procedure' else 'function' end, obj.name);
  end loop;
  for obj in
    select t.oid::regtype as name from pg_type t
     where t.typnamespace = 'legal'::regnamespace and t.typowner <> 'legal_owner'::regrole
       and t.typtype in ('e', 'd') -- enums and domains; row types follow their table
  loop
    execute format('alter type %s owner to legal_owner', obj.name);
  end loop;
end;
$$;
revoke execute on function legal.hand_over_ownership() from public;

select legal.hand_over_ownership();
