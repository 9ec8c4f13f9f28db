-- 0022 down: on plain PostgreSQL, drops the Citus helpers. A distributed schema is not
-- undistributed by a migration (undistribute_table copies every firm's rows back to the
-- coordinator): do that deliberately, table by table, if ever needed.
do $$
begin
  if legal.on_citus() then
    if exists (select 1 from pg_dist_partition where logicalrelid = 'legal.tenants'::regclass) then
      raise exception 'the schema is distributed: 0022 cannot be reverted by a migration (see docs/scale-out.md)';
    end if;
  end if;
end
$$;
create or replace function legal.enable_tenant_isolation(target regclass) returns void
  language plpgsql
as $$
declare
  t text := (select relname from pg_class where oid = target);
  predicate constant text := 'tenant_id = legal.current_tenant_id()';
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format('create policy %I on %s for select using (%s)', t || '_select', target, predicate);
  execute format('create policy %I on %s for insert with check (%s)', t || '_insert', target, predicate);
  execute format('create policy %I on %s for update using (%s) with check (%s)', t || '_update', target, predicate, predicate);
  execute format('create policy %I on %s for delete using (%s)', t || '_delete', target, predicate);
  execute format('create policy %I on %s to legal_owner using (true) with check (true)', t || '_owner', target);
  execute format('grant select, insert, update, delete on %s to legal_app, legal_system', target);
  execute format('grant select on %s to legal_readonly', target);
  if exists (select 1 from pg_attribute where attrelid = target and attname = 'updated_at' and not attisdropped) then
    execute format('create trigger %I before update on %s for each row execute function legal.touch_updated_at()', t || '_touch', target);
  end if;
  if to_regprocedure('legal.enable_audit(regclass, text[], text)') is not null then
    perform legal.enable_audit(target);
  end if;
end;
$$;
drop function legal.distribute_schema();
drop function legal.prepare_citus();
drop function legal.tenants_slug_unique();
drop function legal.null_references();
drop function legal.propagate_unit_settings();
drop function legal.on_citus();
