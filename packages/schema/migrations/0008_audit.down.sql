drop function legal.audit_drop_expired(integer);
drop function legal.audit_ensure_partitions(integer);
drop function legal.audit_partition_name(date);
drop function legal.verify_audit_chain(uuid, timestamptz, timestamptz);
drop function legal.record_history(text, text);
drop function legal.log_event(text, text, text, jsonb, uuid, uuid);

do $$
declare
  trg record;
begin
  for trg in
    select t.tgname, t.tgrelid::regclass as rel from pg_trigger t
     where t.tgfoid = 'legal.audit_statement()'::regprocedure and not t.tgisinternal
  loop
    execute format('drop trigger %I on %s', trg.tgname, trg.rel);
  end loop;
end
$$;
drop function legal.enable_audit(regclass, text[], text);
drop function legal.audit_statement();
drop type legal.audit_event;
drop function legal.audit_diff(jsonb, jsonb, text[]);
drop function legal.audit_redact(jsonb, text[]);
drop function legal.audit_is_secret(text, text[]);
drop function legal.audit_append(uuid, text, text, text, uuid, uuid, jsonb, jsonb, jsonb);
drop function legal.audit_canonical(legal.audit_log);
drop table legal.audit_chain_anchors;
drop table legal.audit_chain_heads;
drop table legal.audit_log;
drop function legal.audit_reject_change();

drop index legal.cases_held_idx;
drop index legal.cases_legal_hold_set_by_idx;
alter table legal.cases
  drop constraint cases_tenant_id_legal_hold_set_by_fkey,
  drop constraint cases_legal_hold_reason_check,
  drop column legal_hold_set_by,
  drop column legal_hold_set_at,
  drop column legal_hold_reason,
  drop column legal_hold;
