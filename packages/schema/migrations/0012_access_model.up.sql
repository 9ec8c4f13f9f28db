-- 0012: who may see and change what inside a firm, declared once here and enforced by row
-- level security on every tenant table (repositories, t.db and raw SQL obey the same rules).
--
-- The unit's context: withTenant sends a ticket signed with the firm-wide context key (an
-- HMAC the SDK computes with the key it is configured with; the application role cannot read
-- the key). legal.enter_unit() verifies it, refuses a suspended firm or a user who is not an
-- active member, and sets the context settings -- the user's role, effective permissions,
-- visible matters and ethical walls -- together with their signature. Every policy compares
-- tenant_id with legal.current_tenant_id(), which returns the tenant only while the settings
-- still match their signature: SET or set_config() on a context setting from inside a unit
-- cannot widen access. Policies read settings and columns of the row only (no subquery, no
-- table), as Citus requires.

-- The context key ----------------------------------------------------------------------------

create table legal.context_keys (
  id         smallint primary key constraint context_keys_single check (id = 1),
  key        bytea not null constraint context_keys_length check (length(key) = 32),
  ipad       bytea not null,
  opad       bytea not null,
  created_at timestamptz not null default now()
);
comment on table legal.context_keys is 'Global: the key that signs unit contexts (HMAC-SHA256). Readable by its owner only; print it with legal-schema context-key.';
alter table legal.context_keys enable row level security;
alter table legal.context_keys force row level security;
create policy context_keys_owner on legal.context_keys to legal_owner using (true) with check (true);
revoke all on legal.context_keys from public;

-- HMAC-SHA256 with the key's precomputed inner and outer pads (RFC 2104), in plain SQL.
create function legal.context_key_pads(p_key bytea, out ipad bytea, out opad bytea)
  language plpgsql immutable
as $$
declare
  padded bytea := p_key || decode(repeat('00', 64 - length(p_key)), 'hex');
  i int;
begin
  ipad := padded;
  opad := padded;
  for i in 0 .. 63 loop
    ipad := set_byte(ipad, i, get_byte(padded, i) # 54);  -- 0x36
    opad := set_byte(opad, i, get_byte(padded, i) # 92);  -- 0x5c
  end loop;
end;
$$;

insert into legal.context_keys (id, key, ipad, opad)
select 1, k.key, p.ipad, p.opad
  from (select sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text || random()::text, 'UTF8')) as key) k,
       legal.context_key_pads(k.key) p;

-- The key's pads, for the functions that sign and verify contexts. Declared IMMUTABLE on
-- purpose: PL/pgSQL plans an expression once per session, and the planner then evaluates this
-- function once and keeps its value in the plan, so verifying a context reads no table (a
-- policy's helper runs for every statement, and on Citus on the workers, where a function
-- may not query another table). The plans depend on this function: replacing it (what a key
-- rotation must do after changing the row) invalidates them in every session. Callable only
-- by the schema's owner; nothing in the plan is visible to the application role.
create function legal.context_key_material() returns bytea[]
  language sql immutable security definer
  set search_path = pg_catalog
  return (select array[x.ipad, x.opad] from legal.context_keys x where x.id = 1);
revoke execute on function legal.context_key_material() from public;

create function legal.context_hmac(p_message text) returns text
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  k constant bytea[] := legal.context_key_material();
begin
  return encode(sha256(k[2] || sha256(k[1] || convert_to(p_message, 'UTF8'))), 'hex');
end;
$$;
revoke execute on function legal.context_hmac(text) from public;

-- Permissions added by the access model -----------------------------------------------------

insert into legal.permissions (code, description) values
  ('cases.submit',           'Submit new cases for review (new → pending review)'),
  ('cases.review',           'Review and assign cases, and accept completed work (pending review → assigned, pending completion → completed)'),
  ('cases.archive',          'Archive completed cases'),
  ('communications.read',    'Read communications of the matters one can see'),
  ('communications.manage',  'Record communications'),
  ('walls.manage',           'Put up and take down ethical walls'),
  ('access.review',          'Review who can see a matter and what a user can see');

insert into legal.default_role_permissions (role_name, permission_code)
select 'admin', code from legal.permissions
 where code in ('cases.submit', 'cases.review', 'cases.archive', 'communications.read', 'communications.manage',
                'walls.manage', 'access.review')
union all
select r.role_name, r.code from (values
  ('lawyer', 'cases.submit'), ('lawyer', 'cases.review'), ('lawyer', 'cases.archive'),
  ('lawyer', 'communications.read'), ('lawyer', 'communications.manage'),
  ('paralegal', 'cases.submit'), ('paralegal', 'communications.read'), ('paralegal', 'communications.manage'),
  ('clerk', 'cases.submit'),
  ('chair', 'cases.submit'), ('chair', 'cases.review'), ('chair', 'cases.archive'), ('chair', 'communications.read'),
  ('chair', 'access.review'),
  ('caseworker', 'communications.read'), ('caseworker', 'communications.manage'),
  ('pro_se', 'cases.submit'), ('pro_se', 'communications.read')
) as r(role_name, code);

-- the firms that exist already get the new permissions of their default roles
insert into legal.role_permissions (tenant_id, role_id, permission_code)
select r.tenant_id, r.id, d.permission_code
  from legal.roles r
  join legal.default_role_permissions d on d.role_name = r.name
 where r.is_default
   and d.permission_code in ('cases.submit', 'cases.review', 'cases.archive', 'communications.read',
                             'communications.manage', 'walls.manage', 'access.review')
on conflict do nothing;

-- Each workflow step names the permission it needs.
alter table legal.case_status_transitions add column required_permission text references legal.permissions (code);
update legal.case_status_transitions set required_permission = case
  when from_status = 'new' and to_status = 'pending_review' then 'cases.submit'
  when from_status = 'pending_review' and to_status = 'assigned' then 'cases.review'
  when from_status = 'pending_completion' and to_status = 'completed' then 'cases.review'
  when from_status = 'completed' and to_status = 'archived' then 'cases.archive'
  else 'cases.transition' end;
alter table legal.case_status_transitions alter column required_permission set not null;

-- New tenant tables also give the owner (the schema's security definer functions) its policy.
create or replace function legal.enable_tenant_isolation(target regclass) returns void
  language plpgsql
as $$
declare
  t text := (select relname from pg_class where oid = target);
  predicate constant text := 'tenant_id = legal.current_tenant_id()';
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format('create policy %I on %s for select using (%s)', t || '_select', target, predicate);
  execute format('create policy %I on %s for insert with check (%s)', t || '_insert', target, predicate);
  execute format('create policy %I on %s for update using (%s) with check (%s)', t || '_update', target, predicate, predicate);
  execute format('create policy %I on %s for delete using (%s)', t || '_delete', target, predicate);
  execute format('create policy %I on %s to legal_owner using (true) with check (true)', t || '_owner', target);
  execute format('grant select, insert, update, delete on %s to legal_app, legal_system', target);
  execute format('grant select on %s to legal_readonly', target);
  if exists (select 1 from pg_attribute where attrelid = target and attname = 'updated_at' and not attisdropped) then
    execute format('create trigger %I before update on %s for each row execute function legal.touch_updated_at()', t || '_touch', target);
  end if;
  if to_regprocedure('legal.enable_audit(regclass, text[], text)') is not null then
    perform legal.enable_audit(target);
  end if;
end;
$$;

-- Ethical walls ------------------------------------------------------------------------------

create table legal.ethical_walls (
  tenant_id  uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id         uuid not null default gen_random_uuid(),
  case_id    uuid not null,
  user_id    uuid not null,
  reason     text not null constraint ethical_walls_reason_not_blank check (length(trim(reason)) > 0),
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id) on delete set null (created_by),
  constraint ethical_walls_case_user_key unique (tenant_id, case_id, user_id)
);
comment on table legal.ethical_walls is 'A user screened from a matter: they see nothing of it anywhere, whatever their role.';
create index ethical_walls_user_idx on legal.ethical_walls (tenant_id, user_id);
create index ethical_walls_created_by_idx on legal.ethical_walls (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.ethical_walls');

-- Access epochs: a cached context is current while its epochs are --------------------------

create table legal.access_epochs (
  tenant_id uuid not null references legal.tenants (id),
  user_id   uuid not null, -- the nil uuid: the firm-wide epoch
  epoch     bigint not null default 1,
  primary key (tenant_id, user_id)
);
comment on table legal.access_epochs is 'Internal: set to the changing transaction whenever what a user (or, for the nil user, anyone in the firm) may see changes. Written by triggers only.';
alter table legal.access_epochs enable row level security;
alter table legal.access_epochs force row level security;
create policy access_epochs_owner on legal.access_epochs to legal_owner using (true) with check (true);
revoke all on legal.access_epochs from public;

create function legal.bump_access_epochs(p_tenant uuid, p_users uuid[]) returns void
  language sql security definer
  set search_path = pg_catalog
as $$
  -- the epoch is the changing transaction's id: a change of many rows (a bulk insert of cases)
  -- rewrites each epoch row once per transaction, not once per row
  insert into legal.access_epochs as e (tenant_id, user_id, epoch)
  select p_tenant, u, pg_current_xact_id()::text::bigint from (select distinct unnest(p_users) as u) x where u is not null
  on conflict (tenant_id, user_id) do update set epoch = excluded.epoch where e.epoch <> excluded.epoch
$$;
revoke execute on function legal.bump_access_epochs(uuid, uuid[]) from public;

-- One trigger function for every table whose rows decide access: its arguments name the
-- columns of the users whose access changes ('*': everyone in the firm).
create function legal.access_changed() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  col text;
  affected uuid[] := '{}';
  firm uuid;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    foreach col in array tg_argv loop
      if col = '*' then
        affected := affected || '00000000-0000-0000-0000-000000000000'::uuid;
      else
        affected := affected || (to_jsonb(old) ->> col)::uuid;
      end if;
    end loop;
    firm := old.tenant_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    foreach col in array tg_argv loop
      if col = '*' then
        affected := affected || '00000000-0000-0000-0000-000000000000'::uuid;
      else
        affected := affected || (to_jsonb(new) ->> col)::uuid;
      end if;
    end loop;
    firm := new.tenant_id;
  end if;
  perform legal.bump_access_epochs(firm, affected);
  return null;
end;
$$;

create trigger role_permissions_access after insert or update or delete on legal.role_permissions
  for each row execute function legal.access_changed('*');
create trigger roles_access after update or delete on legal.roles
  for each row execute function legal.access_changed('*');
create trigger users_access after update of role, is_active or delete on legal.users
  for each row execute function legal.access_changed('id');
create trigger user_permissions_access after insert or update or delete on legal.user_permissions
  for each row execute function legal.access_changed('user_id');
create trigger case_members_access after insert or update or delete on legal.case_members
  for each row execute function legal.access_changed('user_id');
create trigger cases_access after insert or update of owner_id, assigned_to or delete on legal.cases
  for each row execute function legal.access_changed('owner_id', 'assigned_to');
create trigger ethical_walls_access after insert or update or delete on legal.ethical_walls
  for each row execute function legal.access_changed('user_id');

create function legal.tenants_access_changed() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  if new.status is distinct from old.status then
    perform legal.bump_access_epochs(new.id, array['00000000-0000-0000-0000-000000000000'::uuid]);
  end if;
  return null;
end;
$$;
create trigger tenants_access after update of status on legal.tenants
  for each row execute function legal.tenants_access_changed();

-- Rows that follow another row's access: denormalised, kept in step by triggers ------------

-- documents: per-access grantee lists (user and role ids); NULL = not restricted
alter table legal.documents
  add column acl_read uuid[],
  add column acl_write uuid[],
  add column acl_delete uuid[];
alter table legal.document_versions add column case_id uuid, add column acl_read uuid[], add column acl_write uuid[];
alter table legal.document_chunks add column case_id uuid, add column acl_read uuid[], add column acl_write uuid[];
alter table legal.document_permissions add column case_id uuid;
alter table legal.invoice_line_items add column case_id uuid;
alter table legal.conversation_messages add column user_id uuid, add column case_id uuid;

create index document_permissions_document_idx on legal.document_permissions (tenant_id, document_id);
create index document_versions_case_idx on legal.document_versions (tenant_id, case_id);
create index document_chunks_case_idx on legal.document_chunks (tenant_id, case_id);
create index document_chunks_document_idx on legal.document_chunks (tenant_id, document_id);
create index document_permissions_case_idx on legal.document_permissions (tenant_id, case_id);
create index invoice_line_items_case_idx on legal.invoice_line_items (tenant_id, case_id);
create index conversation_messages_user_idx on legal.conversation_messages (tenant_id, user_id);
create index conversation_messages_case_idx on legal.conversation_messages (tenant_id, case_id);

-- a document's grantee lists from its grants (a derived file takes its source's)
create function legal.document_acl(p_tenant uuid, p_document uuid, out acl_read uuid[], out acl_write uuid[], out acl_delete uuid[])
  language sql stable security definer
  set search_path = pg_catalog
as $$
  select case when bool_or(true) then coalesce(array_agg(coalesce(p.user_id, p.role_id)) filter (where p.permission_type = 'read'), '{}') end,
         case when bool_or(true) then coalesce(array_agg(coalesce(p.user_id, p.role_id)) filter (where p.permission_type = 'write'), '{}') end,
         case when bool_or(true) then coalesce(array_agg(coalesce(p.user_id, p.role_id)) filter (where p.permission_type = 'delete'), '{}') end
    from legal.document_permissions p
   where p.tenant_id = p_tenant
     and p.document_id = coalesce((select d.derived_from from legal.documents d
                                    where d.tenant_id = p_tenant and d.id = p_document and d.derived_from is not null),
                                  p_document)
$$;
revoke execute on function legal.document_acl(uuid, uuid) from public;

-- after grants change: the document, the files derived from it, and its versions and chunks
create function legal.document_permissions_sync() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  doc record;
begin
  for doc in
    select distinct x.tenant_id, x.document_id from (
      select tenant_id, document_id from old_grants union all select tenant_id, document_id from new_grants) x
  loop
    update legal.documents d set (acl_read, acl_write, acl_delete) = (select * from legal.document_acl(d.tenant_id, d.id))
     where d.tenant_id = doc.tenant_id and (d.id = doc.document_id or d.derived_from = doc.document_id);
  end loop;
  return null;
end;
$$;
create function legal.document_permissions_sync_insert() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  doc record;
begin
  for doc in select distinct tenant_id, document_id from new_grants loop
    update legal.documents d set (acl_read, acl_write, acl_delete) = (select * from legal.document_acl(d.tenant_id, d.id))
     where d.tenant_id = doc.tenant_id and (d.id = doc.document_id or d.derived_from = doc.document_id);
  end loop;
  return null;
end;
$$;
create function legal.document_permissions_sync_delete() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  doc record;
begin
  for doc in select distinct tenant_id, document_id from old_grants loop
    update legal.documents d set (acl_read, acl_write, acl_delete) = (select * from legal.document_acl(d.tenant_id, d.id))
     where d.tenant_id = doc.tenant_id and (d.id = doc.document_id or d.derived_from = doc.document_id);
  end loop;
  return null;
end;
$$;
create trigger document_permissions_acl_insert after insert on legal.document_permissions
  referencing new table as new_grants for each statement execute function legal.document_permissions_sync_insert();
create trigger document_permissions_acl_update after update on legal.document_permissions
  referencing old table as old_grants new table as new_grants for each statement execute function legal.document_permissions_sync();
create trigger document_permissions_acl_delete after delete on legal.document_permissions
  referencing old table as old_grants for each statement execute function legal.document_permissions_sync_delete();

-- grants, versions and chunks carry their document's matter and grantee lists
create function legal.document_children_follow() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  if new.acl_read is distinct from old.acl_read or new.acl_write is distinct from old.acl_write
     or new.case_id is distinct from old.case_id then
    update legal.document_versions set case_id = new.case_id, acl_read = new.acl_read, acl_write = new.acl_write
     where tenant_id = new.tenant_id and document_id = new.id;
    update legal.document_chunks set case_id = new.case_id, acl_read = new.acl_read, acl_write = new.acl_write
     where tenant_id = new.tenant_id and document_id = new.id;
    update legal.document_permissions set case_id = new.case_id
     where tenant_id = new.tenant_id and document_id = new.id and case_id is distinct from new.case_id;
  end if;
  return null;
end;
$$;
create trigger documents_children_follow after update of acl_read, acl_write, case_id on legal.documents
  for each row execute function legal.document_children_follow();

-- a new document takes its source's grantee lists (a derived file is restricted like its source)
create function legal.documents_inherit_acl() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  if new.derived_from is not null then
    select d.acl_read, d.acl_write, d.acl_delete into new.acl_read, new.acl_write, new.acl_delete
      from legal.documents d where d.tenant_id = new.tenant_id and d.id = new.derived_from;
  else
    new.acl_read := null;
    new.acl_write := null;
    new.acl_delete := null;
  end if;
  return new;
end;
$$;
create trigger documents_inherit_acl before insert on legal.documents
  for each row execute function legal.documents_inherit_acl();

-- versions, chunks and grants copy their document's matter and lists when written
create function legal.document_child_inherit() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  d record;
begin
  select x.case_id, x.acl_read, x.acl_write into d from legal.documents x where x.tenant_id = new.tenant_id and x.id = new.document_id;
  new.case_id := d.case_id;
  if tg_table_name <> 'document_permissions' then
    new.acl_read := d.acl_read;
    new.acl_write := d.acl_write;
  end if;
  return new;
end;
$$;
create trigger document_versions_inherit before insert or update of document_id on legal.document_versions
  for each row execute function legal.document_child_inherit();
create trigger document_chunks_inherit before insert or update of document_id on legal.document_chunks
  for each row execute function legal.document_child_inherit();
create trigger document_permissions_inherit before insert or update of document_id on legal.document_permissions
  for each row execute function legal.document_child_inherit();

-- invoice lines follow their invoice's matter; messages their conversation's owner and matter
create function legal.invoice_line_items_inherit() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  select i.case_id into new.case_id from legal.invoices i where i.tenant_id = new.tenant_id and i.id = new.invoice_id;
  return new;
end;
$$;
create trigger invoice_line_items_inherit before insert or update of invoice_id on legal.invoice_line_items
  for each row execute function legal.invoice_line_items_inherit();

create function legal.conversation_messages_inherit() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  select c.user_id, c.case_id into new.user_id, new.case_id
    from legal.conversations c where c.tenant_id = new.tenant_id and c.id = new.conversation_id;
  return new;
end;
$$;
create trigger conversation_messages_inherit before insert or update of conversation_id on legal.conversation_messages
  for each row execute function legal.conversation_messages_inherit();

create function legal.parent_case_follow() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  if new.case_id is distinct from old.case_id then
    if tg_table_name = 'invoices' then
      update legal.invoice_line_items set case_id = new.case_id where tenant_id = new.tenant_id and invoice_id = new.id;
    else
      update legal.conversation_messages set case_id = new.case_id where tenant_id = new.tenant_id and conversation_id = new.id;
    end if;
  end if;
  return null;
end;
$$;
create trigger invoices_lines_follow after update of case_id on legal.invoices
  for each row execute function legal.parent_case_follow();
create trigger conversations_messages_follow after update of case_id on legal.conversations
  for each row execute function legal.parent_case_follow();

-- fill the new columns of existing rows
update legal.documents d set (acl_read, acl_write, acl_delete) = (select * from legal.document_acl(d.tenant_id, d.id))
 where exists (select 1 from legal.document_permissions p where p.tenant_id = d.tenant_id
                  and p.document_id = coalesce(d.derived_from, d.id));
update legal.document_versions v set case_id = d.case_id, acl_read = d.acl_read, acl_write = d.acl_write
  from legal.documents d where d.tenant_id = v.tenant_id and d.id = v.document_id;
update legal.document_chunks v set case_id = d.case_id, acl_read = d.acl_read, acl_write = d.acl_write
  from legal.documents d where d.tenant_id = v.tenant_id and d.id = v.document_id;
update legal.document_permissions v set case_id = d.case_id
  from legal.documents d where d.tenant_id = v.tenant_id and d.id = v.document_id;
update legal.invoice_line_items l set case_id = i.case_id
  from legal.invoices i where i.tenant_id = l.tenant_id and i.id = l.invoice_id and i.case_id is not null;
update legal.conversation_messages m set user_id = c.user_id, case_id = c.case_id
  from legal.conversations c where c.tenant_id = m.tenant_id and c.id = m.conversation_id;

-- The rules' helpers: settings of the verified context, and columns of the row --------------
-- (plain SQL, inlined into the policies; the settings are trusted because every policy also
-- calls legal.current_tenant_id(), which verifies their signature once per statement).
--
-- They are written so that the planner's default estimates match reality: a setting has no
-- statistics, so "contains" is written as a change replace() makes (`<>`: estimated likely)
-- and "is walled" as a LIKE (estimated rare). With naive forms (`= '*'`, `strpos(...) > 0`)
-- the planner believes a policy keeps 4 % of a firm's rows and sorts the whole firm instead
-- of walking an ordered index for a page of 50.

create function legal.current_role_id() returns uuid
  language sql stable parallel safe
  return nullif(current_setting('legal.role_id', true), '')::uuid;

create function legal.has_permission(p_code text) returns boolean
  language sql stable parallel safe
  return replace(coalesce(current_setting('legal.perms', true), ''), ',' || p_code || ',', '')
         <> coalesce(current_setting('legal.perms', true), '');
comment on function legal.has_permission(text) is 'Whether the unit''s user holds a permission (role, personal grant, narrowed by a token''s scopes).';

create function legal.walled(p_case uuid) returns boolean
  language sql stable parallel safe
  return p_case is not null and coalesce(current_setting('legal.walls', true), '') like '%-%'
     and strpos(current_setting('legal.walls', true), p_case::text) > 0;
comment on function legal.walled(uuid) is 'Whether an ethical wall screens the unit''s user from a matter.';

-- legal.cases is '*' for users who see every matter, else ',<case>:w,<case>:r,' (w: may write)
create function legal.sees_all_cases() returns boolean
  language sql stable parallel safe
  return replace(coalesce(current_setting('legal.cases', true), ''), '*', '') <> coalesce(current_setting('legal.cases', true), '');

create function legal.can_read_case(p_case uuid) returns boolean
  language sql stable parallel safe
  return p_case is not null and not legal.walled(p_case)
     and (legal.sees_all_cases() or strpos(coalesce(current_setting('legal.cases', true), ''), p_case::text) > 0);
comment on function legal.can_read_case(uuid) is 'Whether the unit''s user sees a matter (and everything that belongs to it).';

create function legal.can_write_case(p_case uuid) returns boolean
  language sql stable parallel safe
  return p_case is not null and not legal.walled(p_case)
     and (legal.sees_all_cases() or strpos(coalesce(current_setting('legal.cases', true), ''), p_case::text || ':w') > 0);
comment on function legal.can_write_case(uuid) is 'Whether the unit''s user may change a matter and what belongs to it (firm-wide readers, owners, assignees, editor and admin members).';

-- a case row itself: its owner and assignee see it even before their context lists it
create function legal.can_read_case_row(p_id uuid, p_owner uuid, p_assignee uuid) returns boolean
  language sql stable parallel safe
  return not legal.walled(p_id)
     and (legal.sees_all_cases()
          or strpos(coalesce(current_setting('legal.cases', true), ''), p_id::text) > 0
          or (legal.has_permission('cases.read_assigned') and legal.current_user_id() in (p_owner, p_assignee)));

create function legal.can_write_case_row(p_id uuid, p_owner uuid, p_assignee uuid) returns boolean
  language sql stable parallel safe
  return not legal.walled(p_id)
     and (legal.sees_all_cases()
          or strpos(coalesce(current_setting('legal.cases', true), ''), p_id::text || ':w') > 0
          or (legal.has_permission('cases.read_assigned') and legal.current_user_id() in (p_owner, p_assignee)));

-- document grants: unrestricted (NULL), or granted to the user or their role
create function legal.document_allowed(p_acl uuid[]) returns boolean
  language sql stable parallel safe
  return p_acl is null or legal.has_permission('documents.manage_permissions')
      or legal.current_user_id() = any (p_acl) or legal.current_role_id() = any (p_acl);
comment on function legal.document_allowed(uuid[]) is 'Whether a document''s grantee list (NULL: unrestricted) lets the unit''s user in.';

-- a document's content (the document, its versions, its text chunks): readable with
-- documents.read, in a matter one sees, unless its grants leave one out
create function legal.can_read_document(p_case uuid, p_acl uuid[]) returns boolean
  language sql stable parallel safe
  return legal.has_permission('documents.read') and (p_case is null or legal.can_read_case(p_case))
     and legal.document_allowed(p_acl);
comment on function legal.can_read_document(uuid, uuid[]) is 'Whether the unit''s user may read a document''s content (the select policy of documents, versions and chunks, and the document search).';

-- matter-scoped rows without a matter are the firm's
create function legal.can_read_matter(p_case uuid) returns boolean
  language sql stable parallel safe
  return p_case is null or legal.can_read_case(p_case);
create function legal.can_write_matter(p_case uuid) returns boolean
  language sql stable parallel safe
  return p_case is null or legal.can_write_case(p_case);

-- What a user may see and do: computed when their context is established --------------------

create function legal.access_epoch(p_tenant uuid, p_user uuid) returns text
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  firm bigint;
  own bigint;
begin
  select coalesce((select e.epoch from legal.access_epochs e
                    where e.tenant_id = p_tenant and e.user_id = '00000000-0000-0000-0000-000000000000'), 0),
         coalesce((select e.epoch from legal.access_epochs e where e.tenant_id = p_tenant and e.user_id = p_user), 0)
    into firm, own;
  return firm || '.' || own;
end;
$$;
revoke execute on function legal.access_epoch(uuid, uuid) from public;

create function legal.unit_grants(p_tenant uuid, p_user uuid, p_scopes text[]) returns jsonb
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  u record;
  perms text[];
  cases text;
begin
  select x.role, r.id as role_id into u
    from legal.users x join legal.roles r on r.tenant_id = x.tenant_id and r.name = x.role
   where x.tenant_id = p_tenant and x.id = p_user;
  select array_agg(distinct code order by code) into perms from (
    select rp.permission_code as code from legal.role_permissions rp
     where rp.tenant_id = p_tenant and rp.role_id = u.role_id
    union
    select up.permission_code from legal.user_permissions up
     where up.tenant_id = p_tenant and up.user_id = p_user and (up.expires_at is null or up.expires_at > now())
  ) p where p_scopes is null or code = any (p_scopes);
  perms := coalesce(perms, '{}');
  if 'cases.read_all' = any (perms) then
    cases := '*';
  elsif 'cases.read_assigned' = any (perms) then
    -- owners, assignees, editor and admin members may write; viewer members read (the stronger level wins)
    select coalesce(',' || string_agg(id::text || ':' || level, ',' order by id) || ',', '') into cases from (
      select v.id, case when bool_or(v.writes) then 'w' else 'r' end as level from (
        select c.id, true as writes from legal.cases c
         where c.tenant_id = p_tenant and (c.owner_id = p_user or c.assigned_to = p_user)
        union all
        select m.case_id, m.permission_level in ('editor', 'admin')
          from legal.case_members m where m.tenant_id = p_tenant and m.user_id = p_user
      ) v group by v.id
    ) x;
  else
    cases := '';
  end if;
  return jsonb_build_object(
    'role', u.role,
    'roleId', u.role_id,
    'perms', ',' || array_to_string(perms, ',') || ',',
    'cases', cases,
    'walls', coalesce((select ',' || string_agg(w.case_id::text, ',' order by w.case_id) || ','
                         from legal.ethical_walls w where w.tenant_id = p_tenant and w.user_id = p_user), ''),
    'epoch', legal.access_epoch(p_tenant, p_user),
    -- the grants hold until the first personal grant among them expires (then they are recomputed)
    'until', (select min(up.expires_at) from legal.user_permissions up
               where up.tenant_id = p_tenant and up.user_id = p_user and up.expires_at > now()
                 and (p_scopes is null or up.permission_code = any (p_scopes))));
end;
$$;
revoke execute on function legal.unit_grants(uuid, uuid, text[]) from public;

-- The settings of a unit, in the order the signature covers them.
create function legal.unit_canonical() returns text
  language sql stable
  return concat_ws('|', 'unit1', current_setting('legal.tenant_id', true), current_setting('legal.user_id', true),
                   current_setting('legal.role', true), current_setting('legal.role_id', true),
                   current_setting('legal.perms', true), current_setting('legal.cases', true),
                   current_setting('legal.walls', true), current_setting('legal.scopes', true),
                   current_setting('legal.issued_at', true));

-- Sets the access settings of the unit from grants, and their signature.
create function legal.apply_grants(p_tenant uuid, p_user uuid, p_scopes text[], p_issued_at text, g jsonb) returns void
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  perform set_config('legal.tenant_id', p_tenant::text, true);
  perform set_config('legal.user_id', p_user::text, true);
  perform set_config('legal.role', g ->> 'role', true);
  perform set_config('legal.role_id', g ->> 'roleId', true);
  perform set_config('legal.perms', g ->> 'perms', true);
  perform set_config('legal.cases', g ->> 'cases', true);
  perform set_config('legal.walls', g ->> 'walls', true);
  perform set_config('legal.scopes', coalesce(array_to_string(p_scopes, ','), ''), true);
  perform set_config('legal.issued_at', p_issued_at, true);
  perform set_config('legal.sig', legal.context_hmac(legal.unit_canonical()), true);
end;
$$;
revoke execute on function legal.apply_grants(uuid, uuid, text[], text, jsonb) from public;

-- Opens the unit's context from the SDK's signed ticket: '<json>.<64 hex digits of HMAC>' where
-- the json is {"t": tenant, "u": user, "s": scopes | null, "g": cached grants | null,
--  "o": {"st": statement timeout ms, "lt": lock timeout ms, "ip", "ua", "rq": request id, "why": reason},
--  "at": epoch ms}.
-- Refuses a bad signature or a stale ticket (LG012), a firm that is not active (LG010), a user
-- who is not an active member of the firm (LG011). Returns the grants when it had to compute
-- them (the SDK caches them), NULL when the ticket's cached grants are still current.
--
-- Every unit runs it, so its common path is short: one index probe for the access epochs. The
-- firm's and the user's status are checked when the grants are computed; any change to them
-- moves an epoch (tenants_access, users_access), so grants that are still current were
-- computed for an active firm and user.
create function legal.enter_unit(p_ticket text) returns jsonb
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  k constant bytea[] := legal.context_key_material();
  n int := length(p_ticket);
  body text;
  t record;
  g record;
  grants json;
  epoch text;
  st text;
  active boolean;
  fresh jsonb;
begin
  if n < 67 or substr(p_ticket, n - 64, 1) <> '.' then
    raise exception 'malformed unit ticket' using errcode = 'LG012';
  end if;
  body := left(p_ticket, n - 65);
  if encode(sha256(k[2] || sha256(k[1] || convert_to(body, 'UTF8'))), 'hex') is distinct from right(p_ticket, 64) then
    raise exception 'the unit ticket''s signature does not verify (is the SDK configured with this database''s context key?)'
      using errcode = 'LG012';
  end if;
  select x.* into t from json_to_record(body::json) as x(t uuid, u uuid, s text[], g json, o json, "at" numeric, op text);
  -- a ticket made for another function (a sign-in, a password change) never opens a unit
  if t.t is null or t.u is null or t.at is null or t.op is not null then
    raise exception 'malformed unit ticket' using errcode = 'LG012';
  end if;
  if abs(extract(epoch from statement_timestamp()) * 1000 - t.at) > 300000 then
    raise exception 'the unit ticket is not fresh (issued more than 5 minutes from now: check the clocks)' using errcode = 'LG012';
  end if;
  -- the firm-wide and the user's epochs, read before any grants are (a change after this
  -- read moves an epoch past the one these grants carry)
  select coalesce(max(e.epoch) filter (where e.user_id = '00000000-0000-0000-0000-000000000000'), 0) || '.' ||
         coalesce(max(e.epoch) filter (where e.user_id = t.u), 0)
    into epoch
    from legal.access_epochs e
   where e.tenant_id = t.t and e.user_id in ('00000000-0000-0000-0000-000000000000', t.u);
  grants := t.g;
  if grants is null or json_typeof(grants) <> 'object' or grants ->> 'epoch' is distinct from epoch
     or (grants ->> 'until')::timestamptz <= statement_timestamp() then
    select f.status, u.is_active into st, active
      from (select 1) one
      left join legal.tenants f on f.id = t.t
      left join legal.users u on u.tenant_id = t.t and u.id = t.u;
    if st is null then
      raise exception 'no such firm' using errcode = 'LG011';
    elsif st <> 'active' then
      raise exception 'the firm is %', st using errcode = 'LG010', detail = st;
    end if;
    if active is null then
      raise exception 'the user is not a user of this firm' using errcode = 'LG011', detail = 'foreign';
    elsif not active then
      raise exception 'the user is not active' using errcode = 'LG011', detail = 'inactive';
    end if;
    fresh := legal.unit_grants(t.t, t.u, t.s);
    grants := fresh::json;
  end if;
  select x.* into g from json_to_record(grants) as x(role text, "roleId" text, perms text, cases text, walls text);
  perform set_config('legal.tenant_id', t.t::text, true),
          set_config('legal.user_id', t.u::text, true),
          set_config('legal.role', g.role, true),
          set_config('legal.role_id', g."roleId", true),
          set_config('legal.perms', g.perms, true),
          set_config('legal.cases', g.cases, true),
          set_config('legal.walls', g.walls, true),
          set_config('legal.scopes', coalesce(array_to_string(t.s, ','), ''), true),
          set_config('legal.issued_at', t.at::text, true);
  -- the unit's limits and what the audit trail records of the request (not part of the grants)
  if t.o is not null then
    perform set_config('statement_timeout', coalesce(t.o ->> 'st', '0'), true),
            set_config('lock_timeout', coalesce(t.o ->> 'lt', '0'), true),
            set_config('jit', 'off', true),
            set_config('legal.ip', coalesce(t.o ->> 'ip', ''), true),
            set_config('legal.user_agent', coalesce(t.o ->> 'ua', ''), true),
            set_config('legal.request_id', coalesce(t.o ->> 'rq', ''), true),
            set_config('legal.reason', coalesce(t.o ->> 'why', ''), true);
  end if;
  perform set_config('legal.sig', encode(sha256(k[2] || sha256(k[1] || convert_to(legal.unit_canonical(), 'UTF8'))), 'hex'), true);
  return fresh;
end;
$$;
revoke execute on function legal.enter_unit(text) from public;
grant execute on function legal.enter_unit(text) to legal_app, legal_readonly;

-- Recomputes the current unit's grants after it changed them itself (a case it opened, a
-- membership it added): only from the database's rows, so it cannot widen anything.
create function legal.refresh_unit() returns jsonb
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  v_tenant uuid := legal.current_tenant_id();
  v_user uuid := legal.current_user_id();
  scopes text[];
  g jsonb;
begin
  if v_tenant is null or v_user is null then
    raise exception 'refresh_unit needs a unit context' using errcode = 'LG004';
  end if;
  scopes := case when current_setting('legal.scopes', true) <> '' then string_to_array(current_setting('legal.scopes', true), ',') end;
  g := legal.unit_grants(v_tenant, v_user, scopes);
  perform legal.apply_grants(v_tenant, v_user, scopes, current_setting('legal.issued_at', true), g);
  return g;
end;
$$;
revoke execute on function legal.refresh_unit() from public;
grant execute on function legal.refresh_unit() to legal_app;

-- Whether the role in effect bypasses the access rules: a superuser, or legal_system (asSystem).
-- Read from settings the application cannot set (is_superuser; role needs the membership).
create function legal.bypasses_access() returns boolean
  language sql stable parallel safe
  return current_setting('is_superuser') = 'on' or current_setting('role') = 'legal_system';

-- The tenant of the unit, while its settings match their signature; NULL otherwise (then no
-- policy matches a row). Roles that bypass the access rules are trusted as they are.
--
-- Policies call it directly (`tenant_id = legal.current_tenant_id()`: Citus refuses a subquery
-- in a policy). Its declared cost keeps the planner from evaluating it for each row: it
-- becomes an index condition (evaluated once per scan) or, next to a query's own
-- `tenant_id = $1`, a one-time filter. PL/pgSQL without an exception block (no subtransaction);
-- the key is folded into its plan (legal.context_key_material), so a call reads no table.
create or replace function legal.current_tenant_id() returns uuid
  language plpgsql stable security definer
  cost 1000
  set search_path = pg_catalog
as $$
declare
  v_tenant text := current_setting('legal.tenant_id', true);
  k bytea[];
begin
  if v_tenant is null or v_tenant = '' then
    return null;
  end if;
  if not legal.bypasses_access() then
    k := legal.context_key_material();
    if encode(sha256(k[2] || sha256(k[1] || convert_to(legal.unit_canonical(), 'UTF8'))), 'hex')
       is distinct from current_setting('legal.sig', true) then
      return null;
    end if;
  end if;
  return v_tenant::uuid;
end;
$$;
comment on function legal.current_tenant_id() is 'The tenant of the current unit, while its context settings match their signature (any tenant setting for roles that bypass row level security); NULL otherwise: policies then match no row.';

-- A reason for the next statement only (a workflow step's), read by the history and audit
-- triggers and cleared by the audit trigger.
create function legal.set_statement_reason(p_reason text) returns boolean
  language sql security definer
  set search_path = pg_catalog
  return set_config('legal.statement_reason', coalesce(p_reason, ''), true) is not null;
revoke execute on function legal.set_statement_reason(text) from public;
grant execute on function legal.set_statement_reason(text) to legal_app, legal_system;

-- The policies: one per command, tenant first, then the firm's rules ------------------------

create function legal.set_access_policies(target regclass, p_select text, p_insert text, p_update text, p_delete text)
  returns void
  language plpgsql
as $$
declare
  t text := (select relname from pg_class where oid = target);
  tenant constant text := 'tenant_id = legal.current_tenant_id()';
begin
  execute format('drop policy if exists %I on %s', t || '_select', target);
  execute format('drop policy if exists %I on %s', t || '_insert', target);
  execute format('drop policy if exists %I on %s', t || '_update', target);
  execute format('drop policy if exists %I on %s', t || '_delete', target);
  -- the schema's own functions (security definer, as legal_owner) maintain and read every row
  execute format('drop policy if exists %I on %s', t || '_owner', target);
  execute format('create policy %I on %s to legal_owner using (true) with check (true)', t || '_owner', target);
  execute format('create policy %I on %s for select using (%s and (%s))', t || '_select', target, tenant, p_select);
  execute format('create policy %I on %s for insert with check (%s and (%s))', t || '_insert', target, tenant, p_insert);
  execute format('create policy %I on %s for update using (%s and (%s)) with check (%s and (%s))',
                 t || '_update', target, tenant, p_update, tenant, p_update);
  execute format('create policy %I on %s for delete using (%s and (%s))', t || '_delete', target, tenant, p_delete);
end;
$$;
revoke execute on function legal.set_access_policies(regclass, text, text, text, text) from public;

-- identity and administration
select legal.set_access_policies('legal.roles', 'true', $$legal.has_permission('roles.manage')$$,
  $$legal.has_permission('roles.manage')$$, $$legal.has_permission('roles.manage')$$);
select legal.set_access_policies('legal.role_permissions', 'true', $$legal.has_permission('roles.manage')$$,
  $$legal.has_permission('roles.manage')$$, $$legal.has_permission('roles.manage')$$);
select legal.set_access_policies('legal.users',
  $$legal.has_permission('users.read') or legal.has_permission('users.manage') or id = legal.current_user_id()$$,
  $$legal.has_permission('users.manage')$$, $$legal.has_permission('users.manage')$$,
  $$legal.has_permission('users.manage')$$);
select legal.set_access_policies('legal.user_permissions',
  $$user_id = legal.current_user_id() or legal.has_permission('users.manage') or legal.has_permission('access.review')$$,
  $$legal.has_permission('users.manage')$$, $$legal.has_permission('users.manage')$$,
  $$legal.has_permission('users.manage')$$);
select legal.set_access_policies('legal.user_sessions',
  $$user_id = legal.current_user_id() or legal.has_permission('users.manage')$$,
  $$user_id = legal.current_user_id()$$,
  $$user_id = legal.current_user_id() or legal.has_permission('users.manage')$$,
  $$user_id = legal.current_user_id() or legal.has_permission('users.manage')$$);
select legal.set_access_policies('legal.access_tokens',
  $$user_id = legal.current_user_id() or legal.has_permission('users.manage')$$,
  $$user_id = legal.current_user_id()$$,
  $$user_id = legal.current_user_id() or legal.has_permission('users.manage')$$,
  $$user_id = legal.current_user_id() or legal.has_permission('users.manage')$$);
-- reset tokens are handled by the sign-in functions only
select legal.set_access_policies('legal.password_reset_tokens', 'false', 'false', 'false', 'false');
-- security events are append-only; a user records their own, auditors read them
select legal.set_access_policies('legal.security_events',
  $$legal.has_permission('audit.read') or user_id = legal.current_user_id()$$,
  $$user_id = legal.current_user_id()$$, 'false', 'false');
select legal.set_access_policies('legal.ethical_walls',
  $$legal.has_permission('walls.manage') or legal.has_permission('access.review') or legal.has_permission('audit.read')$$,
  $$legal.has_permission('walls.manage')$$, $$legal.has_permission('walls.manage')$$,
  $$legal.has_permission('walls.manage')$$);

-- clients and matters
select legal.set_access_policies('legal.clients', $$legal.has_permission('clients.read') or legal.has_permission('clients.manage')$$,
  $$legal.has_permission('clients.manage')$$, $$legal.has_permission('clients.manage')$$,
  $$legal.has_permission('clients.manage')$$);
select legal.set_access_policies('legal.cases',
  'legal.can_read_case_row(id, owner_id, assigned_to)',
  $$legal.has_permission('cases.create') and (legal.has_permission('cases.read_all') or owner_id = legal.current_user_id())$$,
  'legal.can_write_case_row(id, owner_id, assigned_to)',
  $$legal.has_permission('cases.delete') and legal.can_write_case_row(id, owner_id, assigned_to)$$);
-- the history is written by the workflow triggers (as the owner) only
select legal.set_access_policies('legal.case_status_history', 'legal.can_read_case(case_id)', 'false', 'false', 'false');
select legal.set_access_policies('legal.case_members', 'legal.can_read_case(case_id)',
  $$legal.has_permission('cases.assign') and legal.can_write_case(case_id)$$,
  $$legal.has_permission('cases.assign') and legal.can_write_case(case_id)$$,
  $$legal.has_permission('cases.assign') and legal.can_write_case(case_id)$$);
select legal.set_access_policies('legal.case_activities', 'legal.can_read_case(case_id)',
  'user_id = legal.current_user_id() and legal.can_read_case(case_id)', 'false', 'false');
select legal.set_access_policies('legal.case_parties', 'legal.can_read_case(case_id)',
  $$legal.has_permission('cases.update') and legal.can_write_case(case_id)$$,
  $$legal.has_permission('cases.update') and legal.can_write_case(case_id)$$,
  $$legal.has_permission('cases.update') and legal.can_write_case(case_id)$$);

-- documents follow their matter and their grants
select legal.set_access_policies('legal.document_categories',
  $$legal.has_permission('documents.read') or legal.has_permission('templates.manage')$$,
  $$legal.has_permission('documents.upload')$$, $$legal.has_permission('documents.upload')$$,
  $$legal.has_permission('documents.upload')$$);
select legal.set_access_policies('legal.documents',
  'legal.can_read_document(case_id, acl_read)',
  $$legal.has_permission('documents.upload') and legal.can_write_matter(case_id)$$,
  $$(legal.has_permission('documents.upload') or legal.has_permission('documents.delete') or legal.has_permission('documents.legal_hold'))
    and legal.can_write_matter(case_id) and legal.document_allowed(acl_read)$$,
  $$legal.has_permission('documents.delete') and legal.can_write_matter(case_id) and legal.document_allowed(acl_delete)$$);
select legal.set_access_policies('legal.document_versions',
  'legal.can_read_document(case_id, acl_read)',
  $$legal.has_permission('documents.upload') and legal.can_write_matter(case_id) and legal.document_allowed(acl_write)$$,
  $$legal.has_permission('documents.upload') and legal.can_write_matter(case_id) and legal.document_allowed(acl_write)$$,
  $$legal.has_permission('documents.delete') and legal.can_write_matter(case_id)$$);
select legal.set_access_policies('legal.document_chunks',
  'legal.can_read_document(case_id, acl_read)',
  $$legal.has_permission('documents.upload') and legal.can_write_matter(case_id) and legal.document_allowed(acl_write)$$,
  $$legal.has_permission('documents.upload') and legal.can_write_matter(case_id) and legal.document_allowed(acl_write)$$,
  $$legal.has_permission('documents.upload') and legal.can_write_matter(case_id) and legal.document_allowed(acl_write)$$);
select legal.set_access_policies('legal.document_permissions',
  $$(legal.has_permission('documents.manage_permissions') and legal.can_read_matter(case_id)) or user_id = legal.current_user_id()$$,
  $$legal.has_permission('documents.manage_permissions') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('documents.manage_permissions') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('documents.manage_permissions') and legal.can_write_matter(case_id)$$);

-- work
select legal.set_access_policies('legal.tasks',
  $$case_id is null and (legal.has_permission('tasks.manage') or legal.current_user_id() in (assigned_to, created_by))
    or legal.can_read_case(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$);
select legal.set_access_policies('legal.communications',
  $$legal.has_permission('communications.read') and (legal.can_read_case(case_id) or case_id is null and legal.has_permission('clients.read'))$$,
  $$legal.has_permission('communications.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('communications.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('communications.manage') and legal.can_write_matter(case_id)$$);
select legal.set_access_policies('legal.templates', 'true', $$legal.has_permission('templates.manage')$$,
  $$legal.has_permission('templates.manage')$$, $$legal.has_permission('templates.manage')$$);
select legal.set_access_policies('legal.template_versions', 'true', $$legal.has_permission('templates.manage')$$,
  $$legal.has_permission('templates.manage')$$, $$legal.has_permission('templates.manage')$$);

-- money
select legal.set_access_policies('legal.invoices',
  $$legal.has_permission('billing.read') and legal.can_read_matter(case_id)$$,
  $$legal.has_permission('billing.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('billing.manage') and legal.can_write_matter(case_id)$$, 'false');
select legal.set_access_policies('legal.invoice_line_items',
  $$legal.has_permission('billing.read') and legal.can_read_matter(case_id)$$,
  $$legal.has_permission('billing.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('billing.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('billing.manage') and legal.can_write_matter(case_id)$$);
select legal.set_access_policies('legal.time_entries',
  $$legal.can_read_case(case_id) and (user_id = legal.current_user_id() or legal.has_permission('billing.read'))$$,
  $$legal.can_write_case(case_id) and (legal.has_permission('time.record') and user_id = legal.current_user_id() or legal.has_permission('billing.manage'))$$,
  $$legal.can_write_case(case_id) and (legal.has_permission('time.record') and user_id = legal.current_user_id() or legal.has_permission('billing.manage'))$$,
  $$legal.can_write_case(case_id) and (legal.has_permission('time.record') and user_id = legal.current_user_id() or legal.has_permission('billing.manage'))$$);
select legal.set_access_policies('legal.expenses',
  $$legal.can_read_case(case_id) and (user_id = legal.current_user_id() or legal.has_permission('billing.read'))$$,
  $$legal.can_write_case(case_id) and (legal.has_permission('time.record') and user_id = legal.current_user_id() or legal.has_permission('billing.manage'))$$,
  $$legal.can_write_case(case_id) and (legal.has_permission('time.record') and user_id = legal.current_user_id() or legal.has_permission('billing.manage'))$$,
  $$legal.can_write_case(case_id) and (legal.has_permission('time.record') and user_id = legal.current_user_id() or legal.has_permission('billing.manage'))$$);

-- the AI assistant: a user's own conversations and queries, within the matters they see
select legal.set_access_policies('legal.conversations',
  'user_id = legal.current_user_id() and legal.can_read_matter(case_id)',
  $$user_id = legal.current_user_id() and legal.has_permission('ai.query') and legal.can_read_matter(case_id)$$,
  'user_id = legal.current_user_id() and legal.can_read_matter(case_id)',
  'user_id = legal.current_user_id()');
select legal.set_access_policies('legal.conversation_messages',
  'user_id = legal.current_user_id() and legal.can_read_matter(case_id)',
  'user_id = legal.current_user_id() and legal.can_read_matter(case_id)', 'false',
  'user_id = legal.current_user_id()');
select legal.set_access_policies('legal.ai_queries',
  $$(user_id = legal.current_user_id() or legal.has_permission('audit.read')) and legal.can_read_matter(case_id)$$,
  $$user_id = legal.current_user_id() and legal.has_permission('ai.query') and legal.can_read_matter(case_id)$$,
  'false', 'false');

-- the audit trail: auditors of the firm, never behind a wall
drop policy audit_log_select on legal.audit_log;
create policy audit_log_select on legal.audit_log for select
  using (tenant_id = legal.current_tenant_id() and legal.has_permission('audit.read') and not legal.walled(case_id));
-- the chain's heads and anchors: the firm's own (verification reads them)
drop policy audit_chain_heads_select on legal.audit_chain_heads;
create policy audit_chain_heads_select on legal.audit_chain_heads for select using (tenant_id = legal.current_tenant_id());
drop policy audit_chain_anchors_select on legal.audit_chain_anchors;
create policy audit_chain_anchors_select on legal.audit_chain_anchors for select using (tenant_id = legal.current_tenant_id());

-- Column rules the row policies cannot express ----------------------------------------------

-- cases: details need cases.update, assignments cases.assign; the workflow trigger checks steps
create function legal.cases_check_columns() returns trigger
  language plpgsql
as $$
begin
  if legal.current_user_id() is null or legal.bypasses_access() then
    return new; -- no unit context, or a role that bypasses the access rules (system work, migrations)
  end if;
  if (new.owner_id, new.assigned_to) is distinct from (old.owner_id, old.assigned_to)
     and not legal.has_permission('cases.assign') then
    raise exception 'changing who owns or works a case needs the permission cases.assign'
      using errcode = 'insufficient_privilege', hint = 'cases.assign';
  end if;
  if (to_jsonb(new) - array['status', 'closed_at', 'owner_id', 'assigned_to', 'updated_at', 'last_accessed', 'is_pinned', 'search_vector'])
     is distinct from (to_jsonb(old) - array['status', 'closed_at', 'owner_id', 'assigned_to', 'updated_at', 'last_accessed', 'is_pinned', 'search_vector'])
     and not legal.has_permission('cases.update') then
    raise exception 'changing a case''s details needs the permission cases.update'
      using errcode = 'insufficient_privilege', hint = 'cases.update';
  end if;
  return new;
end;
$$;
create trigger cases_check_columns before update on legal.cases
  for each row execute function legal.cases_check_columns();

-- the workflow: allowed steps, the permission each needs, and their preconditions
create or replace function legal.cases_check_transition() returns trigger
  language plpgsql
as $$
declare
  needed text;
begin
  if new.status is distinct from old.status then
    select t.required_permission into needed
      from legal.case_status_transitions t where t.from_status = old.status and t.to_status = new.status;
    if not found then
      raise exception 'invalid case status transition from "%" to "%"', old.status, new.status
        using errcode = 'LG001',
              detail = format('Allowed from "%s": %s.', old.status,
                              coalesce((select string_agg(format('"%s"', to_status), ', ' order by to_status)
                                          from legal.case_status_transitions where from_status = old.status), 'none')),
              hint = 'See legal.case_status_transitions for the workflow.';
    end if;
    if legal.current_user_id() is not null and not legal.bypasses_access() and not legal.has_permission(needed) then
      raise exception 'moving a case from "%" to "%" needs the permission %', old.status, new.status, needed
        using errcode = 'insufficient_privilege', hint = needed;
    end if;
    if new.status = 'assigned' and new.assigned_to is null then
      raise exception 'a case cannot be assigned without an assignee' using errcode = 'LG013', column = 'assigned_to',
        hint = 'Assign a user first (cases.assign), then move the case to "assigned".';
    end if;
    new.closed_at := case when new.status in ('completed', 'archived') then coalesce(old.closed_at, now()) else null end;
  end if;
  return new;
end;
$$;

-- a case's history records a workflow step's own reason when it has one; the history is
-- written as the owner (the unit's user may not insert history rows of their own)
create or replace function legal.cases_record_status() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog
as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into legal.case_status_history (tenant_id, case_id, from_status, to_status, changed_by, reason)
    values (new.tenant_id, new.id, case when tg_op = 'UPDATE' then old.status end, new.status,
            legal.current_user_id(),
            coalesce(nullif(current_setting('legal.statement_reason', true), ''), nullif(current_setting('legal.reason', true), '')));
  end if;
  return null;
end;
$$;

create or replace function legal.cases_record_initial_status() returns trigger
  language plpgsql
  security definer
  set search_path = pg_catalog
as $$
begin
  insert into legal.case_status_history (tenant_id, case_id, from_status, to_status, changed_by, reason)
  select n.tenant_id, n.id, null, n.status, legal.current_user_id(),
         coalesce(nullif(current_setting('legal.statement_reason', true), ''), nullif(current_setting('legal.reason', true), ''))
    from new_cases n;
  return null;
end;
$$;

-- documents: soft delete needs documents.delete (and the delete grant), holds documents.legal_hold
create function legal.documents_check_columns() returns trigger
  language plpgsql
as $$
begin
  if legal.current_user_id() is null or legal.bypasses_access() then
    return new;
  end if;
  if (new.legal_hold, new.legal_hold_reason) is distinct from (old.legal_hold, old.legal_hold_reason)
     and not legal.has_permission('documents.legal_hold') then
    raise exception 'placing or lifting a legal hold needs the permission documents.legal_hold'
      using errcode = 'insufficient_privilege', hint = 'documents.legal_hold';
  end if;
  if new.deleted_at is distinct from old.deleted_at
     and not (legal.has_permission('documents.delete') and legal.document_allowed(old.acl_delete)) then
    raise exception 'deleting or restoring a document needs the permission documents.delete'
      using errcode = 'insufficient_privilege', hint = 'documents.delete';
  end if;
  if (to_jsonb(new) - array['legal_hold', 'legal_hold_reason', 'legal_hold_set_at', 'legal_hold_set_by', 'deleted_at', 'deleted_by',
                            'updated_at', 'acl_read', 'acl_write', 'acl_delete', 'search_vector'])
     is distinct from (to_jsonb(old) - array['legal_hold', 'legal_hold_reason', 'legal_hold_set_at', 'legal_hold_set_by', 'deleted_at',
                                             'deleted_by', 'updated_at', 'acl_read', 'acl_write', 'acl_delete', 'search_vector'])
     and not (legal.has_permission('documents.upload') and legal.document_allowed(old.acl_write)) then
    raise exception 'changing a document needs the permission documents.upload (and its write grant)'
      using errcode = 'insufficient_privilege', hint = 'documents.upload';
  end if;
  return new;
end;
$$;
create trigger documents_check_columns before update on legal.documents
  for each row execute function legal.documents_check_columns();

-- Grants: what the application role may touch at all -----------------------------------------

-- A firm's own row: a tenant.manage holder may rename it and change its settings; its status
-- (active, suspended, closed) is legal_system's alone.
revoke update on legal.tenants from legal_app;
grant update (name, settings, max_document_size_bytes) on legal.tenants to legal_app;
drop policy tenants_update on legal.tenants;
create policy tenants_update on legal.tenants for update
  using (id = legal.current_tenant_id() and legal.has_permission('tenant.manage'))
  with check (id = legal.current_tenant_id() and legal.has_permission('tenant.manage'));
drop policy tenants_select on legal.tenants;
create policy tenants_select on legal.tenants for select using (id = legal.current_tenant_id());

-- Secrets never leave through the application roles: password and token hashes are read and
-- compared by the sign-in functions only.
revoke select, insert, update on legal.users from legal_app, legal_readonly;
grant select (tenant_id, id, email, username, full_name, first_name, last_name, role, organization, bar_number,
              practice_areas, storage_node, is_active, email_verified, last_login, failed_login_count, locked_until,
              password_updated_at, subscription_tier, subscription_expires_at, deactivated_at, created_at, updated_at)
  on legal.users to legal_app, legal_readonly;
grant insert, update (tenant_id, id, email, username, password_hash, full_name, first_name, last_name, role, organization,
                      bar_number, practice_areas, storage_node, is_active, email_verified, password_updated_at,
                      subscription_tier, subscription_expires_at, deactivated_at)
  on legal.users to legal_app;
revoke select on legal.user_sessions, legal.access_tokens from legal_app, legal_readonly;
grant select (tenant_id, id, user_id, container_id, container_port, active_case_id, workspace_path, ip, user_agent, is_active,
              expires_at, created_at, last_activity, revoked_at, revoked_reason)
  on legal.user_sessions to legal_app, legal_readonly;
grant select (tenant_id, id, user_id, name, token_prefix, scopes, last_used_at, expires_at, revoked_at, created_at)
  on legal.access_tokens to legal_app, legal_readonly;
revoke all on legal.password_reset_tokens from legal_app, legal_readonly;

-- The context cannot be rewritten mid-statement: set_config() is for the owner and the system
-- role (SET between statements is caught by the signature); and the application roles cannot
-- create functions (not even temporary ones) that could. Both need a superuser: a migration
-- run without one leaves them to the operator, and verify reports it.
do $$
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    execute 'grant execute on function pg_catalog.set_config(text, text, boolean) to legal_owner, legal_system';
    execute 'revoke execute on function pg_catalog.set_config(text, text, boolean) from public';
    execute format('revoke temporary on database %I from public', current_database());
  else
    raise notice 'not a superuser: run REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC and REVOKE TEMPORARY ON DATABASE % FROM PUBLIC as one', current_database();
  end if;
end
$$;

-- The audit trail records the acting user's role ------------------------------------------

alter table legal.audit_log add column actor_role text;
-- the hash covers actor_role when it is set; rows written before it hash as they did
create or replace function legal.audit_canonical(a legal.audit_log) returns bytea
  language sql immutable
  return convert_to((jsonb_build_array(
    a.tenant_id, a.seq, to_char(a.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), a.txid, a.actor_id,
    a.db_role, a.action, a.table_name, a.record_id, a.case_id, a.document_id, a.request_id, host(a.ip), a.user_agent,
    a.reason, a.row_data, a.changes, a.details)
    || case when a.actor_role is null then '[]'::jsonb else jsonb_build_array(a.actor_role) end)::text, 'UTF8');

-- Audit rows carry the acting user's role and a workflow step's own reason; the step's reason
-- is spent by the statement that used it.
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
  r.actor_role := nullif(current_setting('legal.role', true), '');
  r.db_role := coalesce(nullif(current_setting('role'), 'none'), session_user);
  r.action := p_action;
  r.table_name := p_table;
  r.record_id := p_record;
  r.case_id := p_case;
  r.document_id := p_document;
  r.request_id := nullif(current_setting('legal.request_id', true), '');
  r.ip := nullif(current_setting('legal.ip', true), '')::inet;
  r.user_agent := nullif(current_setting('legal.user_agent', true), '');
  r.reason := coalesce(nullif(current_setting('legal.statement_reason', true), ''), nullif(current_setting('legal.reason', true), ''));
  r.row_data := p_row;
  r.changes := p_changes;
  r.details := p_details;
  r.hash := sha256(r.prev_hash || legal.audit_canonical(r));
  insert into legal.audit_log values (r.*);
  update legal.audit_chain_heads set last_seq = r.seq, last_hash = r.hash where tenant_id = p_tenant;
end;
$$;
revoke execute on function legal.audit_append(uuid, text, text, text, uuid, uuid, jsonb, jsonb, jsonb) from public;

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

select legal.hand_over_ownership();
