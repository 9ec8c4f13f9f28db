-- 0003: clients, matters (cases) with their status workflow, history, members,
-- activities and parties. Seeds: 000 (cases, case_collaborators), 001 (workflow,
-- priority, Case_Log), 002 (clients), 004 (case_statuses, case_assignments, clients).

-- Clients (person or company; identity numbers are stored encrypted by @legal/data) -------

create table legal.clients (
  tenant_id             uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                    uuid not null default gen_random_uuid(),
  kind                  text not null default 'person' constraint clients_kind_check check (kind in ('person', 'company')),
  name                  text not null constraint clients_name_not_blank check (length(trim(name)) > 0 and char_length(name) <= 255),
  first_name            text,
  last_name             text,
  company_name          text,
  email                 text constraint clients_email_check check (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
  phone                 text constraint clients_phone_check check (phone ~ '^[0-9+() .-]{5,30}$'),
  address               jsonb not null default '{}' constraint clients_address_object check (jsonb_typeof(address) = 'object'),
  external_ref          text, -- seed 002's string id ("client_123") of an imported client
  case_number           text, -- seed 002
  case_type             text, -- seed 002 (free text there; cases.case_type is the checked one)
  notes                 text,
  date_of_birth_encrypted bytea, -- AES-256-GCM by @legal/data field encryption
  national_id_encrypted   bytea,
  encryption_key_id     text,
  created_by            uuid,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  archived_at           timestamptz,
  search_vector         tsvector generated always as (
                          to_tsvector('english'::regconfig, coalesce(name, '') || ' ' || coalesce(company_name, '') || ' ' ||
                                      coalesce(email, '') || ' ' || coalesce(notes, ''))) stored,
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id) on delete set null (created_by),
  constraint clients_company_has_name check (kind <> 'company' or company_name is not null),
  constraint clients_encryption_key_check check ((date_of_birth_encrypted is null and national_id_encrypted is null) or encryption_key_id is not null)
);
create unique index clients_external_ref_key on legal.clients (tenant_id, external_ref) where external_ref is not null;
create index clients_name_idx on legal.clients (tenant_id, name);
create index clients_case_type_idx on legal.clients (tenant_id, case_type);
create index clients_updated_at_idx on legal.clients (tenant_id, updated_at desc);
create index clients_created_by_idx on legal.clients (tenant_id, created_by);
create index clients_search_idx on legal.clients using gin (tenant_id, search_vector);
select legal.enable_tenant_isolation('legal.clients');

-- The status workflow (seed 001, merged with seed 000's statuses) ------------------------

create table legal.case_statuses (
  code       text primary key,
  label      text not null,
  is_open    boolean not null,
  sort_order integer not null
);
comment on table legal.case_statuses is 'Global: the case statuses (reference data).';
select legal.enable_reference_read('legal.case_statuses');

insert into legal.case_statuses (code, label, is_open, sort_order) values
  ('new', 'New', true, 1),
  ('pending_review', 'Pending review', true, 2),
  ('assigned', 'Assigned', true, 3),
  ('in_progress', 'In progress', true, 4),
  ('pending_completion', 'Pending completion', true, 5),
  ('completed', 'Completed', false, 6),
  ('on_hold', 'On hold', false, 7),
  ('archived', 'Archived', false, 8);

create table legal.case_status_transitions (
  from_status text not null references legal.case_statuses (code),
  to_status   text not null references legal.case_statuses (code),
  primary key (from_status, to_status),
  constraint case_status_transitions_not_same check (from_status <> to_status)
);
comment on table legal.case_status_transitions is 'Global: the allowed case status changes (reference data); the workflow trigger rejects every other one.';
select legal.enable_reference_read('legal.case_status_transitions');

insert into legal.case_status_transitions (from_status, to_status) values
  ('new', 'pending_review'),
  ('pending_review', 'assigned'),
  ('assigned', 'in_progress'),
  ('in_progress', 'pending_completion'),
  ('pending_completion', 'completed'),
  ('completed', 'archived');
-- on_hold: from any open state, and back to any open state
insert into legal.case_status_transitions (from_status, to_status)
select code, 'on_hold' from legal.case_statuses where is_open
union all
select 'on_hold', code from legal.case_statuses where is_open;

-- Cases -------------------------------------------------------------------------------

create table legal.cases (
  tenant_id              uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                     uuid not null default gen_random_uuid(),
  owner_id               uuid not null,
  created_by             uuid,
  assigned_to            uuid,
  client_id              uuid,
  title                  text not null,
  description            text,
  client_name            text,
  matter_number          text,
  case_type              text not null default 'litigation',
  status                 text not null default 'new' references legal.case_statuses (code),
  priority               text not null default 'medium',
  court                  text,
  case_number            text,
  incident_date          date,
  filing_date            date,
  discovery_deadline     date,
  trial_date             date,
  statute_of_limitations date,
  case_value             numeric(15, 2),
  folder_path            text not null,
  storage_prefix         text not null,
  total_size_bytes       bigint not null default 0,
  file_count             integer not null default 0,
  is_pinned              boolean not null default false,
  tags                   text[] not null default '{}',
  custom_fields          jsonb not null default '{}',
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  last_accessed          timestamptz not null default now(),
  closed_at              timestamptz,
  search_vector          tsvector generated always as (
                           to_tsvector('english'::regconfig, title || ' ' || coalesce(client_name, '') || ' ' || coalesce(description, ''))) stored,
  primary key (tenant_id, id),
  foreign key (tenant_id, owner_id) references legal.users (tenant_id, id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id) on delete set null (created_by),
  foreign key (tenant_id, assigned_to) references legal.users (tenant_id, id) on delete set null (assigned_to),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id),
  constraint cases_matter_number_key unique (tenant_id, matter_number),
  -- seed 000
  constraint cases_valid_case_type check (case_type in ('litigation', 'transactional', 'estate', 'corporate', 'real_estate', 'criminal', 'family', 'custom')),
  constraint cases_valid_title_length check (char_length(title) between 3 and 500),
  -- seed 001
  constraint cases_title_not_empty check (length(trim(title)) > 0),
  constraint cases_valid_priority check (priority in ('low', 'medium', 'high', 'urgent')),
  constraint cases_case_value_check check (case_value >= 0),
  constraint cases_total_size_bytes_check check (total_size_bytes >= 0),
  constraint cases_file_count_check check (file_count >= 0),
  constraint cases_custom_fields_object check (jsonb_typeof(custom_fields) = 'object')
);
-- seed 000's indexes, re-led with tenant_id
create index cases_owner_status_idx on legal.cases (tenant_id, owner_id, status);
create index cases_last_accessed_idx on legal.cases (tenant_id, last_accessed desc);
create index cases_search_idx on legal.cases using gin (tenant_id, search_vector);
-- seed 001's indexes (status, created_by, assigned_to, created_at; composite and partial)
create index cases_status_created_idx on legal.cases (tenant_id, status, created_at);
create index cases_created_by_idx on legal.cases (tenant_id, created_by);
create index cases_created_at_idx on legal.cases (tenant_id, created_at, id);
create index cases_assignee_status_idx on legal.cases (tenant_id, assigned_to, status) where assigned_to is not null;
create index cases_active_idx on legal.cases (tenant_id, status) where status in ('assigned', 'in_progress');
create index cases_pending_review_idx on legal.cases (tenant_id, status) where status = 'pending_review';
-- access paths of the merged schema
create index cases_client_idx on legal.cases (tenant_id, client_id);
create index cases_statute_idx on legal.cases (tenant_id, statute_of_limitations) where statute_of_limitations is not null;
select legal.enable_tenant_isolation('legal.cases');

-- Storage locations default from the case's identity (seed 000 requires both).
create function legal.cases_default_paths() returns trigger
  language plpgsql
as $$
begin
  new.storage_prefix := coalesce(new.storage_prefix, format('tenants/%s/cases/%s', new.tenant_id, new.id));
  new.folder_path := coalesce(new.folder_path, '/' || coalesce(new.matter_number, new.id::text));
  return new;
end;
$$;
create trigger cases_default_paths before insert on legal.cases
  for each row execute function legal.cases_default_paths();

create table legal.case_status_history (
  tenant_id   uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id          uuid not null default gen_random_uuid(),
  case_id     uuid not null,
  from_status text references legal.case_statuses (code),
  to_status   text not null references legal.case_statuses (code),
  changed_by  uuid,
  reason      text,
  changed_at  timestamptz not null default clock_timestamp(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, changed_by) references legal.users (tenant_id, id) on delete set null (changed_by)
);
create index case_status_history_case_idx on legal.case_status_history (tenant_id, case_id, changed_at);
create index case_status_history_changed_by_idx on legal.case_status_history (tenant_id, changed_by);
select legal.enable_tenant_isolation('legal.case_status_history');

-- The workflow: any status change not in case_status_transitions is rejected (SQLSTATE LG001).
create function legal.cases_check_transition() returns trigger
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
create trigger cases_check_transition before update of status on legal.cases
  for each row execute function legal.cases_check_transition();

-- Every status, the initial one included, is written to case_status_history
-- (changed_by and reason come from the transaction's context).
create function legal.cases_record_status() returns trigger
  language plpgsql
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
create trigger cases_record_status after insert or update of status on legal.cases
  for each row execute function legal.cases_record_status();

-- Sessions may point at the case being worked on.
alter table legal.user_sessions
  add foreign key (tenant_id, active_case_id) references legal.cases (tenant_id, id) on delete set null (active_case_id);
create index user_sessions_active_case_idx on legal.user_sessions (tenant_id, active_case_id);

-- Members: assignments (seed 004) and collaborators (seed 000) -------------------------

create table legal.case_members (
  tenant_id        uuid not null default legal.current_tenant_id() references legal.tenants (id),
  case_id          uuid not null,
  user_id          uuid not null,
  member_role      text not null default 'collaborator'
                   constraint case_members_member_role_check check (member_role in ('lead', 'assigned', 'collaborator')),
  permission_level text not null default 'viewer'
                   constraint case_members_valid_permission_level check (permission_level in ('viewer', 'editor', 'admin')),
  added_by         uuid,
  added_at         timestamptz not null default now(),
  primary key (tenant_id, case_id, user_id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, added_by) references legal.users (tenant_id, id) on delete set null (added_by)
);
create index case_members_user_idx on legal.case_members (tenant_id, user_id);
create index case_members_added_by_idx on legal.case_members (tenant_id, added_by);
select legal.enable_tenant_isolation('legal.case_members');

-- Activities: comments, status changes, assignments (seed 001's Case_Log) ---------------

create table legal.case_activities (
  tenant_id     uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id            uuid not null default gen_random_uuid(),
  case_id       uuid not null,
  user_id       uuid,
  activity_type text not null constraint case_activities_activity_type_check check (activity_type in (
                  'created', 'commented', 'status_changed', 'assigned', 'unassigned', 'document_added', 'updated')),
  body          text,
  details       jsonb not null default '{}' constraint case_activities_details_object check (jsonb_typeof(details) = 'object'),
  occurred_at   timestamptz not null default clock_timestamp(), -- the order of a stream within one transaction
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete set null (user_id),
  constraint case_activities_comment_has_body check (activity_type <> 'commented' or length(trim(body)) > 0)
);
create index case_activities_case_time_idx on legal.case_activities (tenant_id, case_id, occurred_at);
create index case_activities_user_idx on legal.case_activities (tenant_id, user_id);
create index case_activities_time_idx on legal.case_activities (tenant_id, occurred_at);
select legal.enable_tenant_isolation('legal.case_activities');

-- Parties: client, opposing party, counsel, witness, judge ----------------------------

create table legal.case_parties (
  tenant_id    uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id           uuid not null default gen_random_uuid(),
  case_id      uuid not null,
  party_role   text not null constraint case_parties_party_role_check check (party_role in (
                 'client', 'opposing_party', 'opposing_counsel', 'co_counsel', 'witness', 'judge', 'expert', 'other')),
  client_id    uuid,
  name         text not null constraint case_parties_name_not_blank check (length(trim(name)) > 0),
  organization text,
  email        text constraint case_parties_email_check check (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
  phone        text,
  notes        text,
  created_at   timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id)
);
create index case_parties_case_idx on legal.case_parties (tenant_id, case_id, party_role);
create index case_parties_client_idx on legal.case_parties (tenant_id, client_id);
select legal.enable_tenant_isolation('legal.case_parties');

select legal.hand_over_ownership();
