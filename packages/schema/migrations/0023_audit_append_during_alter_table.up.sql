-- 0023: legal.audit_append takes the next link of a chain with UPDATE … RETURNING instead of
-- SELECT … FOR UPDATE. Same lock, same row, same result on PostgreSQL; the difference is on
-- Citus, where every SELECT on a distributed or reference table returns no row while an ALTER
-- TABLE is in progress (Citus skips the constraint-check queries PostgreSQL runs on the
-- coordinator's empty shells; multi_executor.c, AlterTableConstraintCheck). The DDL audit
-- (legal.ddl_audit, an event trigger that runs inside the ALTER TABLE) then found no chain
-- head, and every ALTER TABLE of schema legal after 0022 failed on Citus with
-- `null value in column "seq"`. The function is edited in place, like 0022 does, so its other
-- properties (SECURITY DEFINER on PostgreSQL, invoker and the firm-named insert on Citus) stay.
--
-- On Citus, legal.ddl_audit also leaves out the shards: the coordinator holds a shard of each
-- reference table, and a command on the table reaches its shard there as a command of its own
-- (`ALTER TABLE legal.permissions_102008`), which is the table's command, already audited.
do $$
declare
  signature constant regprocedure := 'legal.audit_append(uuid, text, text, text, uuid, uuid, jsonb, jsonb, jsonb)';
  old_step constant text := E'  select h.last_seq + 1, h.last_hash into r.seq, r.prev_hash\n'
                            '    from legal.audit_chain_heads h where h.tenant_id = p_tenant for update;';
  new_step constant text := E'  update legal.audit_chain_heads h set last_seq = h.last_seq + 1 where h.tenant_id = p_tenant\n'
                            '    returning h.last_seq, h.last_hash into r.seq, r.prev_hash;';
  definition text := pg_get_functiondef(signature);
begin
  if strpos(definition, old_step) = 0 then
    raise exception 'legal.audit_append is not the function 0023 expects';
  end if;
  execute replace(definition, old_step, new_step);
end
$$;

do $$
declare
  signature constant regprocedure := 'legal.ddl_audit()';
  anchor constant text := E'  if objects is null then\n    return;\n  end if;';
  shards constant text := E'  if objects is not null and to_regclass(''pg_catalog.pg_dist_shard'') is not null then\n'
    '    -- Citus: a shard''s command repeats its table''s (on the node that holds the shard)\n'
    '    select jsonb_agg(o) into objects from jsonb_array_elements(objects) o\n'
    '     where not exists (select 1 from pg_catalog.pg_dist_shard s\n'
    '                        where o->>''object'' ~ (''_'' || s.shardid || ''($|[ .])''));\n'
    '  end if;\n';
  definition text := pg_get_functiondef(signature);
begin
  if strpos(definition, anchor) = 0 then
    raise exception 'legal.ddl_audit is not the function 0023 expects';
  end if;
  execute replace(definition, anchor, shards || anchor);
end
$$;
