-- 0023 down: legal.audit_append takes the chain head with SELECT … FOR UPDATE again, and
-- legal.ddl_audit no longer leaves out Citus shards.
do $$
declare
  signature constant regprocedure := 'legal.audit_append(uuid, text, text, text, uuid, uuid, jsonb, jsonb, jsonb)';
  old_step constant text := E'  select h.last_seq + 1, h.last_hash into r.seq, r.prev_hash\n'
                            '    from legal.audit_chain_heads h where h.tenant_id = p_tenant for update;';
  new_step constant text := E'  update legal.audit_chain_heads h set last_seq = h.last_seq + 1 where h.tenant_id = p_tenant\n'
                            '    returning h.last_seq, h.last_hash into r.seq, r.prev_hash;';
  definition text := pg_get_functiondef(signature);
begin
  if strpos(definition, new_step) = 0 then
    raise exception 'legal.audit_append is not the function 0023 left';
  end if;
  execute replace(definition, new_step, old_step);
end
$$;

do $$
declare
  signature constant regprocedure := 'legal.ddl_audit()';
  definition text := pg_get_functiondef(signature);
  start_at integer := strpos(definition, E'  if objects is not null and to_regclass(''pg_catalog.pg_dist_shard'')');
  end_at integer := strpos(definition, E'  if objects is null then\n    return;');
begin
  if start_at = 0 or end_at < start_at then
    raise exception 'legal.ddl_audit is not the function 0023 left';
  end if;
  execute left(definition, start_at - 1) || substr(definition, end_at);
end
$$;
