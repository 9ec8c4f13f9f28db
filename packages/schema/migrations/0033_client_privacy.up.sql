-- 0033: client privacy (GDPR art. 15, 17 and 20; state privacy laws). A client is the data
-- subject. The personal fields of the rows tied to a client (legal.personal_fields) enter the
-- audit trail encrypted under a key of that client (crypto-shredding): the hash chain covers
-- the ciphertext, so erasing the client — anonymising its live rows, then destroying its key —
-- leaves every audit row in place, the chain verifiable, and the person's data unreadable.
--
-- * legal.privacy_keys: one AES-256 key per client, readable by the schema owner only (no
--   application role has a privilege on it; its audit rows show the key as "[redacted]").
-- * legal.audit_statement seals the personal fields of create/delete rows and of update
--   changes as "pii:v1:<client>:<base64 iv||ciphertext>" (AES-256-CBC, a random IV per value);
--   once the client is erased they are written as "[erased]".
-- * legal.privacy_export(client) (art. 15/20): every row with the client's id, in every table
--   that has one, with the audit entries of those rows, their personal fields decrypted.
-- * legal.privacy_erase(client, reason) (art. 17): refused while a matter of the client is
--   open, a legal hold covers one of its matters or documents, it holds money in trust, or the
--   firm's retention period (tenants.settings.privacy.retentionYears, default 6) has not run
--   from its last record; otherwise anonymises the personal fields, deletes the derived rows
--   (other names, document chunks, AI messages) and destroys the key.
-- * legal.privacy_reveal(values): the plain values of sealed audit values, for audit readers.
-- On Citus the three run where the firm's rows are (delegated by their tenant argument, STRICT,
-- called with constants from invoker wrappers, as legal.conflict_search is).

create extension if not exists pgcrypto schema extensions;

create table legal.privacy_keys (
  tenant_id      uuid not null default legal.current_tenant_id() references legal.tenants (id),
  client_id      uuid not null,
  -- "_secret": the audit trail writes it as "[redacted]" (legal.audit_is_secret)
  key_secret     bytea constraint privacy_keys_key_length check (octet_length(key_secret) = 32),
  created_at     timestamptz not null default now(),
  erased_at      timestamptz,
  erased_by      uuid,
  erasure_reason text,
  primary key (tenant_id, client_id),
  constraint privacy_keys_erased check ((erased_at is null) = (key_secret is not null))
);
comment on table legal.privacy_keys is 'Privacy: each client''s key for the personal fields of its audit entries, destroyed (NULL) by erasure. Read and written only by the schema''s functions: no application role has a privilege on it.';
select legal.enable_tenant_isolation('legal.privacy_keys');
select legal.set_access_policies('legal.privacy_keys', 'false', 'false', 'false', 'false');

-- Takes every privilege on a table from the application roles (rows only the schema's
-- functions read and write). legal-schema verify compares the result with the manifest.
create function legal.revoke_app_access(target regclass) returns void
  language plpgsql
  set search_path = pg_catalog
as $$
begin
  execute format('revoke all on %s from legal_app, legal_readonly, legal_system', target);
end;
$$;
revoke execute on function legal.revoke_app_access(regclass) from public;
select legal.revoke_app_access('legal.privacy_keys');

-- The personal fields of each table whose rows are tied to a client, and how the row names
-- its client. Generated columns derived from a personal field are personal too.
create function legal.personal_fields(p_table text) returns text[]
  language sql immutable parallel safe
  return case p_table
    when 'clients' then array['name', 'first_name', 'last_name', 'company_name', 'email', 'phone', 'address', 'external_ref']
    when 'cases' then array['title', 'description', 'client_name']
    when 'case_parties' then array['name', 'organization', 'email', 'phone', 'notes']
    when 'parties' then array['name', 'normalized_name', 'name_sound', 'notes']
    when 'party_names' then array['name', 'normalized_name', 'name_sound']
    when 'communications' then array['subject', 'participants']
    when 'documents' then array['file_name', 'title', 'logical_path', 'extracted_text', 'metadata']
    when 'document_chunks' then array['text']
    when 'conversations' then array['title']
    when 'conversation_messages' then array['content', 'metadata']
  end;
comment on function legal.personal_fields(text) is 'Privacy: the personal fields of a table''s rows tied to a client (sealed in the audit trail, anonymised by erasure); NULL for other tables.';

-- The client a row is tied to: its own id (clients), its client_id, or its parent's.
create function legal.privacy_subject(p_table text, p_tenant uuid, p_row jsonb) returns uuid
  language plpgsql stable
  set search_path = pg_catalog
as $$
declare
  subject uuid;
begin
  case p_table
    when 'clients' then
      return (p_row ->> 'id')::uuid;
    when 'party_names' then
      select p.client_id into subject from legal.parties p where p.tenant_id = p_tenant and p.id = (p_row ->> 'party_id')::uuid;
    when 'document_chunks' then
      select d.client_id into subject from legal.documents d where d.tenant_id = p_tenant and d.id = (p_row ->> 'document_id')::uuid;
    when 'conversation_messages' then
      select c.client_id into subject from legal.conversations c
       where c.tenant_id = p_tenant and c.id = (p_row ->> 'conversation_id')::uuid;
    else
      return (p_row ->> 'client_id')::uuid;
  end case;
  return subject;
end;
$$;

-- A client's key, made on first use; NULL once the client is erased.
create function legal.privacy_key(p_tenant uuid, p_client uuid) returns bytea
  language plpgsql volatile
  set search_path = pg_catalog
as $$
declare
  k bytea;
begin
  select p.key_secret into k from legal.privacy_keys p where p.tenant_id = p_tenant and p.client_id = p_client;
  if not found then
    insert into legal.privacy_keys (tenant_id, client_id, key_secret)
      values (p_tenant, p_client, extensions.gen_random_bytes(32))
      on conflict (tenant_id, client_id) do nothing;
    select p.key_secret into k from legal.privacy_keys p where p.tenant_id = p_tenant and p.client_id = p_client;
  end if;
  return k;
end;
$$;

-- One sealed value: "pii:v1:<client>:<base64 of iv || AES-256-CBC ciphertext of the JSON text>".
create function legal.privacy_seal_value(p_value jsonb, p_client uuid, p_key bytea) returns jsonb
  language plpgsql volatile
  set search_path = pg_catalog
as $$
declare
  iv bytea;
begin
  if p_value is null or p_value = 'null'::jsonb then
    return p_value;
  end if;
  if p_key is null then
    return '"[erased]"'::jsonb;
  end if;
  iv := extensions.gen_random_bytes(16);
  return to_jsonb('pii:v1:' || p_client::text || ':'
                  || translate(encode(iv || extensions.encrypt_iv(convert_to(p_value::text, 'UTF8'), p_key, iv, 'aes-cbc/pad:pkcs'),
                                      'base64'), E'\n', ''));
end;
$$;

-- A row (create/delete) or a diff (update: { column: { old, new } }) with its personal fields sealed.
create function legal.privacy_seal(p_data jsonb, p_fields text[], p_client uuid, p_key bytea, p_is_diff boolean) returns jsonb
  language sql volatile
  set search_path = pg_catalog
  return (select jsonb_object_agg(e.key,
                    case when e.key <> all(p_fields) then e.value
                         when p_is_diff then jsonb_build_object('old', legal.privacy_seal_value(e.value -> 'old', p_client, p_key),
                                                                'new', legal.privacy_seal_value(e.value -> 'new', p_client, p_key))
                         else legal.privacy_seal_value(e.value, p_client, p_key) end)
            from jsonb_each(p_data) e);

-- The plain value of a sealed one of the given firm; "[erased]" once its client is erased;
-- NULL when it is not a sealed value of that firm (or, with p_client, of that client).
create function legal.privacy_open_value(p_tenant uuid, p_sealed text, p_client uuid default null) returns jsonb
  language plpgsql stable
  set search_path = pg_catalog
as $$
declare
  m text[] := regexp_match(p_sealed, '^pii:v1:([0-9a-f-]{36}):([A-Za-z0-9+/=]+)$');
  subject uuid;
  k bytea;
  raw bytea;
begin
  if m is null then
    return null;
  end if;
  subject := m[1]::uuid;
  if p_client is not null and subject <> p_client then
    return null;
  end if;
  select p.key_secret into k from legal.privacy_keys p where p.tenant_id = p_tenant and p.client_id = subject;
  if not found then
    return null;
  end if;
  if k is null then
    return '"[erased]"'::jsonb;
  end if;
  raw := decode(m[2], 'base64');
  return convert_from(extensions.decrypt_iv(substring(raw from 17), k, substring(raw from 1 for 16), 'aes-cbc/pad:pkcs'), 'UTF8')::jsonb;
exception
  when others then
    -- a value sealed under another firm's key of the same client id does not decrypt
    return null;
end;
$$;

-- Every sealed value inside a jsonb document (a row, a diff) replaced by its plain value.
create function legal.privacy_open(p_tenant uuid, p_data jsonb, p_client uuid default null) returns jsonb
  language plpgsql stable
  set search_path = pg_catalog
as $$
declare
  result jsonb;
begin
  if p_data is null then
    return null;
  end if;
  case jsonb_typeof(p_data)
    when 'object' then
      select coalesce(jsonb_object_agg(e.key, legal.privacy_open(p_tenant, e.value, p_client)), '{}'::jsonb) into result
        from jsonb_each(p_data) e;
      return result;
    when 'string' then
      if left(p_data #>> '{}', 7) = 'pii:v1:' then
        return coalesce(legal.privacy_open_value(p_tenant, p_data #>> '{}', p_client), p_data);
      end if;
      return p_data;
    else
      return p_data;
  end case;
end;
$$;

-- The audit trigger of 0012, sealing the personal fields of rows tied to a client.
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
  personal constant text[] := legal.personal_fields(tbl);
  events legal.audit_event[];
  ev legal.audit_event;
  r legal.audit_log;
  ctx legal.audit_log;
  batch legal.audit_log[] := '{}';
  current_tenant uuid;
  v_seq bigint;
  v_hash bytea;
  secret text;
  subject uuid;
  subjects uuid[] := '{}';
  subject_keys bytea[] := '{}';
  cache_key text;
  last_key text;
  subject_key bytea;
  row_no integer := 0;
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

  -- each row's client, and the clients' keys, first: a key made here is written (and audited)
  -- before the chain head is taken. Rows of one statement mostly share their client (a
  -- document's chunks): it is looked up once per run of rows with the same reference.
  if personal is not null then
    foreach ev in array events loop
      cache_key := ev.tenant_id::text || '/' || case when tbl = 'clients' then ev.full_row ->> 'id' else
                   concat_ws('/', ev.full_row ->> 'client_id', ev.full_row ->> 'party_id', ev.full_row ->> 'document_id',
                             ev.full_row ->> 'conversation_id') end;
      if cache_key is distinct from last_key then
        subject := legal.privacy_subject(tbl, ev.tenant_id, ev.full_row);
        subject_key := case when subject is not null then legal.privacy_key(ev.tenant_id, subject) end;
        last_key := cache_key;
      end if;
      subjects := subjects || subject;
      subject_keys := subject_keys || subject_key;
    end loop;
  end if;

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
    row_no := row_no + 1;
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
    -- a row tied to a client: its personal fields under the client's key
    if personal is not null then
      subject := subjects[row_no];
      if subject is not null then
        subject_key := subject_keys[row_no];
        if tg_op = 'UPDATE' then
          r.changes := legal.privacy_seal(r.changes, personal, subject, subject_key, true);
        else
          r.row_data := legal.privacy_seal(r.row_data, personal, subject, subject_key, false);
        end if;
      end if;
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

-- Who may ------------------------------------------------------------------------------------

insert into legal.permissions (code, description) values
  ('privacy.manage', 'Export everything the firm holds about a client (GDPR art. 15/20) and erase a client (art. 17)');
insert into legal.default_role_permissions (role_name, permission_code) values ('admin', 'privacy.manage');
insert into legal.role_permissions (tenant_id, role_id, permission_code)
select r.tenant_id, r.id, d.permission_code
  from legal.roles r
  join legal.default_role_permissions d on d.role_name = r.name
 where r.is_default and d.permission_code = 'privacy.manage'
on conflict do nothing;

-- The firm of the unit, and the permission, or an error.
create function legal.privacy_check(p_tenant uuid, p_permission text) returns void
  language plpgsql stable
  set search_path = pg_catalog
as $$
begin
  if legal.current_tenant_id() is null or p_tenant is distinct from legal.current_tenant_id() then
    raise exception 'privacy requests need a tenant context (their own firm''s)' using errcode = 'LG004';
  end if;
  if not legal.has_permission(p_permission) then
    raise exception 'permission denied: %', p_permission using errcode = 'insufficient_privilege', hint = p_permission;
  end if;
end;
$$;

-- The plain values of sealed audit values (p_values: a JSON array of them), as one object
-- { sealed: plain }; for readers of the audit trail (audit.read).
create function legal.privacy_reveal_at(p_tenant uuid, p_values jsonb) returns jsonb
  language plpgsql stable strict security definer
  set search_path = pg_catalog
as $$
declare
  result jsonb;
begin
  perform legal.privacy_check(p_tenant, 'audit.read');
  select coalesce(jsonb_object_agg(o.value, o.plain), '{}'::jsonb) into result
    from (select v.value, legal.privacy_open_value(p_tenant, v.value) as plain
            from (select distinct e.value
                    from jsonb_array_elements_text(case when jsonb_typeof(p_values) = 'array' then p_values else '[]' end) e
                   limit 10000) v) o
   where o.plain is not null;
  return result;
end;
$$;

-- Everything the firm holds about a client: its row, every row with its id in every table that
-- has a client_id (from the catalog, so later tables are included), the derived rows (other
-- names, document chunks, AI messages), and the audit entries of them all, decrypted. Secret
-- columns (password hashes, field-encrypted values) stay redacted. The export is audited.
create function legal.privacy_export_at(p_tenant uuid, p_client uuid) returns jsonb
  language plpgsql volatile strict security definer
  set search_path = pg_catalog
as $$
declare
  tbl text;
  rows_of jsonb;
  records jsonb := '{}';
  subject jsonb;
  audit jsonb;
  refs jsonb := '[]';
begin
  perform legal.privacy_check(p_tenant, 'privacy.manage');
  select legal.audit_redact(to_jsonb(c) - 'search_vector', '{}') into subject from legal.clients c
   where c.tenant_id = p_tenant and c.id = p_client;
  if subject is null then
    raise exception 'no client % in this firm', p_client using errcode = 'no_data_found';
  end if;
  for tbl in
    select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid
     where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
       and a.attname = 'client_id' and not a.attisdropped and c.relname <> 'privacy_keys'
       and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped)
     order by c.relname
  loop
    execute format('select jsonb_agg(legal.audit_redact(to_jsonb(x) - ''search_vector'', ''{}'') order by to_jsonb(x) ->> ''id'')
                      from legal.%I x where x.tenant_id = $1 and x.client_id = $2', tbl)
      into rows_of using p_tenant, p_client;
    if rows_of is not null then
      records := records || jsonb_build_object(tbl, rows_of);
    end if;
  end loop;
  select jsonb_agg(to_jsonb(n) - 'search_vector' order by n.id) into rows_of from legal.party_names n
   where n.tenant_id = p_tenant and n.party_id in (select p.id from legal.parties p where p.tenant_id = p_tenant and p.client_id = p_client);
  if rows_of is not null then records := records || jsonb_build_object('party_names', rows_of); end if;
  select jsonb_agg(to_jsonb(m) order by m.created_at, m.id) into rows_of from legal.conversation_messages m
   where m.tenant_id = p_tenant
     and m.conversation_id in (select c.id from legal.conversations c where c.tenant_id = p_tenant and c.client_id = p_client);
  if rows_of is not null then records := records || jsonb_build_object('conversation_messages', rows_of); end if;
  select jsonb_agg(jsonb_build_object('id', k.id, 'document_id', k.document_id, 'chunk_index', k.chunk_index, 'text', k.text)
                   order by k.document_id, k.chunk_index) into rows_of
    from legal.document_chunks k
   where k.tenant_id = p_tenant
     and k.document_id in (select d.id from legal.documents d where d.tenant_id = p_tenant and d.client_id = p_client);
  if rows_of is not null then records := records || jsonb_build_object('document_chunks', rows_of); end if;

  -- the audit entries of every record above (and of the client's row)
  select coalesce(jsonb_agg(jsonb_build_object('table', e.key, 'id', r ->> 'id')), '[]') into refs
    from jsonb_each(records) e cross join jsonb_array_elements(e.value) r;
  refs := refs || jsonb_build_array(jsonb_build_object('table', 'clients', 'id', p_client::text));
  select coalesce(jsonb_agg(jsonb_build_object(
           'seq', a.seq, 'occurred_at', a.occurred_at, 'action', a.action, 'table', a.table_name, 'record_id', a.record_id,
           'actor_id', a.actor_id, 'reason', a.reason,
           'row_data', legal.privacy_open(p_tenant, a.row_data, p_client),
           'changes', legal.privacy_open(p_tenant, a.changes, p_client)) order by a.seq), '[]') into audit
    from legal.audit_log a
   where a.tenant_id = p_tenant
     and (a.table_name, a.record_id) in (select x ->> 'table', x ->> 'id' from jsonb_array_elements(refs) x);

  perform legal.audit_append(p_tenant, 'export', 'clients', p_client::text, null, null, null, null,
                             jsonb_build_object('privacy', 'subject_access', 'tables', (select coalesce(jsonb_object_agg(e.key, jsonb_array_length(e.value)), '{}') from jsonb_each(records) e),
                                                'audit_entries', jsonb_array_length(audit)));
  return jsonb_build_object('client', subject, 'records', records, 'audit', audit, 'exported_at', now());
end;
$$;

-- Erases a client (see the header): the refusals first, then the personal fields, then the key.
-- Returns what it did: rows anonymised or deleted per table, and the storage keys of the
-- client's document files (the files are the application's to delete from its object store).
create function legal.privacy_erase_at(p_tenant uuid, p_client uuid, p_reason text) returns jsonb
  language plpgsql volatile strict security definer
  set search_path = pg_catalog
as $$
declare
  years integer;
  last_record timestamptz;
  n integer;
  counts jsonb := '{}';
  files jsonb;
  erased timestamptz;
  -- a variable, not now() in the statements: Citus refuses a non-IMMUTABLE function in a CASE or
  -- COALESCE of a distributed UPDATE
  at_now constant timestamptz := now();
begin
  perform legal.privacy_check(p_tenant, 'privacy.manage');
  if length(trim(p_reason)) = 0 or char_length(p_reason) > 2000 then
    raise exception 'an erasure needs a reason (at most 2000 characters)'
      using errcode = 'check_violation', constraint = 'privacy_erasure_reason';
  end if;
  perform 1 from legal.clients c where c.tenant_id = p_tenant and c.id = p_client for update;
  if not found then
    raise exception 'no client % in this firm', p_client using errcode = 'no_data_found';
  end if;
  select p.erased_at into erased from legal.privacy_keys p where p.tenant_id = p_tenant and p.client_id = p_client;
  if erased is not null then
    raise exception 'the client was erased already (%)', erased using errcode = 'LG015', detail = 'erased';
  end if;
  -- what keeps the data
  if exists (select 1 from legal.cases c where c.tenant_id = p_tenant and c.client_id = p_client and c.legal_hold)
     or exists (select 1 from legal.documents d
                  left join legal.cases c on c.tenant_id = d.tenant_id and c.id = d.case_id
                 where d.tenant_id = p_tenant and d.legal_hold and (d.client_id = p_client or c.client_id = p_client)) then
    raise exception 'a legal hold covers a matter or document of the client' using errcode = 'LG015', detail = 'legal_hold';
  end if;
  if exists (select 1 from legal.cases c where c.tenant_id = p_tenant and c.client_id = p_client and c.closed_at is null) then
    raise exception 'a matter of the client is not closed' using errcode = 'LG015', detail = 'open_matter';
  end if;
  if exists (select 1 from legal.trust_client_balances b where b.tenant_id = p_tenant and b.client_id = p_client and b.balance <> 0) then
    raise exception 'the firm holds money of the client in trust' using errcode = 'LG015', detail = 'trust_balance';
  end if;
  select coalesce((t.settings #>> '{privacy,retentionYears}')::integer, 6) into years from legal.tenants t where t.id = p_tenant;
  select greatest(
           (select c.created_at from legal.clients c where c.tenant_id = p_tenant and c.id = p_client),
           (select max(c.closed_at) from legal.cases c where c.tenant_id = p_tenant and c.client_id = p_client),
           (select max(i.created_at) from legal.invoices i where i.tenant_id = p_tenant and i.client_id = p_client),
           (select max(x.occurred_on)::timestamptz from legal.trust_transactions x where x.tenant_id = p_tenant and x.client_id = p_client),
           (select max(m.occurred_at) from legal.communications m where m.tenant_id = p_tenant and m.client_id = p_client))
    into last_record;
  if last_record + make_interval(years => years) > now() then
    raise exception 'the firm''s retention period (% years from the last record, %) runs until %', years,
      to_char(last_record at time zone 'UTC', 'YYYY-MM-DD'), to_char((last_record + make_interval(years => years)) at time zone 'UTC', 'YYYY-MM-DD')
      using errcode = 'LG015', detail = 'retention until ' || to_char((last_record + make_interval(years => years)) at time zone 'UTC', 'YYYY-MM-DD');
  end if;

  -- the derived rows go (their audit rows keep them sealed)
  delete from legal.party_names n where n.tenant_id = p_tenant
     and n.party_id in (select p.id from legal.parties p where p.tenant_id = p_tenant and p.client_id = p_client);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('party_names', n);
  delete from legal.document_chunks k where k.tenant_id = p_tenant
     and k.document_id in (select d.id from legal.documents d where d.tenant_id = p_tenant and d.client_id = p_client);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('document_chunks', n);
  delete from legal.conversation_messages m where m.tenant_id = p_tenant
     and m.conversation_id in (select c.id from legal.conversations c where c.tenant_id = p_tenant and c.client_id = p_client);
  get diagnostics n = row_count; counts := counts || jsonb_build_object('conversation_messages', n);
  -- the personal fields of the rows that stay
  update legal.case_parties x set name = '[erased]', organization = null, email = null, phone = null, notes = null
   where x.tenant_id = p_tenant and x.client_id = p_client;
  get diagnostics n = row_count; counts := counts || jsonb_build_object('case_parties', n);
  update legal.parties x set name = '[erased]', notes = null where x.tenant_id = p_tenant and x.client_id = p_client;
  get diagnostics n = row_count; counts := counts || jsonb_build_object('parties', n);
  update legal.communications x set subject = null, body_encrypted = null, encryption_key_id = null, participants = '[]'
   where x.tenant_id = p_tenant and x.client_id = p_client;
  get diagnostics n = row_count; counts := counts || jsonb_build_object('communications', n);
  select coalesce(jsonb_agg(s.key order by s.key), '[]') into files from (
    select d.storage_key as key from legal.documents d where d.tenant_id = p_tenant and d.client_id = p_client
    union
    select v.storage_key from legal.document_versions v join legal.documents d on d.tenant_id = v.tenant_id and d.id = v.document_id
     where v.tenant_id = p_tenant and d.client_id = p_client) s;
  update legal.documents x set file_name = 'erased', title = null, logical_path = 'erased/' || x.id::text,
         extracted_text = null, metadata = '{}', total_chunks = 0
   where x.tenant_id = p_tenant and x.client_id = p_client;
  get diagnostics n = row_count; counts := counts || jsonb_build_object('documents', n);
  update legal.conversations x set title = null where x.tenant_id = p_tenant and x.client_id = p_client;
  get diagnostics n = row_count; counts := counts || jsonb_build_object('conversations', n);
  update legal.cases x set title = 'Erased matter', description = null, client_name = null
   where x.tenant_id = p_tenant and x.client_id = p_client;
  get diagnostics n = row_count; counts := counts || jsonb_build_object('cases', n);
  update legal.clients x set name = 'Erased client', first_name = null, last_name = null,
         company_name = case when x.kind = 'company' then 'Erased client' end, email = null, phone = null, address = '{}',
         external_ref = null, notes_encrypted = null, date_of_birth_encrypted = null, national_id_encrypted = null,
         tax_id_encrypted = null, tax_id_bidx = null, national_id_bidx = null, encryption_key_id = null, archived_at = coalesce(x.archived_at, at_now)
   where x.tenant_id = p_tenant and x.id = p_client;
  counts := counts || jsonb_build_object('clients', 1);
  -- the key last: everything above was sealed under it
  perform legal.privacy_key(p_tenant, p_client);
  update legal.privacy_keys p set key_secret = null, erased_at = at_now, erased_by = legal.current_user_id(),
         erasure_reason = p_reason
   where p.tenant_id = p_tenant and p.client_id = p_client;
  perform legal.audit_append(p_tenant, 'delete', 'clients', p_client::text, null, null, null, null,
                             jsonb_build_object('privacy', 'erasure', 'reason', p_reason, 'rows', counts));
  return jsonb_build_object('client_id', p_client, 'erased_at', at_now, 'rows', counts, 'storage_keys', files);
end;
$$;

revoke all on function legal.privacy_reveal_at(uuid, jsonb), legal.privacy_export_at(uuid, uuid),
  legal.privacy_erase_at(uuid, uuid, text) from public;
grant execute on function legal.privacy_reveal_at(uuid, jsonb), legal.privacy_export_at(uuid, uuid),
  legal.privacy_erase_at(uuid, uuid, text) to legal_app;
revoke all on function legal.privacy_subject(text, uuid, jsonb), legal.privacy_key(uuid, uuid),
  legal.privacy_seal_value(jsonb, uuid, bytea), legal.privacy_seal(jsonb, text[], uuid, bytea, boolean),
  legal.privacy_open_value(uuid, text, uuid), legal.privacy_open(uuid, jsonb, uuid), legal.privacy_check(uuid, text) from public;

-- The application's doors: the unit's firm, called with constants (what Citus delegates).
create function legal.privacy_reveal(p_values jsonb) returns jsonb
  language plpgsql stable security invoker
  set search_path = pg_catalog
as $$
declare
  tenant constant uuid := legal.current_tenant_id();
  result jsonb;
begin
  if tenant is null then
    raise exception 'privacy requests need a tenant context' using errcode = 'LG004';
  end if;
  execute format('select * from legal.privacy_reveal_at(%L::uuid, %L::jsonb)', tenant, coalesce(p_values, '[]')) into result;
  return result;
end;
$$;
create function legal.privacy_export(p_client uuid) returns jsonb
  language plpgsql volatile security invoker
  set search_path = pg_catalog
as $$
declare
  tenant constant uuid := legal.current_tenant_id();
  result jsonb;
begin
  if tenant is null then
    raise exception 'privacy requests need a tenant context' using errcode = 'LG004';
  end if;
  if p_client is null then
    raise exception 'a privacy export needs a client' using errcode = 'not_null_violation', column = 'client_id';
  end if;
  execute format('select * from legal.privacy_export_at(%L::uuid, %L::uuid)', tenant, p_client) into result;
  return result;
end;
$$;
create function legal.privacy_erase(p_client uuid, p_reason text) returns jsonb
  language plpgsql volatile security invoker
  set search_path = pg_catalog
as $$
declare
  tenant constant uuid := legal.current_tenant_id();
  result jsonb;
begin
  if tenant is null then
    raise exception 'privacy requests need a tenant context' using errcode = 'LG004';
  end if;
  if p_client is null then
    raise exception 'an erasure needs a client' using errcode = 'not_null_violation', column = 'client_id';
  end if;
  if p_reason is null then
    raise exception 'an erasure needs a reason' using errcode = 'not_null_violation', column = 'reason';
  end if;
  execute format('select * from legal.privacy_erase_at(%L::uuid, %L::uuid, %L)', tenant, p_client, p_reason) into result;
  return result;
end;
$$;
grant execute on function legal.privacy_reveal(jsonb), legal.privacy_export(uuid), legal.privacy_erase(uuid, text) to legal_app;

do $$
begin
  if legal.on_citus() then
    if exists (select 1 from pg_dist_partition p where p.logicalrelid = 'legal.tenants'::regclass) then
      perform create_distributed_function('legal.privacy_reveal_at(uuid, jsonb)', 'p_tenant',
                                          colocate_with => 'legal.tenants', force_delegation => true);
      perform create_distributed_function('legal.privacy_export_at(uuid, uuid)', 'p_tenant',
                                          colocate_with => 'legal.tenants', force_delegation => true);
      perform create_distributed_function('legal.privacy_erase_at(uuid, uuid, text)', 'p_tenant',
                                          colocate_with => 'legal.tenants', force_delegation => true);
    end if;
  end if;
end
$$;

select legal.hand_over_ownership();
