-- 0024 down: nothing to undo (a validated constraint is dropped with 0023's down).
select 1;
