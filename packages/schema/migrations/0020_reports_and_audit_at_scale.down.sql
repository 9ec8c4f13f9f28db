-- legal:no-transaction
drop function if exists legal.audit_count(timestamptz, timestamptz);
drop index concurrently if exists legal.expenses_incurred_on_idx;
drop index concurrently if exists legal.time_entries_work_date_idx;
