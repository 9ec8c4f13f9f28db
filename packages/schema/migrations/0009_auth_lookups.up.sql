-- 0009: what sign-in needs before a tenant context exists: the tenant of a slug (a firm's
-- login page). Returns only the id of an active tenant; everything else stays under RLS.

create policy tenants_owner_select on legal.tenants for select to legal_owner using (true);

create function legal.tenant_id_by_slug(p_slug text) returns uuid
  language sql stable
  security definer
  set search_path = pg_catalog
as $$
  select id from legal.tenants where slug = p_slug and status = 'active'
$$;
revoke execute on function legal.tenant_id_by_slug(text) from public;
grant execute on function legal.tenant_id_by_slug(text) to legal_app, legal_system;

select legal.hand_over_ownership();
