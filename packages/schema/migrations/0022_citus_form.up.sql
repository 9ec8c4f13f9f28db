-- legal:no-transaction
-- 0022: the Citus form of the schema. On plain PostgreSQL this migration only creates the
-- functions below (legal.on_citus() is false and nothing else changes). On a Citus
-- coordinator (the `citus` extension installed in this database) it distributes the schema:
--
-- * every tenant table is distributed by tenant_id and colocated with legal.tenants
--   (distributed by id), so a firm's rows — and its audit chain — live on one worker;
-- * global tables (permissions, default roles, statuses and transitions, the context key)
--   become reference tables, copied to every node;
-- * the foreign keys Citus refuses (ON DELETE SET NULL (col), ON UPDATE CASCADE on keys
--   that hold the distribution column) become NO ACTION keys, and the SET NULL is done by a
--   BEFORE DELETE trigger on the parent (the same rows, nulled in the same statement);
-- * tenants.slug stays unique through a trigger (a unique index must hold the
--   distribution column);
-- * the schema's roles may log in: Citus opens worker connections as the unit's role
--   (pg_hba.conf decides how they authenticate between nodes; see docs/scale-out.md);
-- * the unit's context settings reach the workers: enter_unit and the step reason also
--   SET LOCAL them, which Citus propagates when citus.propagate_set_commands = 'local'.
-- Later tenant tables are distributed when they are created (legal.enable_tenant_isolation).

create or replace function legal.on_citus() returns boolean
  language sql stable
  return exists (select 1 from pg_extension where extname = 'citus');
comment on function legal.on_citus() is 'Whether this database is a Citus coordinator (the citus extension is installed).';
grant execute on function legal.on_citus() to legal_app, legal_readonly, legal_system;

-- The unit's settings, re-set with SET LOCAL so that Citus sends them to the workers the unit
-- touches (set_config() is not propagated). Called by enter_unit on Citus only.
create or replace function legal.propagate_unit_settings() returns void
  language plpgsql
  set search_path = pg_catalog
as $$
declare
  name text;
begin
  -- from here on, SET LOCAL reaches the workers the unit touches (not the unit's SET ROLE before it:
  -- Citus connects to the workers as that role already)
  perform set_config('citus.propagate_set_commands', 'local', true);
  foreach name in array array['legal.tenant_id', 'legal.user_id', 'legal.role', 'legal.role_id', 'legal.perms',
                              'legal.cases', 'legal.walls', 'legal.scopes', 'legal.issued_at', 'legal.sig', 'legal.ip',
                              'legal.user_agent', 'legal.request_id', 'legal.reason', 'legal.statement_reason'] loop
    if current_setting(name, true) is not null then
      execute format('set local %s = %L', name, current_setting(name, true));
    end if;
  end loop;
end;
$$;
revoke execute on function legal.propagate_unit_settings() from public;

-- The distributed form's SET NULL: nulls the children's reference before the parent row goes.
create or replace function legal.null_references() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog
as $$
begin
  execute format('update %s set %I = null where tenant_id = $1 and %I = $2', tg_argv[0], tg_argv[1], tg_argv[1])
    using old.tenant_id, old.id;
  return old;
end;
$$;
revoke execute on function legal.null_references() from public;

-- tenants.slug is unique: a unique index cannot say so on a distributed table.
-- (It runs on the worker holding the new firm and reads the other firms' shards: a nested
-- distributed query, allowed for it alone.)
create or replace function legal.tenants_slug_unique() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog
  set citus.allow_nested_distributed_execution = on
as $$
begin
  perform pg_advisory_xact_lock(hashtext('legal.tenants.slug'), hashtext(new.slug));
  if exists (select 1 from legal.tenants t where t.slug = new.slug and t.id <> new.id) then
    raise exception 'duplicate key value violates unique constraint "tenants_slug_key"'
      using errcode = 'unique_violation', constraint = 'tenants_slug_key', table = 'tenants', schema = 'legal',
            detail = format('Key (slug)=(%s) already exists.', new.slug);
  end if;
  return new;
end;
$$;
revoke execute on function legal.tenants_slug_unique() from public;

-- Step one (committed before step two: the workers' copies of the schema must be owned and
-- granted like the coordinator's before objects owned by legal_owner are created in it).
create or replace function legal.prepare_citus() returns void
  language plpgsql
as $$
declare
  fk record;
  r text;
begin
  if not legal.on_citus() then
    return;
  end if;
  set local citus.enable_ddl_propagation = on;
  -- the schema's roles on every node (created by 0001 while DDL stayed on the coordinator),
  -- allowed to log in: Citus connects to the workers as the unit's role
  select string_agg(w.result, '; ') into r
    from run_command_on_workers($w$set citus.enable_ddl_propagation = off; do $d$
      declare
        spec record;
      begin
        for spec in select * from (values ('legal_owner', 'login nobypassrls'), ('legal_app', 'login nobypassrls'),
                                          ('legal_readonly', 'login nobypassrls'), ('legal_system', 'login bypassrls')) v(name, attributes)
        loop
          if not exists (select 1 from pg_roles where rolname = spec.name) then
            execute format('create role %I %s', spec.name, spec.attributes);
          else
            execute format('alter role %I %s', spec.name, spec.attributes);
          end if;
        end loop;
      end $d$ $w$) w
   where not w.success;
  if r is not null then
    raise exception 'could not create the schema''s roles on the workers: %', r;
  end if;
  set local citus.enable_ddl_propagation = off;
  alter role legal_owner login;
  alter role legal_app login;
  alter role legal_readonly login;
  alter role legal_system login;
  set local citus.enable_ddl_propagation = on;
  -- the extensions the tables use, in their schema, on every worker
  select string_agg(w.result, '; ') into r from run_command_on_workers(format('set citus.enable_ddl_propagation = off; create schema if not exists extensions; grant usage on schema extensions to legal_owner, legal_app, legal_readonly, legal_system; %s',
            (select string_agg(format('create extension if not exists %I with schema extensions', e.extname), '; ')
               from pg_extension e where e.extnamespace = 'extensions'::regnamespace))) w where not w.success;
  if r is not null then
    raise exception 'could not create the extensions on the workers: %', r;
  end if;
  -- every foreign key between the schema's tables comes off (a reference table referenced by
  -- local tables would turn them into Citus local tables), kept in legal.citus_pending_keys,
  -- and goes back in the Citus form once the tables are distributed (step two)
  create table if not exists legal.citus_pending_keys (stmt text not null, kind text not null);
  for fk in
    select c.conrelid::regclass as tbl, c.conname, c.confrelid::regclass as parent, c.confdeltype,
           pg_get_constraintdef(c.oid) as def,
           (select a.attname from pg_attribute a where a.attrelid = c.conrelid and a.attnum = c.conkey[array_length(c.conkey, 1)]) as last_col
      from pg_constraint c
     where c.contype = 'f' and c.connamespace = 'legal'::regnamespace and c.conparentid = 0
       and not exists (select 1 from pg_inherits i where i.inhrelid = c.conrelid)
  loop
    insert into legal.citus_pending_keys (stmt, kind) values
      (format('alter table %s add constraint %I %s', fk.tbl, fk.conname,
              regexp_replace(regexp_replace(fk.def, ' ON DELETE SET NULL \([^)]*\)| ON DELETE SET NULL', ''), ' ON UPDATE CASCADE', '')),
       'key');
    if fk.confdeltype = 'n' then
      insert into legal.citus_pending_keys (stmt, kind) values
        (format('create trigger %I before delete on %s for each row execute function legal.null_references(%L, %L)',
                left(fk.conname || '_null', 63), fk.parent, fk.tbl::text, fk.last_col), 'trigger');
    end if;
    execute format('alter table %s drop constraint %I', fk.tbl, fk.conname);
  end loop;
  -- global data: on every node
  foreach r in array array['legal.permissions', 'legal.default_roles', 'legal.default_role_permissions',
                           'legal.case_statuses', 'legal.case_status_transitions', 'legal.context_keys'] loop
    if not exists (select 1 from pg_dist_partition p where p.logicalrelid = r::regclass) then
      perform create_reference_table(r);
    end if;
  end loop;
  -- the schemas now exist on the workers (as the reference tables' dependencies): the same owner and grants there
  alter schema legal owner to legal_owner;
  grant usage on schema legal to legal_app, legal_readonly, legal_system;
end;
$$;
revoke execute on function legal.prepare_citus() from public;

create or replace function legal.distribute_schema() returns void
  language plpgsql
as $$
declare
  t record;
  f record;
  r text;
begin
  if not legal.on_citus() then
    return;
  end if;
  -- the migrations before this one ran with DDL propagation off (plain local tables); from here on it is on
  set local citus.enable_ddl_propagation = on;
  set local citus.enable_unsafe_triggers = on;
  set local citus.multi_shard_modify_mode = 'sequential';
  if not exists (select 1 from pg_dist_partition p where p.logicalrelid = 'legal.context_keys'::regclass) then
    raise exception 'legal.prepare_citus() runs first';
  end if;
  -- The DDL of the distribution is audited as one entry (at the end): entry by entry, the
  -- audit would write into the audit tables while they are being distributed.
  if exists (select 1 from pg_event_trigger where evtname = 'legal_ddl_audit') then
    alter event trigger legal_ddl_audit disable;
    alter event trigger legal_ddl_drop_audit disable;
  end if;

  -- The unit's context on the workers: enter_unit and the step reason also SET LOCAL what they
  -- set (same functions, a wrapper each; plain PostgreSQL keeps the one-call forms).
  alter function legal.enter_unit(text) rename to enter_unit_settings;
  create function legal.enter_unit(p_ticket text) returns jsonb
    language plpgsql security definer
    set search_path = pg_catalog
  as $fn$
  declare
    grants jsonb := legal.enter_unit_settings(p_ticket);
  begin
    perform legal.propagate_unit_settings();
    return grants;
  end;
  $fn$;
  revoke execute on function legal.enter_unit(text) from public;
  grant execute on function legal.enter_unit(text) to legal_app, legal_readonly;
  create or replace function legal.set_statement_reason(p_reason text) returns boolean
    language plpgsql security definer
    set search_path = pg_catalog
  as $fn$
  begin
    execute format('set local legal.statement_reason = %L', coalesce(p_reason, ''));
    return true;
  end;
  $fn$;
  -- One distributed transaction reaches a firm's shards as one role: the callers of
  -- audit_append (all SECURITY DEFINER but the DDL audit) write as themselves, and the DDL
  -- audit as the role running the DDL (the migrating superuser or the schema owner).
  -- … and name the chain's firm in its insert, so the delegated call stays on the firm's shard
  r := pg_get_functiondef('legal.audit_append(uuid, text, text, text, uuid, uuid, jsonb, jsonb, jsonb)'::regprocedure);
  if strpos(r, 'insert into legal.audit_log values (r.*);') = 0 then
    raise exception 'legal.audit_append is not the function 0022 expects';
  end if;
  execute replace(r, 'insert into legal.audit_log values (r.*);',
    'insert into legal.audit_log (tenant_id, seq, occurred_at, txid, actor_id, db_role, action, table_name, record_id,'
    ' case_id, document_id, request_id, ip, user_agent, reason, row_data, changes, details, prev_hash, hash, actor_role)'
    ' values (p_tenant, r.seq, r.occurred_at, r.txid, r.actor_id, r.db_role, r.action, r.table_name, r.record_id,'
    ' r.case_id, r.document_id, r.request_id, r.ip, r.user_agent, r.reason, r.row_data, r.changes, r.details,'
    ' r.prev_hash, r.hash, r.actor_role);');
  alter function legal.audit_append(uuid, text, text, text, uuid, uuid, jsonb, jsonb, jsonb) security invoker;
  alter function legal.ddl_audit() security invoker;
  -- log_event runs where the firm's chain is: delegated (by its tenant argument) to the worker
  -- that holds it, over the unit's own connection, where it appends as the schema owner
  -- without opening a connection of another role into the unit's transaction.
  create or replace function legal.log_event_at(
    p_tenant uuid, p_action text, p_resource_type text, p_resource_id text, p_details jsonb, p_case_id uuid, p_document_id uuid
  ) returns void
    language plpgsql security definer
    set search_path = pg_catalog
  as $fn$
  begin
    -- the unit's own firm (its signed context says which on this node too), or the schema's
    -- chain for the system role and superusers
    if p_tenant is distinct from legal.current_tenant_id()
       and not (p_tenant = '00000000-0000-0000-0000-000000000000'
                and legal.current_tenant_id() is null
                and (session_user = 'legal_system' or current_setting('role') = 'legal_system'
                     or (select r.rolsuper from pg_roles r where r.rolname = session_user))) then
      raise exception 'legal.log_event needs a tenant context' using errcode = 'LG004';
    end if;
    perform legal.audit_append(p_tenant, p_action, p_resource_type, p_resource_id, p_case_id, p_document_id, null,
                               null, legal.audit_redact(coalesce(p_details, '{}'), '{}'));
  end;
  $fn$;
  revoke execute on function legal.log_event_at(uuid, text, text, text, jsonb, uuid, uuid) from public;
  grant execute on function legal.log_event_at(uuid, text, text, text, jsonb, uuid, uuid) to legal_app, legal_system;
  create or replace function legal.log_event(
    p_action text, p_resource_type text, p_resource_id text default null,
    p_details jsonb default '{}', p_case_id uuid default null, p_document_id uuid default null
  ) returns void
    language plpgsql
    security invoker
    set search_path = pg_catalog
  as $fn$
  declare
    tenant uuid := legal.current_tenant_id();
  begin
    if tenant is null then
      if current_setting('role') <> 'legal_system'
         and not (current_setting('role') = 'none' and (select rolsuper from pg_roles where rolname = session_user)) then
        raise exception 'legal.log_event needs a tenant context' using errcode = 'LG004';
      end if;
      tenant := '00000000-0000-0000-0000-000000000000';
    end if;
    -- a FROM-clause call with constant arguments: what Citus delegates inside a transaction
    execute format('select * from legal.log_event_at(%L::uuid, %L, %L, %L, %L::jsonb, %L::uuid, %L::uuid)',
                   tenant, p_action, p_resource_type, p_resource_id, p_details, p_case_id, p_document_id);
  end;
  $fn$;
  -- SQL-language functions that read or write tables through their parameters cannot be
  -- planned by Citus ("could not create distributed plan"): the same statements in PL/pgSQL
  for f in
    select p.oid, p.proretset, p.prorettype, pg_get_functiondef(p.oid) as def,
           regexp_replace(p.prosrc, '[\s;]+$', '') as body
      from pg_proc p
     where p.pronamespace = 'legal'::regnamespace and p.prokind = 'f' and p.pronargs > 0
       and p.prolang = (select l.oid from pg_language l where l.lanname = 'sql')
       and p.prosrc ~* '(from|into|update|join)\s+legal\.[a-z_]+'
  loop
    r := case
      when f.oid = 'legal.document_acl(uuid, uuid)'::regprocedure then
        replace(f.body, 'from legal.document_permissions p', 'into acl_read, acl_write, acl_delete from legal.document_permissions p') || ';'
      -- (a subquery inside INSERT … VALUES is refused too: read first)
      when f.oid = 'legal.security_event(uuid, text, text, uuid, text, inet, text, jsonb)'::regprocedure then
        'subquery_user := (select u.id from legal.users u where u.tenant_id = p_tenant and u.id = p_user); '
        || replace(f.body, '(select u.id from legal.users u where u.tenant_id = p_tenant and u.id = p_user)', 'subquery_user') || ';'
      when f.prorettype = 'void'::regtype then f.body || ';'
      when f.proretset then 'return query ' || f.body || ';'
      else 'return (' || f.body || ');' end;
    execute replace(left(f.def, strpos(f.def, 'AS $function$') - 1), ' LANGUAGE sql', ' LANGUAGE plpgsql')
         || E'AS $function$\n#variable_conflict use_column\ndeclare\n  subquery_user uuid;\nbegin\n' || r || E'\nend\n$function$';
  end loop;
  -- Citus refuses now() inside CASE and COALESCE of an UPDATE: the sign-in's updates use the
  -- transaction's time from a variable (the same value: now() is the transaction's start)
  r := pg_get_functiondef('legal.sign_in_result(text)'::regprocedure);
  if strpos(r, 'not coalesce(u.locked_until > now(), false)') = 0 or strpos(r, E'declare\n') = 0 then
    raise exception 'legal.sign_in_result is not the function 0022 expects';
  end if;
  r := replace(r, 'not coalesce(u.locked_until > now(), false)', 'not coalesce(u.locked_until > v_now, false)');
  r := replace(r, 'then now() + make_interval(mins', 'then v_now + make_interval(mins');
  r := replace(r, 'returning case when u.locked_until > now()', 'returning case when u.locked_until > v_now');
  r := regexp_replace(r, E'declare\n', E'declare\n  v_now constant timestamptz := now();\n');
  execute r;
  -- A statement whose subqueries all name one firm is pushed to that firm's worker whole; a
  -- function in it that reads tables would then run a distributed query from a shard. The
  -- access epoch is read into a variable first.
  r := pg_get_functiondef('legal.unit_grants(uuid, uuid, text[])'::regprocedure);
  if strpos(r, E'''epoch'', legal.access_epoch(p_tenant, p_user),') = 0 then
    raise exception 'legal.unit_grants is not the function 0022 expects';
  end if;
  r := replace(r, E'''epoch'', legal.access_epoch(p_tenant, p_user),', E'''epoch'', v_epoch,');
  r := regexp_replace(r, E'declare\n', E'declare\n  v_epoch constant text := legal.access_epoch(p_tenant, p_user);\n');
  execute r;
  -- Functions that read a firm's tables and can be called inside a query Citus pushes whole to
  -- the firm's worker (search, a caseworker's matter list) may run their queries there: on
  -- the firm's shards, which are local to that worker.
  alter function legal.search_cases(text, integer) set citus.allow_nested_distributed_execution = on;
  alter function legal.search_documents(text, uuid, integer) set citus.allow_nested_distributed_execution = on;
  create or replace function legal.member_case_ids() returns uuid[]
    language plpgsql stable
    set citus.allow_nested_distributed_execution = on
  as $fn$
  begin
    return array(select m.case_id from legal.case_members m
                  where m.tenant_id = legal.current_tenant_id() and m.user_id = legal.current_user_id());
  end;
  $fn$;
  -- On a worker a trigger fires on a shard: TG_TABLE_NAME is `invoices_102008`, not `invoices`.
  -- The triggers that branch on the table compare the name with or without the shard's suffix.
  for f in
    select p.oid, pg_get_functiondef(p.oid) as def
      from pg_proc p
     where p.pronamespace = 'legal'::regnamespace and p.prokind = 'f'
       and p.prosrc ~ 'tg_table_name (=|<>) '''
  loop
    execute regexp_replace(regexp_replace(f.def, 'tg_table_name = ''([a-z_]+)''', 'tg_table_name ~ ''^\1(_[0-9]+)?$''', 'g'),
                           'tg_table_name <> ''([a-z_]+)''', 'tg_table_name !~ ''^\1(_[0-9]+)?$''', 'g');
  end loop;
  -- the key is read on every node (a reference table), also inside a query on a shard
  -- (PL/pgSQL: a RETURN-bodied SQL function with a SET clause fails to run on 15 under Citus)
  create or replace function legal.context_key_material() returns bytea[]
    language plpgsql immutable security definer
    set search_path = pg_catalog
    set citus.allow_nested_distributed_execution = on
  as $fn$
  begin
    return (select array[x.ipad, x.opad] from legal.context_keys x where x.id = 1);
  end;
  $fn$;
  -- a transition table cannot feed an INSERT … SELECT on a worker: row by row
  create or replace function legal.cases_record_initial_status() returns trigger
    language plpgsql
    security definer
    set search_path = pg_catalog
  as $fn$
  declare
    n record;
    why constant text := coalesce(nullif(current_setting('legal.statement_reason', true), ''),
                                  nullif(current_setting('legal.reason', true), ''));
  begin
    for n in select c.tenant_id, c.id, c.status from new_cases c loop
      insert into legal.case_status_history (tenant_id, case_id, from_status, to_status, changed_by, reason)
      values (n.tenant_id, n.id, null, n.status, legal.current_user_id(), why);
    end loop;
    return null;
  end;
  $fn$;


  alter table legal.tenants drop constraint tenants_slug_key;
  create index tenants_slug_idx on legal.tenants (slug);
  create trigger tenants_slug_unique before insert or update of slug on legal.tenants
    for each row execute function legal.tenants_slug_unique();

  -- the firms, then everything of a firm beside its firm
  perform create_distributed_table('legal.tenants', 'id', colocate_with => 'none');
  for t in
    select c.oid::regclass as tbl
      from pg_class c
     where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
     order by c.relname
  loop
    perform create_distributed_table(t.tbl::text, 'tenant_id', colocate_with => 'legal.tenants');
  end loop;

  -- the schema's own types on every node, as distributed objects (a node added later gets them
  -- too): a function taking them, distributed, carries them; then it goes
  select string_agg(ty.oid::regtype::text, ', ') into r
    from pg_type ty
   where ty.typnamespace = 'legal'::regnamespace
     and (ty.typtype in ('e', 'd') or (ty.typtype = 'c' and (select c.relkind from pg_class c where c.oid = ty.typrelid) = 'c'));
  if r is not null then
    execute format('create function legal.citus_carry_types(%s) returns void language sql return null', r);
    execute format('select create_distributed_function(%L)', format('legal.citus_carry_types(%s)', r));
    execute format('drop function legal.citus_carry_types(%s)', r);
  end if;
  -- every function of the schema on every node (policies, triggers and delegated calls run there)
  for r in
    select p.oid::regprocedure::text
      from pg_proc p
     where p.pronamespace = 'legal'::regnamespace and p.prokind = 'f' and p.prorettype <> 'event_trigger'::regtype
       and not exists (select 1 from pg_dist_object o where o.classid = 'pg_proc'::regclass and o.objid = p.oid)
     order by p.oid
  loop
    perform create_distributed_function(r::regprocedure);
  end loop;
  for r in select k.stmt from legal.citus_pending_keys k order by k.kind, k.stmt loop
    execute r;
  end loop;
  drop table legal.citus_pending_keys;
  perform create_distributed_function('legal.log_event_at(uuid, text, text, text, jsonb, uuid, uuid)', 'p_tenant',
                                      colocate_with => 'legal.audit_log', force_delegation => true);

  if exists (select 1 from pg_event_trigger where evtname = 'legal_ddl_audit') then
    alter event trigger legal_ddl_audit enable;
    alter event trigger legal_ddl_drop_audit enable;
    perform legal.audit_append(legal.schema_chain_id(), 'ddl', null, 'SELECT create_distributed_table', null, null, null, null,
      jsonb_build_object('event', 'citus_distribution', 'tag', 'SELECT create_distributed_table', 'login', session_user,
                         'role', current_setting('role'),
                         'objects', (select jsonb_agg(jsonb_build_object('type', 'table', 'object', p.logicalrelid::text,
                                                                         'distribution', case p.partmethod when 'n' then 'reference' else 'tenant' end)
                                                      order by p.logicalrelid::text)
                                       from pg_dist_partition p
                                      where p.logicalrelid::text like 'legal.%')));
  end if;
end;
$$;
revoke execute on function legal.distribute_schema() from public;

-- Tenant tables created later are distributed beside their firm when they are set up.
create or replace function legal.enable_tenant_isolation(target regclass) returns void
  language plpgsql
as $$
declare
  t text := (select relname from pg_class where oid = target);
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  perform legal.set_access_policies(target, 'true', 'true', 'true', 'true');
  execute format('grant select, insert, update, delete on %s to legal_app, legal_system', target);
  execute format('grant select on %s to legal_readonly', target);
  if exists (select 1 from pg_attribute where attrelid = target and attname = 'updated_at' and not attisdropped) then
    execute format('create trigger %I before update on %s for each row execute function legal.touch_updated_at()', t || '_touch', target);
  end if;
  perform legal.enable_audit(target);
  -- (pg_dist_partition exists only with Citus: the statement naming it runs only there)
  if legal.on_citus() then
    if exists (select 1 from pg_dist_partition p where p.logicalrelid = 'legal.tenants'::regclass) then
      set local citus.enable_unsafe_triggers = on;
      perform create_distributed_table(target::text, 'tenant_id', colocate_with => 'legal.tenants');
    end if;
  end if;
end;
$$;
revoke execute on function legal.enable_tenant_isolation(regclass) from public;

select legal.prepare_citus();

select legal.distribute_schema();

select legal.hand_over_ownership();
