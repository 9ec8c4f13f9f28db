-- 0030: validates the UTBMS code constraints 0029 added as NOT VALID, in a transaction of its
-- own: the scan runs under a lock that lets the firm's writes through.
alter table legal.time_entries validate constraint time_entries_utbms_task_code_check;
alter table legal.time_entries validate constraint time_entries_utbms_activity_code_check;
alter table legal.expenses validate constraint expenses_utbms_expense_code_check;
