-- 0025 down: nothing to undo (a validated constraint is dropped with 0024's down).
select 1;
