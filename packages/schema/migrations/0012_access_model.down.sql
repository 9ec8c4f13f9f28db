-- 0012 down: back to tenant-only policies and the unsigned context.

-- the audit trail as 0008 wrote it (rows with an acting role keep it until the column goes)
create or replace function legal.audit_canonical(a legal.audit_log) returns bytea
  language sql immutable
  return convert_to(jsonb_build_array(
    a.tenant_id, a.seq, to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.txid, a.actor_id,
    a.db_role, a.action, a.table_name, a.record_id, a.case_id, a.document_id, a.request_id, host(a.ip), a.user_agent,
    a.reason, a.row_data, a.changes, a.details)::text, 'UTF8');

create or replace function legal.audit_append(
  p_tenant uuid, p_action text, p_table text, p_record text, p_case uuid, p_document uuid,
  p_row jsonb, p_changes jsonb, p_details jsonb
) returns void
  language plpgsql
  security definer
  set search_path = pg_catalog
as $$
declare
  r legal.audit_log;
begin
  insert into legal.audit_chain_heads (tenant_id, last_seq, last_hash) values (p_tenant, 0, '\x')
    on conflict (tenant_id) do nothing;
  select h.last_seq + 1, h.last_hash into r.seq, r.prev_hash
    from legal.audit_chain_heads h where h.tenant_id = p_tenant for update;
  r.tenant_id := p_tenant;
  r.occurred_at := clock_timestamp();
  r.txid := pg_current_xact_id()::text::bigint;
  r.actor_id := legal.current_user_id();
  r.db_role := coalesce(nullif(current_setting('role'), 'none'), session_user);
  r.action := p_action;
  r.table_name := p_table;
  r.record_id := p_record;
  r.case_id := p_case;
  r.document_id := p_document;
  r.request_id := nullif(current_setting('legal.request_id', true), '');
  r.ip := nullif(current_setting('legal.ip', true), '')::inet;
  r.user_agent := nullif(current_setting('legal.user_agent', true), '');
  r.reason := nullif(current_setting('legal.reason', true), '');
  r.row_data := p_row;
  r.changes := p_changes;
  r.details := p_details;
  r.hash := sha256(r.prev_hash || legal.audit_canonical(r));
  insert into legal.audit_log values (r.*);
  update legal.audit_chain_heads set last_seq = r.seq, last_hash = r.hash where tenant_id = p_tenant;
end;
$$;

create or replace function legal.audit_statement() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog
as $$
declare
  tbl constant text := tg_argv[0];
  keys constant text[] := coalesce(string_to_array(nullif(tg_argv[1], ''), ','), '{}');
  secrets constant text[] := coalesce(string_to_array(nullif(tg_argv[2], ''), ','), '{}');
  tenant_column constant text := coalesce(nullif(tg_argv[3], ''), 'tenant_id');
  events legal.audit_event[];
  ev legal.audit_event;
  r legal.audit_log;
  ctx legal.audit_log;
  batch legal.audit_log[] := '{}';
  current_tenant uuid;
  v_seq bigint;
  v_hash bytea;
  secret text;
begin
  -- Old and new transition rows are stored in the same order: an update pairs them by position.
  if tg_op = 'INSERT' then
    select array_agg(row((j ->> tenant_column)::uuid, j, null)::legal.audit_event order by (j ->> tenant_column), i) into events
      from (select to_jsonb(x) - 'search_vector' as j, row_number() over () as i from audit_new x) s;
  elsif tg_op = 'DELETE' then
    select array_agg(row((j ->> tenant_column)::uuid, j, null)::legal.audit_event order by (j ->> tenant_column), i) into events
      from (select to_jsonb(x) - 'search_vector' as j, row_number() over () as i from audit_old x) s;
  else
    select array_agg(row((n.j ->> tenant_column)::uuid, n.j, d.changes)::legal.audit_event order by (n.j ->> tenant_column), n.i)
      into events
      from (select to_jsonb(x) - 'search_vector' as j, row_number() over () as i from audit_new x) n
      join (select to_jsonb(x) - 'search_vector' as j, row_number() over () as i from audit_old x) o on o.i = n.i
      cross join lateral (select legal.audit_diff(o.j, n.j, secrets) as changes) d
     where d.changes is not null;
  end if;
  if events is null then
    return null;
  end if;

  ctx.txid := pg_current_xact_id()::text::bigint;
  ctx.actor_id := legal.current_user_id();
  ctx.db_role := coalesce(nullif(current_setting('role'), 'none'), session_user);
  ctx.request_id := nullif(current_setting('legal.request_id', true), '');
  ctx.ip := nullif(current_setting('legal.ip', true), '')::inet;
  ctx.user_agent := nullif(current_setting('legal.user_agent', true), '');
  ctx.reason := nullif(current_setting('legal.reason', true), '');
  ctx.action := case tg_op when 'INSERT' then 'create' when 'UPDATE' then 'update' else 'delete' end;
  ctx.table_name := tbl;

  foreach ev in array events loop
    if current_tenant is distinct from ev.tenant_id then
      if current_tenant is not null then
        insert into legal.audit_log select * from unnest(batch);
        update legal.audit_chain_heads h set last_seq = v_seq, last_hash = v_hash where h.tenant_id = current_tenant;
        batch := '{}';
      end if;
      current_tenant := ev.tenant_id;
      select h.last_seq, h.last_hash into v_seq, v_hash
        from legal.audit_chain_heads h where h.tenant_id = current_tenant for update;
      if not found then
        insert into legal.audit_chain_heads (tenant_id, last_seq, last_hash) values (current_tenant, 0, '\x')
          on conflict (tenant_id) do nothing;
        select h.last_seq, h.last_hash into v_seq, v_hash
          from legal.audit_chain_heads h where h.tenant_id = current_tenant for update;
      end if;
    end if;
    r := ctx;
    r.tenant_id := current_tenant;
    v_seq := v_seq + 1;
    r.seq := v_seq;
    r.occurred_at := clock_timestamp();
    r.record_id := coalesce(ev.full_row ->> 'id',
                            (select string_agg(ev.full_row ->> k, '/' order by o) from unnest(keys) with ordinality u(k, o)));
    r.case_id := case when tbl = 'cases' then (ev.full_row ->> 'id')::uuid else (ev.full_row ->> 'case_id')::uuid end;
    r.document_id := case when tbl = 'documents' then (ev.full_row ->> 'id')::uuid else (ev.full_row ->> 'document_id')::uuid end;
    if tg_op = 'UPDATE' then
      r.changes := ev.changes;
    else
      r.row_data := ev.full_row;
      foreach secret in array secrets loop
        if r.row_data -> secret <> 'null'::jsonb then
          r.row_data := jsonb_set(r.row_data, array[secret], '"[redacted]"');
        end if;
      end loop;
    end if;
    r.prev_hash := v_hash;
    r.hash := sha256(r.prev_hash || legal.audit_canonical(r));
    v_hash := r.hash;
    batch := batch || r;
  end loop;
  insert into legal.audit_log select * from unnest(batch);
  update legal.audit_chain_heads h set last_seq = v_seq, last_hash = v_hash where h.tenant_id = current_tenant;
  return null;
end;
$$;

alter table legal.audit_log drop column actor_role;

-- grants
do $$
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    execute 'grant execute on function pg_catalog.set_config(text, text, boolean) to public';
    execute 'revoke execute on function pg_catalog.set_config(text, text, boolean) from legal_owner, legal_system';
    execute format('grant temporary on database %I to public', current_database());
  end if;
end
$$;
grant select, insert, update, delete on legal.password_reset_tokens to legal_app;
grant select on legal.password_reset_tokens to legal_readonly;
revoke select on legal.user_sessions, legal.access_tokens from legal_app, legal_readonly;
grant select on legal.user_sessions, legal.access_tokens to legal_app, legal_readonly;
revoke select, insert, update on legal.users from legal_app, legal_readonly;
grant select, insert, update on legal.users to legal_app;
grant select on legal.users to legal_readonly;
drop policy tenants_update on legal.tenants;
create policy tenants_update on legal.tenants for update
  using (id = (select legal.current_tenant_id())) with check (id = (select legal.current_tenant_id()));
drop policy tenants_select on legal.tenants;
create policy tenants_select on legal.tenants for select using (id = (select legal.current_tenant_id()));
revoke update on legal.tenants from legal_app;
grant update on legal.tenants to legal_app;

-- column rules and the workflow as before
drop trigger documents_check_columns on legal.documents;
drop function legal.documents_check_columns();
drop trigger cases_check_columns on legal.cases;
drop function legal.cases_check_columns();
create or replace function legal.cases_check_transition() returns trigger
  language plpgsql
as $$
begin
  if new.status is distinct from old.status
     and not exists (select 1 from legal.case_status_transitions where from_status = old.status and to_status = new.status) then
    raise exception 'invalid case status transition from "%" to "%"', old.status, new.status
      using errcode = 'LG001',
            detail = format('Allowed from "%s": %s.', old.status,
                            coalesce((select string_agg(format('"%s"', to_status), ', ' order by to_status)
                                        from legal.case_status_transitions where from_status = old.status), 'none')),
            hint = 'See legal.case_status_transitions for the workflow.';
  end if;
  if new.status is distinct from old.status then
    new.closed_at := case when new.status in ('completed', 'archived') then coalesce(old.closed_at, now()) else null end;
  end if;
  return new;
end;
$$;

create or replace function legal.cases_record_status() returns trigger
  language plpgsql
  security invoker
as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into legal.case_status_history (tenant_id, case_id, from_status, to_status, changed_by, reason)
    values (new.tenant_id, new.id, case when tg_op = 'UPDATE' then old.status end, new.status,
            legal.current_user_id(), nullif(current_setting('legal.reason', true), ''));
  end if;
  return null;
end;
$$;

create or replace function legal.cases_record_initial_status() returns trigger
  language plpgsql
as $$
begin
  insert into legal.case_status_history (tenant_id, case_id, from_status, to_status, changed_by, reason)
  select n.tenant_id, n.id, null, n.status, legal.current_user_id(), nullif(current_setting('legal.reason', true), '')
    from new_cases n;
  return null;
end;
$$;

-- tenant-only policies, as enable_tenant_isolation made them
drop policy audit_log_select on legal.audit_log;
create policy audit_log_select on legal.audit_log for select using (tenant_id = (select legal.current_tenant_id()));
drop policy audit_chain_heads_select on legal.audit_chain_heads;
create policy audit_chain_heads_select on legal.audit_chain_heads for select using (tenant_id = (select legal.current_tenant_id()));
drop policy audit_chain_anchors_select on legal.audit_chain_anchors;
create policy audit_chain_anchors_select on legal.audit_chain_anchors for select using (tenant_id = (select legal.current_tenant_id()));
do $$
declare
  t record;
  predicate constant text := 'tenant_id = (select legal.current_tenant_id())';
begin
  for t in
    select c.oid::regclass as target, c.relname from pg_class c
     where c.relnamespace = 'legal'::regnamespace and c.relkind = 'r'
       and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = c.relname || '_owner')
       and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = c.relname || '_select')
       and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = c.relname || '_insert')
  loop
    execute format('drop policy %I on %s', t.relname || '_select', t.target);
    execute format('drop policy %I on %s', t.relname || '_insert', t.target);
    execute format('drop policy %I on %s', t.relname || '_update', t.target);
    execute format('drop policy %I on %s', t.relname || '_delete', t.target);
    execute format('drop policy %I on %s', t.relname || '_owner', t.target);
    execute format('create policy %I on %s for select using (%s)', t.relname || '_select', t.target, predicate);
    execute format('create policy %I on %s for insert with check (%s)', t.relname || '_insert', t.target, predicate);
    execute format('create policy %I on %s for update using (%s) with check (%s)', t.relname || '_update', t.target, predicate, predicate);
    execute format('create policy %I on %s for delete using (%s)', t.relname || '_delete', t.target, predicate);
  end loop;
end
$$;
create or replace function legal.enable_tenant_isolation(target regclass) returns void
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

drop function legal.set_access_policies(regclass, text, text, text, text);
drop function legal.set_statement_reason(text);
drop function legal.refresh_unit();
drop function legal.enter_unit(text);
drop function legal.apply_grants(uuid, uuid, text[], text, jsonb);
drop function legal.unit_canonical();
drop function legal.unit_grants(uuid, uuid, text[]);
drop function legal.access_epoch(uuid, uuid);
drop function legal.can_read_document(uuid, uuid[]);
drop function legal.can_read_matter(uuid);
drop function legal.can_write_matter(uuid);
drop function legal.document_allowed(uuid[]);
drop function legal.can_write_case_row(uuid, uuid, uuid);
drop function legal.can_read_case_row(uuid, uuid, uuid);
drop function legal.can_write_case(uuid);
drop function legal.can_read_case(uuid);
drop function legal.walled(uuid);
drop function legal.sees_all_cases();
drop function legal.has_permission(text);
drop function legal.current_role_id();

-- denormalised columns and their triggers
drop trigger conversations_messages_follow on legal.conversations;
drop trigger invoices_lines_follow on legal.invoices;
drop function legal.parent_case_follow();
drop trigger conversation_messages_inherit on legal.conversation_messages;
drop function legal.conversation_messages_inherit();
drop trigger invoice_line_items_inherit on legal.invoice_line_items;
drop function legal.invoice_line_items_inherit();
drop trigger document_permissions_inherit on legal.document_permissions;
drop trigger document_chunks_inherit on legal.document_chunks;
drop trigger document_versions_inherit on legal.document_versions;
drop function legal.document_child_inherit();
drop trigger documents_inherit_acl on legal.documents;
drop function legal.documents_inherit_acl();
drop trigger documents_children_follow on legal.documents;
drop function legal.document_children_follow();
drop trigger document_permissions_acl_delete on legal.document_permissions;
drop trigger document_permissions_acl_update on legal.document_permissions;
drop trigger document_permissions_acl_insert on legal.document_permissions;
drop function legal.document_permissions_sync_delete();
drop function legal.document_permissions_sync_insert();
drop function legal.document_permissions_sync();
drop function legal.document_acl(uuid, uuid);
alter table legal.conversation_messages drop column user_id, drop column case_id;
alter table legal.invoice_line_items drop column case_id;
alter table legal.document_permissions drop column case_id;
alter table legal.document_chunks drop column case_id, drop column acl_read, drop column acl_write;
alter table legal.document_versions drop column case_id, drop column acl_read, drop column acl_write;
alter table legal.documents drop column acl_read, drop column acl_write, drop column acl_delete;
drop index legal.document_permissions_document_idx;
drop index legal.document_chunks_document_idx;

-- access epochs
drop trigger tenants_access on legal.tenants;
drop function legal.tenants_access_changed();
drop trigger ethical_walls_access on legal.ethical_walls;
drop trigger cases_access on legal.cases;
drop trigger case_members_access on legal.case_members;
drop trigger user_permissions_access on legal.user_permissions;
drop trigger users_access on legal.users;
drop trigger roles_access on legal.roles;
drop trigger role_permissions_access on legal.role_permissions;
drop function legal.access_changed();
drop function legal.bump_access_epochs(uuid, uuid[]);
drop table legal.access_epochs;
drop table legal.ethical_walls;

-- permissions
alter table legal.case_status_transitions drop column required_permission;
delete from legal.role_permissions
 where permission_code in ('cases.submit', 'cases.review', 'cases.archive', 'communications.read',
                           'communications.manage', 'walls.manage', 'access.review');
delete from legal.default_role_permissions
 where permission_code in ('cases.submit', 'cases.review', 'cases.archive', 'communications.read',
                           'communications.manage', 'walls.manage', 'access.review');
delete from legal.permissions
 where code in ('cases.submit', 'cases.review', 'cases.archive', 'communications.read',
                'communications.manage', 'walls.manage', 'access.review');

-- the unsigned context
create or replace function legal.current_tenant_id() returns uuid
  language sql stable parallel safe
  security invoker
  return nullif(current_setting('legal.tenant_id', true), '')::uuid;
comment on function legal.current_tenant_id() is 'The tenant of the current transaction (SET LOCAL legal.tenant_id), or NULL: policies then match no row.';
drop function legal.bypasses_access();
drop function legal.context_hmac(text);
drop function legal.context_key_material();
drop function legal.context_key_pads(bytea);
drop table legal.context_keys;
