drop trigger cases_record_initial_status on legal.cases;
drop function legal.cases_record_initial_status();
drop trigger cases_record_status on legal.cases;
create trigger cases_record_status after insert or update of status on legal.cases
  for each row execute function legal.cases_record_status();
