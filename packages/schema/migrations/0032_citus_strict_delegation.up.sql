-- 0032 (Citus only; nothing on PostgreSQL): no application role can call a delegated function
-- with a NULL firm. Citus's function delegation crashes the coordinator (signal 11, every
-- session of the cluster dropped) when the distribution argument of a delegated call is a NULL
-- constant: `select * from legal.log_event_at(null, …)` as legal_app did it (0022). A STRICT
-- function is not run on a NULL argument, so the events travel as one jsonb beside the firm:
-- legal.log_event_to(tenant, event) is STRICT and delegated; legal.log_event calls it; the old
-- seven-argument function is dropped (revoking it is not enough: the crash comes while Citus
-- plans the call, before any privilege is checked).
do $$
begin
  if not legal.on_citus() or to_regprocedure('legal.log_event_at(uuid, text, text, text, jsonb, uuid, uuid)') is null then
    return;
  end if;
  create function legal.log_event_to(p_tenant uuid, p_event jsonb) returns void
    language plpgsql strict security definer
    set search_path = pg_catalog
  as $fn$
  begin
    -- the unit's own firm (its signed context says which on this node too), or the schema's
    -- chain for the system role and superusers
    if p_tenant is distinct from legal.current_tenant_id()
       and not (p_tenant = '00000000-0000-0000-0000-000000000000'
                and legal.current_tenant_id() is null
                and (session_user = 'legal_system' or current_setting('role') = 'legal_system'
                     or (select r.rolsuper from pg_roles r where r.rolname = session_user))) then
      raise exception 'legal.log_event needs a tenant context' using errcode = 'LG004';
    end if;
    perform legal.audit_append(p_tenant, p_event ->> 'action', p_event ->> 'resource_type', p_event ->> 'resource_id',
                               (p_event ->> 'case_id')::uuid, (p_event ->> 'document_id')::uuid, null, null,
                               legal.audit_redact(coalesce(nullif(p_event -> 'details', 'null'::jsonb), '{}'), '{}'));
  end;
  $fn$;
  revoke execute on function legal.log_event_to(uuid, jsonb) from public;
  grant execute on function legal.log_event_to(uuid, jsonb) to legal_app, legal_system;
  create or replace function legal.log_event(
    p_action text, p_resource_type text, p_resource_id text default null,
    p_details jsonb default '{}', p_case_id uuid default null, p_document_id uuid default null
  ) returns void
    language plpgsql
    security invoker
    set search_path = pg_catalog
  as $fn$
  declare
    tenant uuid := legal.current_tenant_id();
  begin
    if tenant is null then
      if current_setting('role') <> 'legal_system'
         and not (current_setting('role') = 'none' and (select rolsuper from pg_roles where rolname = session_user)) then
        raise exception 'legal.log_event needs a tenant context' using errcode = 'LG004';
      end if;
      tenant := '00000000-0000-0000-0000-000000000000';
    end if;
    -- a FROM-clause call with constant arguments: what Citus delegates inside a transaction
    execute format('select * from legal.log_event_to(%L::uuid, %L::jsonb)', tenant,
                   jsonb_build_object('action', p_action, 'resource_type', p_resource_type, 'resource_id', p_resource_id,
                                      'details', p_details, 'case_id', p_case_id, 'document_id', p_document_id));
  end;
  $fn$;
  drop function legal.log_event_at(uuid, text, text, text, jsonb, uuid, uuid);
  if exists (select 1 from pg_dist_partition p where p.logicalrelid = 'legal.tenants'::regclass) then
    perform create_distributed_function('legal.log_event_to(uuid, jsonb)', 'p_tenant',
                                        colocate_with => 'legal.tenants', force_delegation => true);
  end if;
  perform legal.hand_over_ownership();
end
$$;
