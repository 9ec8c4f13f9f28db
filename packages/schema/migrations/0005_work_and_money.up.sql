-- 0005: tasks and deadlines, communications, templates, time, expenses and invoices.
-- Seed 004 (tasks, communications, templates, expenses, invoices; financial reports).
-- Money is numeric(15,2) with an ISO 4217 currency, never floating point.

create table legal.tasks (
  tenant_id    uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id           uuid not null default gen_random_uuid(),
  case_id      uuid,
  title        text not null constraint tasks_title_not_blank check (length(trim(title)) > 0 and char_length(title) <= 500),
  description  text,
  kind         text not null default 'task'
               constraint tasks_kind_check check (kind in ('task', 'deadline', 'court_date', 'statute_of_limitations')),
  status       text not null default 'todo'
               constraint tasks_status_check check (status in ('todo', 'in_progress', 'blocked', 'done', 'cancelled')),
  priority     text not null default 'medium' constraint tasks_priority_check check (priority in ('low', 'medium', 'high', 'urgent')),
  assigned_to  uuid,
  created_by   uuid,
  due_at       timestamptz,
  reminder_at  timestamptz,
  court        text,
  location     text,
  completed_at timestamptz,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, assigned_to) references legal.users (tenant_id, id) on delete set null (assigned_to),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id) on delete set null (created_by),
  constraint tasks_deadline_has_due check (kind = 'task' or due_at is not null),
  constraint tasks_completed_check check (completed_at is null or status = 'done')
);
create index tasks_case_idx on legal.tasks (tenant_id, case_id, due_at);
create index tasks_assignee_status_idx on legal.tasks (tenant_id, assigned_to, status);
create index tasks_created_by_idx on legal.tasks (tenant_id, created_by);
create index tasks_open_due_idx on legal.tasks (tenant_id, due_at) where status not in ('done', 'cancelled');
create index tasks_kind_due_idx on legal.tasks (tenant_id, kind, due_at);
select legal.enable_tenant_isolation('legal.tasks');

create table legal.communications (
  tenant_id        uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id               uuid not null default gen_random_uuid(),
  case_id          uuid,
  client_id        uuid,
  kind             text not null constraint communications_kind_check check (kind in ('email', 'phone', 'meeting', 'letter')),
  direction        text not null constraint communications_direction_check check (direction in ('inbound', 'outbound', 'internal')),
  subject          text,
  body             text,
  participants     jsonb not null default '[]' constraint communications_participants_array check (jsonb_typeof(participants) = 'array'),
  occurred_at      timestamptz not null default now(),
  duration_minutes integer constraint communications_duration_check check (duration_minutes >= 0),
  recorded_by      uuid,
  created_at       timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id),
  foreign key (tenant_id, recorded_by) references legal.users (tenant_id, id) on delete set null (recorded_by)
);
create index communications_case_idx on legal.communications (tenant_id, case_id, occurred_at desc);
create index communications_client_idx on legal.communications (tenant_id, client_id, occurred_at desc);
create index communications_recorded_by_idx on legal.communications (tenant_id, recorded_by);
select legal.enable_tenant_isolation('legal.communications');

create table legal.templates (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id              uuid not null default gen_random_uuid(),
  name            text not null constraint templates_name_not_blank check (length(trim(name)) > 0),
  description     text,
  category_id     uuid,
  current_version integer not null default 1 constraint templates_current_version_check check (current_version > 0),
  is_active       boolean not null default true,
  created_by      uuid,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, category_id) references legal.document_categories (tenant_id, id) on delete set null (category_id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id) on delete set null (created_by),
  constraint templates_name_key unique (tenant_id, name)
);
create index templates_category_idx on legal.templates (tenant_id, category_id);
create index templates_created_by_idx on legal.templates (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.templates');

create table legal.template_versions (
  tenant_id   uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id          uuid not null default gen_random_uuid(),
  template_id uuid not null,
  version     integer not null constraint template_versions_version_check check (version > 0),
  body        text not null,
  -- the declared variables: [{ "name": "client_name", "required": true }, ...]
  variables   jsonb not null default '[]' constraint template_versions_variables_array check (jsonb_typeof(variables) = 'array'),
  created_by  uuid,
  created_at  timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, template_id) references legal.templates (tenant_id, id) on delete cascade,
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id) on delete set null (created_by),
  constraint template_versions_version_key unique (tenant_id, template_id, version)
);
create index template_versions_created_by_idx on legal.template_versions (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.template_versions');

create table legal.invoices (
  tenant_id      uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id             uuid not null default gen_random_uuid(),
  invoice_number text,
  client_id      uuid not null,
  case_id        uuid,
  status         text not null default 'draft' constraint invoices_status_check check (status in ('draft', 'sent', 'paid', 'void')),
  currency       char(3) not null default 'USD' constraint invoices_currency_check check (currency ~ '^[A-Z]{3}$'),
  issue_date     date,
  due_date       date,
  subtotal       numeric(15, 2) not null default 0 constraint invoices_subtotal_check check (subtotal >= 0),
  tax            numeric(15, 2) not null default 0 constraint invoices_tax_check check (tax >= 0),
  total          numeric(15, 2) not null default 0 constraint invoices_total_check check (total >= 0),
  amount_paid    numeric(15, 2) not null default 0 constraint invoices_amount_paid_check check (amount_paid >= 0),
  notes          text,
  sent_at        timestamptz,
  paid_at        timestamptz,
  voided_at      timestamptz,
  created_by     uuid,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id) on delete set null (created_by),
  constraint invoices_number_key unique (tenant_id, invoice_number),
  constraint invoices_due_after_issue check (due_date >= issue_date),
  constraint invoices_sent_has_number check (status = 'draft' or invoice_number is not null)
);
create index invoices_client_idx on legal.invoices (tenant_id, client_id, issue_date);
create index invoices_case_idx on legal.invoices (tenant_id, case_id);
create index invoices_status_due_idx on legal.invoices (tenant_id, status, due_date);
create index invoices_issue_date_idx on legal.invoices (tenant_id, issue_date);
create index invoices_created_by_idx on legal.invoices (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.invoices');

create table legal.time_entries (
  tenant_id   uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id          uuid not null default gen_random_uuid(),
  case_id     uuid not null,
  user_id     uuid not null,
  work_date   date not null default current_date,
  minutes     integer not null constraint time_entries_minutes_check check (minutes > 0 and minutes <= 1440),
  rate        numeric(15, 2) not null default 0 constraint time_entries_rate_check check (rate >= 0),
  currency    char(3) not null default 'USD' constraint time_entries_currency_check check (currency ~ '^[A-Z]{3}$'),
  amount      numeric(15, 2) generated always as (round(minutes * rate / 60, 2)) stored,
  billable    boolean not null default true,
  description text not null constraint time_entries_description_not_blank check (length(trim(description)) > 0),
  invoice_id  uuid,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id),
  foreign key (tenant_id, invoice_id) references legal.invoices (tenant_id, id) on delete set null (invoice_id)
);
create index time_entries_case_idx on legal.time_entries (tenant_id, case_id, work_date);
create index time_entries_user_idx on legal.time_entries (tenant_id, user_id, work_date);
create index time_entries_invoice_idx on legal.time_entries (tenant_id, invoice_id);
create index time_entries_unbilled_idx on legal.time_entries (tenant_id, case_id) where billable and invoice_id is null;
select legal.enable_tenant_isolation('legal.time_entries');

create table legal.expenses (
  tenant_id           uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                  uuid not null default gen_random_uuid(),
  case_id             uuid not null,
  user_id             uuid not null,
  incurred_on         date not null default current_date,
  category            text not null default 'other' constraint expenses_category_check check (category in (
                        'filing_fee', 'court_cost', 'travel', 'expert', 'courier', 'copying', 'research', 'other')),
  description         text not null constraint expenses_description_not_blank check (length(trim(description)) > 0),
  amount              numeric(15, 2) not null constraint expenses_amount_check check (amount > 0),
  currency            char(3) not null default 'USD' constraint expenses_currency_check check (currency ~ '^[A-Z]{3}$'),
  billable            boolean not null default true,
  receipt_document_id uuid,
  invoice_id          uuid,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id),
  foreign key (tenant_id, receipt_document_id) references legal.documents (tenant_id, id) on delete set null (receipt_document_id),
  foreign key (tenant_id, invoice_id) references legal.invoices (tenant_id, id) on delete set null (invoice_id)
);
create index expenses_case_idx on legal.expenses (tenant_id, case_id, incurred_on);
create index expenses_user_idx on legal.expenses (tenant_id, user_id, incurred_on);
create index expenses_receipt_idx on legal.expenses (tenant_id, receipt_document_id);
create index expenses_invoice_idx on legal.expenses (tenant_id, invoice_id);
select legal.enable_tenant_isolation('legal.expenses');

create table legal.invoice_line_items (
  tenant_id     uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id            uuid not null default gen_random_uuid(),
  invoice_id    uuid not null,
  line_number   integer not null constraint invoice_line_items_line_number_check check (line_number > 0),
  description   text not null constraint invoice_line_items_description_not_blank check (length(trim(description)) > 0),
  quantity      numeric(12, 2) not null default 1 constraint invoice_line_items_quantity_check check (quantity > 0),
  unit_price    numeric(15, 2) not null constraint invoice_line_items_unit_price_check check (unit_price >= 0),
  currency      char(3) not null default 'USD' constraint invoice_line_items_currency_check check (currency ~ '^[A-Z]{3}$'),
  amount        numeric(15, 2) generated always as (round(quantity * unit_price, 2)) stored,
  time_entry_id uuid,
  expense_id    uuid,
  created_at    timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, invoice_id) references legal.invoices (tenant_id, id) on delete cascade,
  foreign key (tenant_id, time_entry_id) references legal.time_entries (tenant_id, id) on delete set null (time_entry_id),
  foreign key (tenant_id, expense_id) references legal.expenses (tenant_id, id) on delete set null (expense_id),
  constraint invoice_line_items_line_key unique (tenant_id, invoice_id, line_number)
);
create index invoice_line_items_time_entry_idx on legal.invoice_line_items (tenant_id, time_entry_id);
create index invoice_line_items_expense_idx on legal.invoice_line_items (tenant_id, expense_id);
select legal.enable_tenant_isolation('legal.invoice_line_items');

select legal.hand_over_ownership();
