-- 0011: the initial status of new cases goes to case_status_history once per statement
-- (a transition table) instead of once per row: a bulk insert of cases no longer runs an
-- INSERT, and with it the audit trigger, for every single case. Status changes (UPDATE)
-- keep the row trigger, which also carries the workflow check's ordering.

drop trigger cases_record_status on legal.cases;
create trigger cases_record_status after update of status on legal.cases
  for each row execute function legal.cases_record_status();

create function legal.cases_record_initial_status() returns trigger
  language plpgsql
as $$
begin
  insert into legal.case_status_history (tenant_id, case_id, from_status, to_status, changed_by, reason)
  select n.tenant_id, n.id, null, n.status, legal.current_user_id(), nullif(current_setting('legal.reason', true), '')
    from new_cases n;
  return null;
end;
$$;
create trigger cases_record_initial_status after insert on legal.cases
  referencing new table as new_cases
  for each statement execute function legal.cases_record_initial_status();

select legal.hand_over_ownership();
