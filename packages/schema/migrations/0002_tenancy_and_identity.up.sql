-- 0002: tenants (firms), the permission catalogue and default roles, users, their
-- roles and permissions, sessions and tokens (hashes only), and security events.
-- Seeds: 000 (users, user_sessions), 001 (roles clerk/chair/caseworker, names),
-- 002 (lockout, password reset, subscription), 003 (username, roles/permissions), 004 (all).

-- Tenants -------------------------------------------------------------------------------

create table legal.tenants (
  id                      uuid primary key default gen_random_uuid(),
  slug                    text not null unique
                          constraint tenants_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
  name                    text not null constraint tenants_name_not_blank check (length(trim(name)) > 0),
  status                  text not null default 'active'
                          constraint tenants_status_check check (status in ('active', 'suspended', 'closed')),
  settings                jsonb not null default '{}' constraint tenants_settings_object check (jsonb_typeof(settings) = 'object'),
  -- seed 001's 100 MB document limit, per tenant
  max_document_size_bytes bigint not null default 104857600
                          constraint tenants_max_document_size_positive check (max_document_size_bytes > 0),
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now()
);
comment on table legal.tenants is 'Global: one row per firm. A tenant sees (and may update) only its own row; creating and deleting tenants is for legal_system.';

alter table legal.tenants enable row level security;
alter table legal.tenants force row level security;
create policy tenants_select on legal.tenants for select using (id = (select legal.current_tenant_id()));
create policy tenants_insert on legal.tenants for insert with check (false);
create policy tenants_update on legal.tenants for update
  using (id = (select legal.current_tenant_id())) with check (id = (select legal.current_tenant_id()));
create policy tenants_delete on legal.tenants for delete using (false);
grant select, update on legal.tenants to legal_app;
grant select on legal.tenants to legal_readonly;
grant select, insert, update, delete on legal.tenants to legal_system;
create trigger tenants_touch before update on legal.tenants for each row execute function legal.touch_updated_at();

-- The permission catalogue and the default roles (seeded into every new tenant) ----------

create table legal.permissions (
  code        text primary key constraint permissions_code_format check (code ~ '^[a-z_]+\.[a-z_]+$'),
  description text not null
);
comment on table legal.permissions is 'Global: the permission catalogue (reference data).';
select legal.enable_reference_read('legal.permissions');

insert into legal.permissions (code, description) values
  ('cases.read_all',              'See every case of the firm'),
  ('cases.read_assigned',         'See the cases one is a member of'),
  ('cases.create',                'Open cases'),
  ('cases.update',                'Edit case details'),
  ('cases.transition',            'Move cases through the status workflow'),
  ('cases.assign',                'Assign users to cases'),
  ('cases.delete',                'Delete cases'),
  ('clients.read',                'See clients'),
  ('clients.manage',              'Create and edit clients'),
  ('documents.read',              'Read documents'),
  ('documents.upload',            'Upload documents and new versions'),
  ('documents.delete',            'Delete and restore documents'),
  ('documents.manage_permissions','Grant and revoke document permissions'),
  ('documents.legal_hold',        'Place and release legal holds'),
  ('tasks.manage',                'Create and update tasks and deadlines'),
  ('time.record',                 'Record time entries and expenses'),
  ('billing.read',                'See invoices and financial reports'),
  ('billing.manage',              'Issue, send and void invoices'),
  ('templates.manage',            'Create and version document templates'),
  ('ai.query',                    'Use the AI assistant'),
  ('reports.read',                'See firm reports'),
  ('users.read',                  'See users of the firm'),
  ('users.manage',                'Invite, edit and deactivate users'),
  ('roles.manage',                'Edit roles and their permissions'),
  ('audit.read',                  'Read the audit trail'),
  ('tenant.manage',               'Change the firm''s settings');

create table legal.default_roles (
  name        text primary key constraint default_roles_name_format check (name ~ '^[a-z][a-z0-9_]*$'),
  description text not null,
  sort_order  integer not null
);
comment on table legal.default_roles is 'Global: the roles every new tenant starts with (the union of the seeds'' role names).';
select legal.enable_reference_read('legal.default_roles');

insert into legal.default_roles (name, description, sort_order) values
  ('admin',      'Runs the firm''s account: every permission', 1),
  ('lawyer',     'Handles matters end to end (seed 000)', 2),
  ('paralegal',  'Prepares documents and tracks deadlines (seed 000)', 3),
  ('clerk',      'Opens and files cases (seed 001)', 4),
  ('chair',      'Reviews and assigns cases (seed 001)', 5),
  ('caseworker', 'Works assigned cases (seed 001)', 6),
  ('pro_se',     'Represents themself: their own cases only (seed 000)', 7),
  ('viewer',     'Reads what they are given (seed 003)', 8);

create table legal.default_role_permissions (
  role_name       text not null references legal.default_roles (name) on delete cascade,
  permission_code text not null references legal.permissions (code) on delete cascade,
  primary key (role_name, permission_code)
);
comment on table legal.default_role_permissions is 'Global: the permissions of each default role (reference data).';
select legal.enable_reference_read('legal.default_role_permissions');

insert into legal.default_role_permissions (role_name, permission_code)
select 'admin', code from legal.permissions
union all
select r.role_name, r.code from (values
  ('lawyer', 'cases.read_all'), ('lawyer', 'cases.create'), ('lawyer', 'cases.update'), ('lawyer', 'cases.transition'),
  ('lawyer', 'cases.assign'), ('lawyer', 'clients.read'), ('lawyer', 'clients.manage'), ('lawyer', 'documents.read'),
  ('lawyer', 'documents.upload'), ('lawyer', 'documents.delete'), ('lawyer', 'documents.manage_permissions'),
  ('lawyer', 'documents.legal_hold'), ('lawyer', 'tasks.manage'), ('lawyer', 'time.record'), ('lawyer', 'billing.read'),
  ('lawyer', 'templates.manage'), ('lawyer', 'ai.query'), ('lawyer', 'reports.read'), ('lawyer', 'users.read'),
  ('paralegal', 'cases.read_all'), ('paralegal', 'cases.create'), ('paralegal', 'cases.update'), ('paralegal', 'clients.read'),
  ('paralegal', 'clients.manage'), ('paralegal', 'documents.read'), ('paralegal', 'documents.upload'),
  ('paralegal', 'tasks.manage'), ('paralegal', 'time.record'), ('paralegal', 'templates.manage'), ('paralegal', 'ai.query'),
  ('paralegal', 'users.read'),
  ('clerk', 'cases.read_all'), ('clerk', 'cases.create'), ('clerk', 'cases.update'), ('clerk', 'clients.read'),
  ('clerk', 'documents.read'), ('clerk', 'documents.upload'), ('clerk', 'tasks.manage'), ('clerk', 'users.read'),
  ('chair', 'cases.read_all'), ('chair', 'cases.update'), ('chair', 'cases.transition'), ('chair', 'cases.assign'),
  ('chair', 'clients.read'), ('chair', 'documents.read'), ('chair', 'reports.read'), ('chair', 'users.read'), ('chair', 'audit.read'),
  ('caseworker', 'cases.read_assigned'), ('caseworker', 'cases.update'), ('caseworker', 'cases.transition'),
  ('caseworker', 'clients.read'), ('caseworker', 'documents.read'), ('caseworker', 'documents.upload'),
  ('caseworker', 'tasks.manage'), ('caseworker', 'time.record'),
  ('pro_se', 'cases.read_assigned'), ('pro_se', 'cases.create'), ('pro_se', 'documents.read'), ('pro_se', 'documents.upload'),
  ('pro_se', 'ai.query'),
  ('viewer', 'cases.read_assigned'), ('viewer', 'clients.read'), ('viewer', 'documents.read')
) as r(role_name, code);

-- Roles of a tenant (rows, so a firm can add its own) ----------------------------------

create table legal.roles (
  tenant_id   uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id          uuid not null default gen_random_uuid(),
  name        text not null constraint roles_name_format check (name ~ '^[a-z][a-z0-9_]{0,49}$'),
  description text,
  is_default  boolean not null default false,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint roles_name_key unique (tenant_id, name)
);
comment on table legal.roles is 'A tenant''s roles: the defaults (seeded on tenant creation) and its own.';
select legal.enable_tenant_isolation('legal.roles');

create table legal.role_permissions (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  role_id         uuid not null,
  permission_code text not null references legal.permissions (code),
  primary key (tenant_id, role_id, permission_code),
  foreign key (tenant_id, role_id) references legal.roles (tenant_id, id) on delete cascade
);
create index role_permissions_permission_idx on legal.role_permissions (tenant_id, permission_code);
select legal.enable_tenant_isolation('legal.role_permissions');

-- Users ------------------------------------------------------------------------------

create table legal.users (
  tenant_id               uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                      uuid not null default gen_random_uuid(),
  email                   text not null
                          constraint users_email_check check (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$' and char_length(email) <= 255),
  username                text constraint users_username_format check (username ~ '^[A-Za-z0-9._-]{3,50}$'),
  password_hash           text not null constraint users_password_hash_not_blank check (length(password_hash) > 0),
  full_name               text not null constraint users_full_name_not_blank check (length(trim(full_name)) > 0 and char_length(full_name) <= 255),
  first_name              text,
  last_name               text,
  -- seed 000's valid_role CHECK became a reference to the tenant's roles (every seed's names are default roles)
  role                    text not null default 'lawyer',
  organization            text,
  bar_number              text,
  practice_areas          text[] not null default '{}',
  storage_node            text not null default 'default',
  is_active               boolean not null default true,
  email_verified          boolean not null default false,
  last_login              timestamptz,
  failed_login_count      integer not null default 0 constraint users_failed_login_count_check check (failed_login_count >= 0),
  locked_until            timestamptz,
  password_updated_at     timestamptz,
  subscription_tier       text not null default 'free'
                          constraint users_subscription_tier_check check (subscription_tier in ('free', 'premium', 'enterprise')),
  subscription_expires_at timestamptz,
  deactivated_at          timestamptz,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, role) references legal.roles (tenant_id, name) on update cascade
);
create unique index users_email_key on legal.users (tenant_id, lower(email));
create unique index users_username_key on legal.users (tenant_id, lower(username)) where username is not null;
create index users_role_idx on legal.users (tenant_id, role);
create index users_active_role_idx on legal.users (tenant_id, is_active, role);
create index users_storage_node_idx on legal.users (tenant_id, storage_node);
create index users_created_at_idx on legal.users (tenant_id, created_at);
comment on column legal.users.password_hash is 'bcrypt hash; never the password. Redacted in the audit trail.';
select legal.enable_tenant_isolation('legal.users');

create table legal.user_permissions (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  user_id         uuid not null,
  permission_code text not null references legal.permissions (code),
  granted_by      uuid,
  granted_at      timestamptz not null default now(),
  expires_at      timestamptz,
  primary key (tenant_id, user_id, permission_code),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, granted_by) references legal.users (tenant_id, id) on delete set null (granted_by)
);
create index user_permissions_granted_by_idx on legal.user_permissions (tenant_id, granted_by);
select legal.enable_tenant_isolation('legal.user_permissions');

-- Sessions and tokens: only SHA-256 hashes (hex) of the secrets are stored ----------------

create table legal.user_sessions (
  tenant_id      uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id             uuid not null default gen_random_uuid(),
  user_id        uuid not null,
  token_hash     text not null constraint user_sessions_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  container_id   text,
  container_port integer constraint user_sessions_container_port_check check (container_port between 8001 and 9999),
  active_case_id uuid, -- composite FK to cases added with the cases table
  workspace_path text,
  ip             inet,
  user_agent     text,
  is_active      boolean not null default true,
  expires_at     timestamptz not null,
  created_at     timestamptz not null default now(),
  last_activity  timestamptz not null default now(),
  revoked_at     timestamptz,
  revoked_reason text,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete cascade,
  constraint user_sessions_token_hash_key unique (tenant_id, token_hash)
);
create index user_sessions_user_idx on legal.user_sessions (tenant_id, user_id);
create index user_sessions_expires_at_idx on legal.user_sessions (tenant_id, expires_at);
create index user_sessions_active_idx on legal.user_sessions (tenant_id, is_active, expires_at);
select legal.enable_tenant_isolation('legal.user_sessions');

create table legal.access_tokens (
  tenant_id    uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id           uuid not null default gen_random_uuid(),
  user_id      uuid not null,
  name         text not null constraint access_tokens_name_not_blank check (length(trim(name)) > 0),
  token_hash   text not null constraint access_tokens_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  token_prefix text not null constraint access_tokens_token_prefix_format check (token_prefix ~ '^[A-Za-z0-9_-]{4,16}$'),
  scopes       text[] not null default '{}',
  last_used_at timestamptz,
  expires_at   timestamptz,
  revoked_at   timestamptz,
  created_at   timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete cascade,
  constraint access_tokens_token_hash_key unique (tenant_id, token_hash)
);
create index access_tokens_user_idx on legal.access_tokens (tenant_id, user_id);
select legal.enable_tenant_isolation('legal.access_tokens');

create table legal.password_reset_tokens (
  tenant_id    uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id           uuid not null default gen_random_uuid(),
  user_id      uuid not null,
  token_hash   text not null constraint password_reset_tokens_token_hash_format check (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at   timestamptz not null default now() + interval '1 hour',
  used_at      timestamptz,
  requested_ip inet,
  created_at   timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete cascade,
  constraint password_reset_tokens_token_hash_key unique (tenant_id, token_hash),
  constraint password_reset_tokens_expiry_check check (expires_at > created_at)
);
create index password_reset_tokens_user_idx on legal.password_reset_tokens (tenant_id, user_id);
select legal.enable_tenant_isolation('legal.password_reset_tokens');

-- Security events (login failures, lockouts, resets, revocations, denials) ----------------

create table legal.security_events (
  tenant_id   uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id          uuid not null default gen_random_uuid(),
  occurred_at timestamptz not null default clock_timestamp(),
  event_type  text not null constraint security_events_event_type_check check (event_type in (
                'login_succeeded', 'login_failed', 'logout', 'account_locked', 'account_unlocked',
                'password_changed', 'password_reset_requested', 'password_reset_completed',
                'session_revoked', 'token_created', 'token_used', 'token_revoked',
                'permission_denied', 'cross_tenant_attempt')),
  severity    text not null default 'info' constraint security_events_severity_check check (severity in ('info', 'warning', 'critical')),
  user_id     uuid,
  email       text,
  ip          inet,
  user_agent  text,
  request_id  text,
  details     jsonb not null default '{}' constraint security_events_details_object check (jsonb_typeof(details) = 'object'),
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete set null (user_id)
);
create index security_events_time_idx on legal.security_events (tenant_id, occurred_at desc);
create index security_events_user_idx on legal.security_events (tenant_id, user_id, occurred_at desc);
create index security_events_type_idx on legal.security_events (tenant_id, event_type, occurred_at desc);
select legal.enable_tenant_isolation('legal.security_events');

select legal.hand_over_ownership();
