-- legal:no-transaction
-- 0020: the monthly report reads only its month, and counting an audit range does not scan it.
--
-- time_entries and expenses had (tenant_id, case_id|user_id, date) indexes only: a month of
-- one firm was found by reading every entry of the firm. Built concurrently: the tables are
-- the busiest of a firm. A failed build leaves an INVALID index: drop it and run again.
create index concurrently if not exists time_entries_work_date_idx on legal.time_entries (tenant_id, work_date);
create index concurrently if not exists expenses_incurred_on_idx on legal.expenses (tenant_id, incurred_on);

-- The number of audit events of the unit's firm in [p_from, p_to) that the unit may read,
-- without reading them: a firm's chain numbers its events 1, 2, 3, … in the order they
-- happened, so a range holds (last seq − first seq + 1) events — two index probes — less
-- those of matters walled off from the user (a probe per walled matter). Retention only
-- drops a chain's oldest months, so a range has no gap. Zero without audit.read, as the
-- select policy would show.
create function legal.audit_count(p_from timestamptz, p_to timestamptz) returns bigint
  language plpgsql stable
  security definer
  set search_path = pg_catalog
as $$
declare
  t constant uuid := legal.current_tenant_id();
  first_at timestamptz;
  last_at timestamptz;
  lo bigint;
  hi bigint;
  hidden bigint := 0;
  walls uuid[];
begin
  if t is null or not legal.has_permission('audit.read') or p_from >= p_to then
    return 0;
  end if;
  select min(a.occurred_at), max(a.occurred_at) into first_at, last_at
    from legal.audit_log a where a.tenant_id = t and a.occurred_at >= p_from and a.occurred_at < p_to;
  if first_at is null then
    return 0;
  end if;
  select min(a.seq) into lo from legal.audit_log a where a.tenant_id = t and a.occurred_at = first_at;
  select max(a.seq) into hi from legal.audit_log a where a.tenant_id = t and a.occurred_at = last_at;
  walls := array(select m[1]::uuid from regexp_matches(coalesce(current_setting('legal.walls', true), ''),
                   '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'g') m);
  if cardinality(walls) > 0 then
    select count(*) into hidden from legal.audit_log a
     where a.tenant_id = t and a.case_id = any (walls) and a.occurred_at >= p_from and a.occurred_at < p_to;
  end if;
  return hi - lo + 1 - hidden;
end;
$$;
revoke execute on function legal.audit_count(timestamptz, timestamptz) from public;
grant execute on function legal.audit_count(timestamptz, timestamptz) to legal_app, legal_readonly, legal_system;
comment on function legal.audit_count(timestamptz, timestamptz) is 'Audit events of the unit''s firm in [from, to) it may read, counted from the chain''s sequence numbers (two index probes), not by scanning.';

select legal.hand_over_ownership();
