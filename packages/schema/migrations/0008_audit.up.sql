-- 0008: the audit trail (seeds 000, 001, 004): every change to a tenant table, and the
-- events triggers cannot see, in an append-only, monthly-partitioned log, hash-chained per
-- tenant so that tampering is detected.

-- Cases can be under legal hold too (retention keeps their audit months).
alter table legal.cases
  add column legal_hold boolean not null default false,
  add column legal_hold_reason text,
  add column legal_hold_set_at timestamptz,
  add column legal_hold_set_by uuid,
  add constraint cases_legal_hold_reason_check check (not legal_hold or legal_hold_reason is not null),
  add foreign key (tenant_id, legal_hold_set_by) references legal.users (tenant_id, id) on delete set null (legal_hold_set_by);
create index cases_legal_hold_set_by_idx on legal.cases (tenant_id, legal_hold_set_by);
create index cases_held_idx on legal.cases (tenant_id, id) where legal_hold;

-- The log -------------------------------------------------------------------------------

create table legal.audit_log (
  tenant_id   uuid not null,
  seq         bigint not null,           -- position in the tenant's chain: 1, 2, 3, ...
  occurred_at timestamptz not null,      -- clock_timestamp() of the write
  txid        bigint not null,           -- the writing transaction
  actor_id    uuid,                      -- legal.user_id of the context
  db_role     text not null,             -- the role in effect (legal_app, legal_system, ...)
  action      text not null constraint audit_log_action_check check (action in (
                'create', 'read', 'update', 'delete', 'upload', 'download', 'login', 'logout',
                'token_used', 'export', 'system_access')),
  table_name  text,                      -- the logical table (on Citus TG_TABLE_NAME is a shard)
  record_id   text,
  case_id     uuid,                      -- the case the record belongs to, when it has one
  document_id uuid,                      -- the document the record belongs to, when it has one
  request_id  text,
  ip          inet,
  user_agent  text,
  reason      text,
  row_data    jsonb,                     -- the new row (create) or the old row (delete), secrets redacted
  changes     jsonb,                     -- update: { column: { old, new } } of the changed columns only
  details     jsonb,                     -- application events
  prev_hash   bytea not null,            -- the previous row's hash ('' for the first)
  hash        bytea not null,            -- sha256(prev_hash || canonical row)
  primary key (tenant_id, seq, occurred_at)
) partition by range (occurred_at);
comment on table legal.audit_log is 'Audit: append-only, hash-chained per tenant, partitioned by month. Written only by the audit functions (owner legal_owner).';
create index audit_log_time_idx on legal.audit_log (tenant_id, occurred_at);
create index audit_log_record_idx on legal.audit_log (tenant_id, table_name, record_id, occurred_at);
create index audit_log_actor_idx on legal.audit_log (tenant_id, actor_id, occurred_at);
create index audit_log_case_idx on legal.audit_log (tenant_id, case_id, occurred_at) where case_id is not null;
create index audit_log_document_idx on legal.audit_log (tenant_id, document_id, occurred_at) where document_id is not null;

create table legal.audit_log_default partition of legal.audit_log default;

-- The head of each tenant's chain: writers of one tenant serialise on this row.
create table legal.audit_chain_heads (
  tenant_id uuid primary key,
  last_seq  bigint not null,
  last_hash bytea not null
);
comment on table legal.audit_chain_heads is 'Audit: the last link of each tenant''s chain. Written only by the audit functions.';

-- Where a chain continues after retention dropped its oldest months.
create table legal.audit_chain_anchors (
  tenant_id   uuid not null,
  seq         bigint not null,
  hash        bytea not null,
  partition   text not null,
  dropped_at  timestamptz not null default now(),
  primary key (tenant_id, seq)
);
comment on table legal.audit_chain_anchors is 'Audit: the last link of each tenant in a month dropped by retention, so the chain still verifies.';

-- Only the owner (through the audit functions) writes; tenants read their own log.
revoke all on legal.audit_log, legal.audit_log_default, legal.audit_chain_heads, legal.audit_chain_anchors from public;
grant select on legal.audit_log to legal_app, legal_readonly, legal_system;
grant select on legal.audit_chain_heads, legal.audit_chain_anchors to legal_app, legal_readonly, legal_system;
alter table legal.audit_log enable row level security;
alter table legal.audit_log force row level security;
create policy audit_log_select on legal.audit_log for select using (tenant_id = (select legal.current_tenant_id()));
create policy audit_log_insert on legal.audit_log for insert to legal_owner with check (true);
create policy audit_log_owner_select on legal.audit_log for select to legal_owner using (true);
alter table legal.audit_chain_heads enable row level security;
alter table legal.audit_chain_heads force row level security;
create policy audit_chain_heads_owner on legal.audit_chain_heads to legal_owner using (true) with check (true);
create policy audit_chain_heads_select on legal.audit_chain_heads for select using (tenant_id = (select legal.current_tenant_id()));
alter table legal.audit_chain_anchors enable row level security;
alter table legal.audit_chain_anchors force row level security;
create policy audit_chain_anchors_owner on legal.audit_chain_anchors to legal_owner using (true) with check (true);
create policy audit_chain_anchors_select on legal.audit_chain_anchors for select using (tenant_id = (select legal.current_tenant_id()));

-- Append-only: UPDATE, DELETE and TRUNCATE raise for every role, the owner included.
-- Statement-level triggers fire even when RLS leaves no row to change; partitions get their own.
create function legal.audit_reject_change() returns trigger
  language plpgsql
as $$
begin
  raise exception 'the audit log is append-only: % is not allowed on %', tg_op, tg_table_name
    using errcode = 'LG005', hint = 'Retention drops whole months (legal.audit_drop_expired).';
end;
$$;
create trigger audit_log_no_update_delete before update or delete on legal.audit_log
  for each row execute function legal.audit_reject_change();
create trigger audit_log_append_only before update or delete or truncate on legal.audit_log
  for each statement execute function legal.audit_reject_change();
create trigger audit_log_append_only before update or delete or truncate on legal.audit_log_default
  for each statement execute function legal.audit_reject_change();
create trigger audit_chain_anchors_append_only before update or delete or truncate on legal.audit_chain_anchors
  for each statement execute function legal.audit_reject_change();

-- The canonical form of a row that the hash covers (the hash itself excluded). Fixed
-- formats only: the same row hashes the same on any server, in any time zone.
create function legal.audit_canonical(a legal.audit_log) returns bytea
  language sql immutable
  return convert_to(jsonb_build_array(
    a.tenant_id, a.seq, to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.txid, a.actor_id,
    a.db_role, a.action, a.table_name, a.record_id, a.case_id, a.document_id, a.request_id, host(a.ip), a.user_agent,
    a.reason, a.row_data, a.changes, a.details)::text, 'UTF8');

-- Appends one row to a tenant's chain: locks the chain head (so concurrent writers of one
-- tenant queue up instead of forking the chain), links and hashes the row, moves the head.
create function legal.audit_append(
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
revoke execute on function legal.audit_append(uuid, text, text, text, uuid, uuid, jsonb, jsonb, jsonb) from public;

-- Secret columns are written as "[redacted]": password and token hashes, encrypted
-- fields, and whatever a table lists as secret in its trigger's arguments.
create function legal.audit_is_secret(p_column text, p_extra text[]) returns boolean
  language sql immutable
  return p_column in ('password_hash', 'token_hash') or p_column like '%\_encrypted' or p_column = any(p_extra);

create function legal.audit_redact(p_row jsonb, p_extra text[]) returns jsonb
  language sql immutable
  return (select coalesce(jsonb_object_agg(key, case when value <> 'null'::jsonb and legal.audit_is_secret(key, p_extra)
                                                      then '"[redacted]"'::jsonb else value end), '{}'::jsonb)
            from jsonb_each(p_row));

-- The changed columns of an update, { column: { old, new } }, the table's secret columns
-- redacted; NULL when nothing changed.
create function legal.audit_diff(p_old jsonb, p_new jsonb, p_secrets text[]) returns jsonb
  language sql immutable
  return (select jsonb_object_agg(n.key, case when n.key = any(p_secrets)
                                              then '{"old": "[redacted]", "new": "[redacted]"}'::jsonb
                                              else jsonb_build_object('old', o.value, 'new', n.value) end)
            from jsonb_each(p_new) n join jsonb_each(p_old) o on o.key = n.key
           where n.value is distinct from o.value);

-- One audited row of a statement, before it is linked into the chain.
create type legal.audit_event as (tenant_id uuid, full_row jsonb, changes jsonb);

-- The generic audit trigger: statement-level, over the statement's transition tables, so
-- a statement locks its tenant's chain head once, links all its rows in memory, writes them
-- in one insert and moves the head once. Arguments (set by legal.enable_audit): the logical
-- table name (on Citus TG_TABLE_NAME is a shard's), its key columns (when it has no id), its
-- secret columns, and the tenant column (tenants: id). Updates that change nothing are skipped.
create function legal.audit_statement() returns trigger
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
revoke execute on function legal.audit_statement() from public;

-- Puts the audit triggers on a table (one per command: a transition table serves one
-- event only), with its logical name and key columns from the catalog.
create function legal.enable_audit(target regclass, secret_columns text[] default '{}', tenant_column text default 'tenant_id')
  returns void
  language plpgsql
as $$
declare
  t text := (select relname from pg_class where oid = target);
  keys text := (
    select string_agg(a.attname, ',' order by k.ord)
      from pg_index i cross join unnest(i.indkey) with ordinality k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
     where i.indrelid = target and i.indisprimary and a.attname <> tenant_column);
  secrets text := (
    select string_agg(a.attname, ',' order by a.attnum) from pg_attribute a
     where a.attrelid = target and a.attnum > 0 and not a.attisdropped
       and legal.audit_is_secret(a.attname, secret_columns));
  args text := format('%L, %L, %L, %L', t, coalesce(keys, ''), coalesce(secrets, ''), tenant_column);
begin
  execute format('create trigger %I after insert on %s referencing new table as audit_new for each statement execute function legal.audit_statement(%s)',
                 t || '_audit_insert', target, args);
  execute format('create trigger %I after update on %s referencing old table as audit_old new table as audit_new for each statement execute function legal.audit_statement(%s)',
                 t || '_audit_update', target, args);
  execute format('create trigger %I after delete on %s referencing old table as audit_old for each statement execute function legal.audit_statement(%s)',
                 t || '_audit_delete', target, args);
end;
$$;
revoke execute on function legal.enable_audit(regclass, text[], text) from public;

-- Every tenant table is audited, and so is tenants (its own id is the tenant).
do $$
declare
  t regclass;
begin
  for t in
    select c.oid::regclass from pg_class c
     where c.relnamespace = 'legal'::regnamespace and c.relkind = 'r' and not c.relispartition
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
       and c.relname not like 'audit\_%'
     order by c.relname
  loop
    perform legal.enable_audit(t);
  end loop;
end
$$;
select legal.enable_audit('legal.tenants', '{}', 'id');

-- Application events: what triggers cannot see (a document viewed or downloaded, a login,
-- a token used). The tenant, actor, IP, request id and reason come from the context;
-- without a tenant it is written to the system chain (the nil uuid) by legal_system only.
create function legal.log_event(
  p_action text, p_resource_type text, p_resource_id text default null,
  p_details jsonb default '{}', p_case_id uuid default null, p_document_id uuid default null
) returns void
  language plpgsql
  security definer
  set search_path = pg_catalog
as $$
declare
  tenant uuid := legal.current_tenant_id();
begin
  if tenant is null then
    -- legal_system, or a superuser acting as itself (no SET ROLE), may write the system chain.
    if current_setting('role') <> 'legal_system'
       and not (current_setting('role') = 'none' and (select rolsuper from pg_roles where rolname = session_user)) then
      raise exception 'legal.log_event needs a tenant context' using errcode = 'LG004';
    end if;
    tenant := '00000000-0000-0000-0000-000000000000';
  end if;
  perform legal.audit_append(tenant, p_action, p_resource_type, p_resource_id, p_case_id, p_document_id, null,
                             null, legal.audit_redact(coalesce(p_details, '{}'), '{}'));
end;
$$;
revoke execute on function legal.log_event(text, text, text, jsonb, uuid, uuid) from public;
grant execute on function legal.log_event(text, text, text, jsonb, uuid, uuid) to legal_app, legal_system;

-- A record's full history, oldest first (under the caller's RLS).
create function legal.record_history(p_table text, p_record_id text)
  returns setof legal.audit_log
  language sql stable
as $$
  select * from legal.audit_log where table_name = p_table and record_id = p_record_id order by tenant_id, seq
$$;
grant execute on function legal.record_history(text, text) to legal_app, legal_readonly, legal_system;

-- Verifying the chain -------------------------------------------------------------------

-- Walks a tenant's chain (optionally between two times) and returns the first broken link:
-- a row whose hash is not sha256(prev_hash || row), whose prev_hash is not the previous
-- row's hash, or a gap in the sequence. `problem` is NULL when the chain is intact.
create function legal.verify_audit_chain(p_tenant uuid, p_from timestamptz default null, p_to timestamptz default null)
  returns table (checked bigint, broken_seq bigint, broken_at timestamptz, problem text)
  language plpgsql stable
as $$
declare
  r legal.audit_log;
  expected_prev bytea;
  expected_seq bigint;
  n bigint := 0;
  head legal.audit_chain_heads;
begin
  for r in
    select * from legal.audit_log a
     where a.tenant_id = p_tenant and (p_from is null or a.occurred_at >= p_from) and (p_to is null or a.occurred_at < p_to)
     order by a.seq
  loop
    if n = 0 then
      -- The first row in range: from the very start, it must open the chain or continue an anchor.
      if p_from is null and r.seq > 1 and not exists (
           select 1 from legal.audit_chain_anchors x where x.tenant_id = p_tenant and x.seq = r.seq - 1 and x.hash = r.prev_hash) then
        return query select n, r.seq, r.occurred_at, format('the chain starts at seq %s without an anchor: earlier rows are missing', r.seq);
        return;
      end if;
      if r.seq = 1 and r.prev_hash <> '\x'::bytea then
        return query select n, r.seq, r.occurred_at, 'the first row does not open the chain';
        return;
      end if;
    else
      if r.seq <> expected_seq then
        return query select n, r.seq, r.occurred_at, format('rows %s to %s are missing', expected_seq, r.seq - 1);
        return;
      end if;
      if r.prev_hash <> expected_prev then
        return query select n, r.seq, r.occurred_at, 'prev_hash does not match the previous row''s hash';
        return;
      end if;
    end if;
    if r.hash <> sha256(r.prev_hash || legal.audit_canonical(r)) then
      return query select n, r.seq, r.occurred_at, 'the row does not match its hash (it was changed)';
      return;
    end if;
    n := n + 1;
    expected_prev := r.hash;
    expected_seq := r.seq + 1;
  end loop;
  if p_to is null then
    select * into head from legal.audit_chain_heads h where h.tenant_id = p_tenant;
    if head.tenant_id is not null and n > 0 and (head.last_seq <> expected_seq - 1 or head.last_hash <> expected_prev) then
      return query select n, expected_seq, null::timestamptz, format('the chain head is at seq %s: rows after %s are missing', head.last_seq, expected_seq - 1);
      return;
    end if;
  end if;
  return query select n, null::bigint, null::timestamptz, null::text;
end;
$$;
grant execute on function legal.verify_audit_chain(uuid, timestamptz, timestamptz) to legal_app, legal_readonly, legal_system;

-- Partitions and retention (run by `legal-schema maintenance`, as the migrating role) ----

create function legal.audit_partition_name(p_month date) returns text
  language sql immutable
  return format('audit_log_y%sm%s', to_char(p_month, 'YYYY'), to_char(p_month, 'MM'));

-- Creates the monthly partitions from this month to `months_ahead` months ahead; returns
-- the ones it created. A month whose rows already sit in the default partition is reported.
create function legal.audit_ensure_partitions(months_ahead integer default 3)
  returns setof text
  language plpgsql
as $$
declare
  m date;
  name text;
begin
  for m in select generate_series(date_trunc('month', now())::date, (date_trunc('month', now()) + make_interval(months => months_ahead))::date, interval '1 month')::date
  loop
    name := legal.audit_partition_name(m);
    continue when to_regclass('legal.' || name) is not null;
    if exists (select 1 from legal.audit_log_default where occurred_at >= m and occurred_at < m + interval '1 month') then
      raise exception 'audit rows of % sit in the default partition: move them before creating %', to_char(m, 'YYYY-MM'), name
        using errcode = 'LG006';
    end if;
    execute format('create table legal.%I partition of legal.audit_log for values from (%L) to (%L)',
                   name, m::timestamptz, (m + interval '1 month')::timestamptz);
    execute format('alter table legal.%I owner to legal_owner', name);
    execute format('revoke all on legal.%I from public', name);
    execute format('create trigger audit_log_append_only before update or delete or truncate on legal.%I for each statement execute function legal.audit_reject_change()', name);
    return next name;
  end loop;
end;
$$;
revoke execute on function legal.audit_ensure_partitions(integer) from public;

-- Drops the monthly partitions older than `keep_months` whole months. Refuses, naming the
-- holds, while any row of such a month belongs to a case or document under legal hold.
-- Before dropping, records each tenant's last link of the month as an anchor.
create function legal.audit_drop_expired(keep_months integer)
  returns setof text
  language plpgsql
as $$
declare
  p record;
  holds text;
begin
  if keep_months < 1 then
    raise exception 'keep_months must be at least 1' using errcode = 'invalid_parameter_value';
  end if;
  for p in
    select c.relname as name, c.oid::regclass as rel,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz as upper_bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'legal.audit_log'::regclass and c.relname <> 'audit_log_default'
     order by 3
  loop
    continue when p.upper_bound > date_trunc('month', now()) - make_interval(months => keep_months);
    execute format(
      $q$select string_agg(distinct hold, ', ') from (
           select format('case %%s (%%s)', c.id, c.legal_hold_reason) as hold
             from %s a join legal.cases c on c.tenant_id = a.tenant_id and c.id = a.case_id where c.legal_hold
           union all
           select format('document %%s (%%s)', d.id, d.legal_hold_reason)
             from %s a join legal.documents d on d.tenant_id = a.tenant_id and d.id = a.document_id where d.legal_hold) h$q$,
      p.rel, p.rel) into holds;
    if holds is not null then
      raise exception 'cannot drop audit partition %: it holds rows of records under legal hold: %', p.name, holds
        using errcode = 'LG003', hint = 'Lift the holds, or keep more months.';
    end if;
    execute format(
      'insert into legal.audit_chain_anchors (tenant_id, seq, hash, partition)
       select distinct on (tenant_id) tenant_id, seq, hash, %L from %s order by tenant_id, seq desc', p.name, p.rel);
    execute format('drop table %s', p.rel);
    return next p.name;
  end loop;
end;
$$;
revoke execute on function legal.audit_drop_expired(integer) from public;

select legal.audit_ensure_partitions(3);
select legal.hand_over_ownership();
