-- 0028 down: court-rule deadlines removed (the deadlines' tasks stay, as plain tasks).
drop table if exists legal.case_deadlines;
drop table if exists legal.case_deadline_sets;
drop table if exists legal.deadline_rules;
drop table if exists legal.deadline_rule_sets;
drop function if exists legal.court_closed(uuid, text, date);
drop table if exists legal.court_holidays;
drop function if exists legal.case_deadline_guard();
drop function if exists legal.case_deadline_set_apply();
drop function if exists legal.case_deadline_sync_task();
drop function if exists legal.court_deadline(text, date, integer, text, text, text, integer);
drop function if exists legal.court_deadline_of(uuid, text, date, integer, text, text, text, integer);
delete from legal.role_permissions where permission_code = 'deadlines.manage';
delete from legal.default_role_permissions where permission_code = 'deadlines.manage';
delete from legal.permissions where code = 'deadlines.manage';
