-- 0019: DDL on schema legal is audited, and the audit and RLS guarantees cannot be switched
-- off by anyone but a superuser.
--
-- Every DDL command on an object of schema legal appends one event to the schema's own
-- chain (tenant id 00000000-0000-0000-0000-000000000000, action 'ddl'): who (the login and
-- the role in effect), when, the command tags and objects, and the statement text.
-- For roles that are not superusers — legal_owner included — these are refused:
--   * disabling (or making replica-only) a trigger that runs an audit function, or dropping
--     one from a table that stays;
--   * turning row level security off, or NO FORCE, on a table that had it;
--   * detaching a partition of legal.audit_log.
-- Event triggers can only be created by a superuser: migrated by another role, this file
-- leaves them out (a notice says so) and `legal-schema verify` reports ddl_audit_missing.

alter table legal.audit_log drop constraint audit_log_action_check;
alter table legal.audit_log add constraint audit_log_action_check check (action in (
  'create', 'read', 'update', 'delete', 'upload', 'download', 'login', 'logout',
  'token_used', 'export', 'system_access', 'ddl')) not valid;
-- Left NOT VALID on purpose: every existing row passed the stricter check it replaces, new
-- rows are checked, and validating would read the whole audit log under lock.

-- The id of the schema's own audit chain (no firm has it: tenants' ids are random UUIDs).
create function legal.schema_chain_id() returns uuid
  language sql immutable parallel safe
  return '00000000-0000-0000-0000-000000000000'::uuid;
comment on function legal.schema_chain_id() is 'The audit chain of DDL on schema legal (legal-schema audit verify walks it with the firms'' chains).';

create function legal.ddl_audit() returns event_trigger
  language plpgsql
  security definer
  set search_path = pg_catalog
as $$
declare
  objects jsonb;
begin
  if tg_event = 'sql_drop' then
    select jsonb_agg(jsonb_build_object('type', d.object_type, 'object', d.object_identity) order by d.object_identity)
      into objects
      from pg_event_trigger_dropped_objects() d
     where (d.schema_name = 'legal' or d.object_identity ~ '(^| on )legal\.') and not d.is_temporary;
  else
    select jsonb_agg(jsonb_build_object('tag', c.command_tag, 'type', c.object_type, 'object', c.object_identity)
                     order by c.object_identity)
      into objects
      from pg_event_trigger_ddl_commands() c
     where c.schema_name = 'legal' or c.object_identity ~ '(^| on )legal\.'
        or (c.object_type = 'schema' and c.object_identity = 'legal');
  end if;
  if objects is null then
    return;
  end if;
  perform legal.audit_append(legal.schema_chain_id(), 'ddl', null, tg_tag, null, null, null, null,
    jsonb_build_object('event', tg_event, 'tag', tg_tag, 'objects', objects,
                       'login', session_user, 'role', current_setting('role'),
                       'statement', left(current_query(), 4000)));
end;
$$;
revoke execute on function legal.ddl_audit() from public;

select legal.hand_over_ownership();

-- The guards live in their own schema, owned by the superuser that installs them, so the
-- schema's owner can neither replace them nor forge what they compare. They read only the
-- catalog (search_path pg_catalog) and call nothing of schema legal.
do $guards$
begin
  if not (select r.rolsuper from pg_roles r where r.rolname = current_user) then
    raise notice 'DDL audit and guards are not installed: event triggers need a superuser. Run legal-schema migrate as one for 0019 (legal-schema verify reports ddl_audit_missing until then).';
    return;
  end if;
  create schema legal_guard;
  revoke all on schema legal_guard from public;
  comment on schema legal_guard is 'Event-trigger guards of schema legal, owned by a superuser: what the schema owner may not switch off.';
  create table legal_guard.ddl_snapshots (pid integer primary key, snapshot jsonb not null);
  comment on table legal_guard.ddl_snapshots is 'Global: what held before the DDL command running in each backend (legal_guard.ddl_snapshot).';

  -- The role a command runs as: SET ROLE's, else the login (SECURITY DEFINER leaves both as they were).
  create function legal_guard.outer_role_is_superuser() returns boolean
    language sql stable
    set search_path = pg_catalog, pg_temp
    return coalesce((select r.rolsuper from pg_roles r
                      where r.rolname = coalesce(nullif(current_setting('role'), 'none'), session_user)), false);

  -- Before a DDL command (not for superusers): what must still hold after it, by OID.
  create function legal_guard.ddl_snapshot() returns event_trigger
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
  as $$
  begin
    -- (a read-only transaction can only make temporary objects, and could not record a snapshot)
    if legal_guard.outer_role_is_superuser() or to_regnamespace('legal') is null
       or current_setting('transaction_read_only') = 'on' then
      delete from legal_guard.ddl_snapshots where pid = pg_backend_pid();
      return;
    end if;
    insert into legal_guard.ddl_snapshots (pid, snapshot) values (pg_backend_pid(), jsonb_build_object(
      'triggers', coalesce((select jsonb_agg(t.oid) from pg_trigger t
                             join pg_proc p on p.oid = t.tgfoid
                             join pg_class c on c.oid = t.tgrelid
                            where c.relnamespace = 'legal'::regnamespace and not t.tgisinternal
                              and p.pronamespace = 'legal'::regnamespace and p.proname like 'audit%'
                              and t.tgenabled in ('O', 'A')), '[]'),
      'rls', coalesce((select jsonb_agg(c.oid) from pg_class c
                        where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p')
                          and c.relrowsecurity and c.relforcerowsecurity), '[]'),
      'partitions', coalesce((select jsonb_agg(i.inhrelid) from pg_inherits i
                               where i.inhparent = to_regclass('legal.audit_log')), '[]')))
    on conflict (pid) do update set snapshot = excluded.snapshot;
  end;
  $$;

  -- After a DDL command (not for superusers): refuse it if it switched off what held before.
  create function legal_guard.ddl_check() returns event_trigger
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
  as $$
  declare
    before jsonb;
    bad text;
  begin
    delete from legal_guard.ddl_snapshots where pid = pg_backend_pid() returning snapshot into before;
    if before is null or legal_guard.outer_role_is_superuser() then
      return;
    end if;
    select format('trigger %I on %s', t.tgname, t.tgrelid::regclass) into bad
      from jsonb_array_elements_text(before -> 'triggers') o
      join pg_trigger t on t.oid = o::oid
     where t.tgenabled not in ('O', 'A')
     limit 1;
    if bad is not null then
      raise exception 'disabling audit % is refused: only a superuser may turn an audit trigger off', bad
        using errcode = 'insufficient_privilege';
    end if;
    select c.oid::regclass::text into bad
      from jsonb_array_elements_text(before -> 'rls') o
      join pg_class c on c.oid = o::oid
     where not (c.relrowsecurity and c.relforcerowsecurity)
     limit 1;
    if bad is not null then
      raise exception 'turning row level security off (or NO FORCE) on % is refused: only a superuser may', bad
        using errcode = 'insufficient_privilege';
    end if;
    select c.oid::regclass::text into bad
      from jsonb_array_elements_text(before -> 'partitions') o
      join pg_class c on c.oid = o::oid
     where not c.relispartition
     limit 1;
    if bad is not null then
      raise exception 'detaching audit partition % is refused: retention drops whole months (legal.audit_drop_expired)', bad
        using errcode = 'insufficient_privilege';
    end if;
  end;
  $$;

  -- Dropping an audit trigger from a table that stays is disabling it too.
  create function legal_guard.ddl_check_drop() returns event_trigger
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
  as $$
  declare
    bad text;
  begin
    if legal_guard.outer_role_is_superuser() then
      return;
    end if;
    select d.object_identity into bad
      from pg_event_trigger_dropped_objects() d
      join legal_guard.ddl_snapshots s on s.pid = pg_backend_pid()
     where d.object_type = 'trigger' and d.original
       and exists (select 1 from jsonb_array_elements_text(s.snapshot -> 'triggers') o where o::oid = d.objid)
     limit 1;
    if bad is not null then
      raise exception 'dropping audit trigger % is refused: only a superuser may', bad
        using errcode = 'insufficient_privilege';
    end if;
  end;
  $$;
  revoke all on all functions in schema legal_guard from public;
  revoke all on legal_guard.ddl_snapshots from public;

  create event trigger legal_ddl_audit on ddl_command_end execute function legal.ddl_audit();
  create event trigger legal_ddl_drop_audit on sql_drop execute function legal.ddl_audit();
  create event trigger legal_ddl_guard_snapshot on ddl_command_start execute function legal_guard.ddl_snapshot();
  create event trigger legal_ddl_guard_check on ddl_command_end execute function legal_guard.ddl_check();
  create event trigger legal_ddl_guard_drop on sql_drop execute function legal_guard.ddl_check_drop();
end
$guards$;
