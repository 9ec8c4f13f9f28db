-- 0028: court-rule deadlines. A firm keeps rule sets per jurisdiction (a trigger event, e.g.
-- "service of the complaint", and the deadlines it starts: "answer due 21 days after", counted
-- in calendar or court days, before or after, with extra days by service method) and the
-- jurisdiction's court holidays. Applying a rule set to a matter creates one linked deadline
-- task per rule; changing the trigger date (or the service method) recomputes them, except the
-- ones overridden by hand, which keep their date and say so. The computation is the schema's
-- (legal.court_deadline), so SQL and the SDK get the same dates; every row is audited.
--
-- How a date is computed (the Federal Rules' method, FRCP 6(a) and 6(d)):
-- * calendar days: the trigger date plus (after) or minus (before) the offset; court days:
--   that many days that are neither a weekend day nor a holiday of the jurisdiction;
-- * the last day rolls off a weekend or holiday: forward for a period counted after the
--   trigger, backward ("the day before") for one counted before it (roll 'auto'), or as the
--   rule says ('forward', 'backward', 'none');
-- * then the service method's extra days are added in the same direction (3 for mail under
--   FRCP 6(d)), and the result rolls again.

create table legal.court_holidays (
  tenant_id    uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id           uuid not null default gen_random_uuid(),
  jurisdiction text not null constraint court_holidays_jurisdiction_check check (length(trim(jurisdiction)) > 0 and char_length(jurisdiction) <= 100),
  day          date not null,
  name         text not null constraint court_holidays_name_check check (length(trim(name)) > 0 and char_length(name) <= 200),
  created_at   timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint court_holidays_day_key unique (tenant_id, jurisdiction, day)
);
comment on table legal.court_holidays is 'Days a jurisdiction''s courts are closed (besides weekends): deadlines roll off them and court days skip them.';
select legal.enable_tenant_isolation('legal.court_holidays');

create table legal.deadline_rule_sets (
  tenant_id     uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id            uuid not null default gen_random_uuid(),
  jurisdiction  text not null constraint deadline_rule_sets_jurisdiction_check check (length(trim(jurisdiction)) > 0 and char_length(jurisdiction) <= 100),
  name          text not null constraint deadline_rule_sets_name_check check (length(trim(name)) > 0 and char_length(name) <= 200),
  trigger_event text not null constraint deadline_rule_sets_trigger_event_check check (length(trim(trigger_event)) > 0 and char_length(trigger_event) <= 200),
  description   text constraint deadline_rule_sets_description_check check (char_length(description) <= 2000),
  created_by    uuid default legal.current_user_id(),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id),
  constraint deadline_rule_sets_name_key unique (tenant_id, jurisdiction, name)
);
comment on table legal.deadline_rule_sets is 'Court rules of a jurisdiction: a trigger event and the deadlines it starts (deadline_rules).';
create index deadline_rule_sets_created_by_idx on legal.deadline_rule_sets (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.deadline_rule_sets');

-- (offset_days and sort_order are small counts, bounded by their CHECKs: integer on purpose)
create table legal.deadline_rules (
  tenant_id    uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id           uuid not null default gen_random_uuid(),
  rule_set_id  uuid not null,
  name         text not null constraint deadline_rules_name_check check (length(trim(name)) > 0 and char_length(name) <= 200),
  -- squawk-ignore prefer-bigint-over-int
  offset_days  integer not null constraint deadline_rules_offset_days_check check (offset_days between 0 and 3650),
  day_kind     text not null default 'calendar' constraint deadline_rules_day_kind_check check (day_kind in ('calendar', 'court')),
  direction    text not null default 'after' constraint deadline_rules_direction_check check (direction in ('after', 'before')),
  roll         text not null default 'auto' constraint deadline_rules_roll_check check (roll in ('auto', 'forward', 'backward', 'none')),
  -- extra calendar days by service method, e.g. {"mail": 3}
  service_days jsonb not null default '{}' constraint deadline_rules_service_days_check check (
                 jsonb_typeof(service_days) = 'object'
                 and not jsonb_path_exists(service_days, '$.* ? (@.type() != "number" || @ < 0 || @ > 30)')),
  task_kind    text not null default 'deadline' constraint deadline_rules_task_kind_check check (task_kind in ('deadline', 'court_date')),
  -- squawk-ignore prefer-bigint-over-int
  sort_order   integer not null default 0,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, rule_set_id) references legal.deadline_rule_sets (tenant_id, id) on delete cascade,
  constraint deadline_rules_name_key unique (tenant_id, rule_set_id, name)
);
comment on table legal.deadline_rules is 'One deadline of a rule set: an offset in calendar or court days before or after the trigger, how it rolls off closed days, and extra days by service method.';
select legal.enable_tenant_isolation('legal.deadline_rules');

create table legal.case_deadline_sets (
  tenant_id      uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id             uuid not null default gen_random_uuid(),
  case_id        uuid not null,
  rule_set_id    uuid not null,
  trigger_date   date not null,
  service_method text not null default 'personal' constraint case_deadline_sets_service_method_check check (
                   service_method in ('personal', 'electronic', 'mail', 'other')),
  assigned_to    uuid,
  applied_by     uuid default legal.current_user_id(),
  applied_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, rule_set_id) references legal.deadline_rule_sets (tenant_id, id),
  foreign key (tenant_id, assigned_to) references legal.users (tenant_id, id),
  foreign key (tenant_id, applied_by) references legal.users (tenant_id, id)
);
comment on table legal.case_deadline_sets is 'A rule set applied to a matter from a trigger date: its deadlines are case_deadlines (and tasks).';
create index case_deadline_sets_case_idx on legal.case_deadline_sets (tenant_id, case_id);
create index case_deadline_sets_rule_set_idx on legal.case_deadline_sets (tenant_id, rule_set_id);
create index case_deadline_sets_assigned_to_idx on legal.case_deadline_sets (tenant_id, assigned_to);
create index case_deadline_sets_applied_by_idx on legal.case_deadline_sets (tenant_id, applied_by);
select legal.enable_tenant_isolation('legal.case_deadline_sets');

create table legal.case_deadlines (
  tenant_id        uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id               uuid not null default gen_random_uuid(),
  deadline_set_id  uuid not null,
  case_id          uuid not null,
  rule_id          uuid not null,
  task_id          uuid not null,
  computed_due     date not null,
  override_due     date,
  override_reason  text constraint case_deadlines_override_reason_check check (char_length(override_reason) <= 1000),
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, deadline_set_id) references legal.case_deadline_sets (tenant_id, id) on delete cascade,
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade,
  foreign key (tenant_id, rule_id) references legal.deadline_rules (tenant_id, id),
  foreign key (tenant_id, task_id) references legal.tasks (tenant_id, id) on delete cascade,
  constraint case_deadlines_rule_key unique (tenant_id, deadline_set_id, rule_id),
  constraint case_deadlines_override_check check ((override_due is null) = (override_reason is null)
                                                  and (override_reason is null or length(trim(override_reason)) > 0))
);
comment on table legal.case_deadlines is 'A computed deadline of a matter, its task, and a manual override (kept, and marked, when the trigger date changes).';
create index case_deadlines_case_idx on legal.case_deadlines (tenant_id, case_id);
create index case_deadlines_rule_idx on legal.case_deadlines (tenant_id, rule_id);
create index case_deadlines_task_idx on legal.case_deadlines (tenant_id, task_id);
select legal.enable_tenant_isolation('legal.case_deadlines');

-- The computation --------------------------------------------------------------------------

-- Whether courts of the jurisdiction are closed that day (a weekend, or a holiday of the firm's list).
-- (PL/pgSQL, not SQL: Citus cannot run a SQL function that reads its tables through parameters)
create function legal.court_closed(p_tenant uuid, p_jurisdiction text, p_day date) returns boolean
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
begin
  return extract(isodow from p_day) in (6, 7)
      or exists (select 1 from legal.court_holidays h
                  where h.tenant_id = p_tenant and h.jurisdiction = p_jurisdiction and h.day = p_day);
end;
$$;
revoke execute on function legal.court_closed(uuid, text, date) from public;

-- The due date of one rule from a trigger date (see the method at the top), by a firm's holidays.
create function legal.court_deadline_of(
  t uuid, p_jurisdiction text, p_trigger date, p_offset integer, p_day_kind text, p_direction text,
  p_roll text, p_extra_days integer
) returns date
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  step constant integer := case p_direction when 'before' then -1 else 1 end;
  roll_step constant integer := case coalesce(p_roll, 'auto')
                                  when 'forward' then 1 when 'backward' then -1 when 'none' then 0 else step end;
  d date := p_trigger;
  counted integer := 0;
begin
  if p_offset is null or p_offset < 0 or p_offset > 3650 or coalesce(p_extra_days, 0) not between 0 and 30 then
    raise exception 'a deadline offset is 0 to 3650 days, extra days 0 to 30' using errcode = 'check_violation',
      constraint = 'deadline_rules_offset_days_check', detail = 'constraint "deadline_rules_offset_days_check"';
  end if;
  if p_day_kind = 'court' then
    while counted < p_offset loop
      d := d + step;
      if not legal.court_closed(t, p_jurisdiction, d) then
        counted := counted + 1;
      end if;
    end loop;
  else
    d := d + step * p_offset;
  end if;
  for pass in 1..2 loop
    if roll_step <> 0 then
      while legal.court_closed(t, p_jurisdiction, d) loop
        d := d + roll_step;
      end loop;
    end if;
    exit when coalesce(p_extra_days, 0) = 0 or pass = 2;
    d := d + step * p_extra_days;
  end loop;
  return d;
end;
$$;
revoke execute on function legal.court_deadline_of(uuid, text, date, integer, text, text, text, integer) from public;

-- The same for the unit's firm (what the SDK's preview calls).
create function legal.court_deadline(
  p_jurisdiction text, p_trigger date, p_offset integer, p_day_kind text, p_direction text,
  p_roll text, p_extra_days integer
) returns date
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
begin
  if legal.current_tenant_id() is null then
    raise exception 'computing a deadline needs a tenant context' using errcode = 'LG004';
  end if;
  return legal.court_deadline_of(legal.current_tenant_id(), p_jurisdiction, p_trigger, p_offset, p_day_kind,
                                 p_direction, p_roll, p_extra_days);
end;
$$;
revoke execute on function legal.court_deadline(text, date, integer, text, text, text, integer) from public;
grant execute on function legal.court_deadline(text, date, integer, text, text, text, integer) to legal_app, legal_system, legal_readonly;
comment on function legal.court_deadline(text, date, integer, text, text, text, integer) is
  'The due date of a court-rule deadline: offset in calendar or court days before or after the trigger, rolled off weekends and the firm''s holidays of the jurisdiction, plus service days.';

-- A deadline's task follows its date: the override when there is one, else the computed day,
-- at 17:00 in the firm's time zone (tenants.settings ->> 'timezone', default UTC).
create function legal.case_deadline_sync_task() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  zone text := coalesce((select s.settings ->> 'timezone' from legal.tenants s where s.id = new.tenant_id), 'UTC');
begin
  if tg_op = 'UPDATE' and new.computed_due is not distinct from old.computed_due
     and new.override_due is not distinct from old.override_due then
    return null;
  end if;
  update legal.tasks k
     set due_at = (coalesce(new.override_due, new.computed_due) + time '17:00') at time zone zone
   where k.tenant_id = new.tenant_id and k.id = new.task_id;
  return null;
end;
$$;
create trigger case_deadlines_sync_task after insert or update on legal.case_deadlines
  for each row execute function legal.case_deadline_sync_task();

-- Applying a rule set to a matter creates a task and a deadline per rule; changing the trigger
-- date or the service method recomputes every deadline (an override keeps its own date).
create function legal.case_deadline_set_apply() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  rs legal.deadline_rule_sets;
  r legal.deadline_rules;
  due date;
  task uuid;
begin
  if tg_op = 'UPDATE' and (new.trigger_date, new.service_method, new.rule_set_id, new.case_id)
       is not distinct from (old.trigger_date, old.service_method, old.rule_set_id, old.case_id) then
    return null;
  end if;
  if tg_op = 'UPDATE' and (new.rule_set_id, new.case_id) is distinct from (old.rule_set_id, old.case_id) then
    raise exception 'a rule set applied to a matter stays that rule set and matter: apply another one instead'
      using errcode = 'check_violation', constraint = 'case_deadline_sets_fixed', detail = 'constraint "case_deadline_sets_fixed"';
  end if;
  select * into rs from legal.deadline_rule_sets s where s.tenant_id = new.tenant_id and s.id = new.rule_set_id;
  for r in select * from legal.deadline_rules x
            where x.tenant_id = new.tenant_id and x.rule_set_id = new.rule_set_id order by x.sort_order, x.name loop
    due := legal.court_deadline_of(new.tenant_id, rs.jurisdiction, new.trigger_date, r.offset_days, r.day_kind, r.direction, r.roll,
                                coalesce((r.service_days ->> new.service_method)::integer, 0));
    if tg_op = 'INSERT' then
      insert into legal.tasks (tenant_id, case_id, title, description, kind, priority, assigned_to, created_by, due_at, court)
      values (new.tenant_id, new.case_id, r.name,
              format('%s: %s %s day(s) %s %s (%s)', rs.name, r.offset_days, r.day_kind, r.direction, rs.trigger_event,
                     rs.jurisdiction),
              r.task_kind, 'high', new.assigned_to, new.applied_by, due::timestamp at time zone 'UTC', rs.jurisdiction)
      returning id into task;
      insert into legal.case_deadlines (tenant_id, deadline_set_id, case_id, rule_id, task_id, computed_due)
      values (new.tenant_id, new.id, new.case_id, r.id, task, due);
    else
      update legal.case_deadlines c set computed_due = due, updated_at = now()
       where c.tenant_id = new.tenant_id and c.deadline_set_id = new.id and c.rule_id = r.id;
    end if;
  end loop;
  return null;
end;
$$;
create trigger case_deadline_sets_apply after insert or update on legal.case_deadline_sets
  for each row execute function legal.case_deadline_set_apply();

-- A deadline's computed day changes only by a recomputation; its links never change.
create function legal.case_deadline_guard() returns trigger
  language plpgsql
  set search_path = pg_catalog
as $$
begin
  if (new.deadline_set_id, new.case_id, new.rule_id, new.task_id) is distinct from
     (old.deadline_set_id, old.case_id, old.rule_id, old.task_id)
     or (new.computed_due is distinct from old.computed_due and pg_trigger_depth() < 2) then
    raise exception 'a deadline''s computed day and links are the rule set''s: override it (override_due, override_reason) instead'
      using errcode = 'check_violation', constraint = 'case_deadlines_computed', detail = 'constraint "case_deadlines_computed"';
  end if;
  return new;
end;
$$;
create trigger case_deadlines_guard before update on legal.case_deadlines
  for each row execute function legal.case_deadline_guard();

revoke execute on function legal.case_deadline_sync_task(), legal.case_deadline_set_apply() from public;

-- Who may do what ----------------------------------------------------------------------------

insert into legal.permissions (code, description) values
  ('deadlines.manage', 'Keep the firm''s court rule sets and court holidays');
insert into legal.default_role_permissions (role_name, permission_code) values
  ('admin', 'deadlines.manage'), ('lawyer', 'deadlines.manage'), ('paralegal', 'deadlines.manage');
insert into legal.role_permissions (tenant_id, role_id, permission_code)
select r.tenant_id, r.id, d.permission_code
  from legal.roles r
  join legal.default_role_permissions d on d.role_name = r.name
 where r.is_default and d.permission_code = 'deadlines.manage'
on conflict do nothing;

-- rule sets and holidays: the firm's reference data, read by everyone of the firm
select legal.set_access_policies('legal.court_holidays', 'true',
  $$legal.has_permission('deadlines.manage')$$, $$legal.has_permission('deadlines.manage')$$,
  $$legal.has_permission('deadlines.manage')$$);
select legal.set_access_policies('legal.deadline_rule_sets', 'true',
  $$legal.has_permission('deadlines.manage')$$, $$legal.has_permission('deadlines.manage')$$,
  $$legal.has_permission('deadlines.manage')$$);
select legal.set_access_policies('legal.deadline_rules', 'true',
  $$legal.has_permission('deadlines.manage')$$, $$legal.has_permission('deadlines.manage')$$,
  $$legal.has_permission('deadlines.manage')$$);
-- a matter's deadlines: like its tasks
select legal.set_access_policies('legal.case_deadline_sets',
  $$legal.can_read_case(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$);
select legal.set_access_policies('legal.case_deadlines',
  $$legal.can_read_case(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$,
  $$legal.has_permission('tasks.manage') and legal.can_write_matter(case_id)$$);

select legal.hand_over_ownership();
