-- 0029 down: the UTBMS codes of time entries and expenses removed.
alter table legal.expenses drop column if exists utbms_expense_code;
alter table legal.time_entries drop column if exists utbms_activity_code, drop column if exists utbms_task_code;
drop function if exists legal.utbms_code_valid(text, text);
drop function if exists legal.utbms_codes();
