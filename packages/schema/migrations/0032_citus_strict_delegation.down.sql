-- 0032 down (Citus only): not reverted by a migration. The seven-argument legal.log_event_at
-- that 0032 dropped is the one Citus's delegation crashes on with a NULL firm; bringing it back
-- would bring the crash back. On PostgreSQL there is nothing to revert.
do $$
begin
  if to_regprocedure('legal.log_event_to(uuid, jsonb)') is not null then
    raise exception '0032 cannot be reverted: it removed a delegated function that crashes Citus on a NULL firm';
  end if;
end
$$;
