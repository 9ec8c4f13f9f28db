-- 0033 down: the audit trigger of 0012 again (personal fields in plain text from here on; what
-- was sealed stays sealed), and no privacy functions, keys or permission. Destroying the keys
-- makes every sealed value of the audit trail unreadable, as an erasure would.
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
  step_reason constant text := nullif(current_setting('legal.statement_reason', true), '');
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
  -- a workflow step's reason serves its own statement only (not the statements it nests)
  if step_reason is not null and pg_trigger_depth() = 1 then
    perform set_config('legal.statement_reason', '', true);
  end if;
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
  ctx.actor_role := nullif(current_setting('legal.role', true), '');
  ctx.db_role := coalesce(nullif(current_setting('role'), 'none'), session_user);
  ctx.request_id := nullif(current_setting('legal.request_id', true), '');
  ctx.ip := nullif(current_setting('legal.ip', true), '')::inet;
  ctx.user_agent := nullif(current_setting('legal.user_agent', true), '');
  ctx.reason := coalesce(step_reason, nullif(current_setting('legal.reason', true), ''));
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
revoke execute on function legal.audit_statement() from public;

drop function if exists legal.privacy_reveal(jsonb);
drop function if exists legal.privacy_export(uuid);
drop function if exists legal.privacy_erase(uuid, text);
drop function if exists legal.privacy_reveal_at(uuid, jsonb);
drop function if exists legal.privacy_export_at(uuid, uuid);
drop function if exists legal.privacy_erase_at(uuid, uuid, text);
drop function if exists legal.privacy_check(uuid, text);
drop function if exists legal.privacy_open(uuid, jsonb, uuid);
drop function if exists legal.privacy_open_value(uuid, text, uuid);
drop function if exists legal.privacy_seal(jsonb, text[], uuid, bytea, boolean);
drop function if exists legal.privacy_seal_value(jsonb, uuid, bytea);
drop function if exists legal.privacy_key(uuid, uuid);
drop function if exists legal.privacy_subject(text, uuid, jsonb);
drop function if exists legal.personal_fields(text);
drop table legal.privacy_keys;
drop function if exists legal.revoke_app_access(regclass);
delete from legal.role_permissions where permission_code = 'privacy.manage';
delete from legal.user_permissions where permission_code = 'privacy.manage';
delete from legal.default_role_permissions where permission_code = 'privacy.manage';
delete from legal.permissions where code = 'privacy.manage';
