-- 0030 down: nothing to undo (the validated constraints are dropped with 0029's down).
select 1;
