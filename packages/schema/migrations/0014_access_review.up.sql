-- 0014: reviewing access inside a firm (permission access.review): what a user can see,
-- and who can see a matter. Both compute the same grants a unit of that user would get
-- (legal.unit_grants), so the review shows exactly what row level security enforces.

-- What a user of the caller's firm can see and do: their role, effective permissions (role
-- and unexpired personal grants), the matters they see ('*': every matter of the firm, else
-- ',<case>:w,<case>:r,'), the matters a wall screens them from, and whether they are active
-- (an inactive user can open no unit at all). NULL for a user of another firm.
create function legal.review_user_access(p_user uuid) returns jsonb
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  v_tenant uuid := legal.current_tenant_id();
  v_active boolean;
begin
  if v_tenant is null then
    raise exception 'reviewing access needs a unit context' using errcode = 'LG004';
  end if;
  if not legal.has_permission('access.review') then
    raise exception 'reviewing access needs the permission access.review'
      using errcode = 'insufficient_privilege', hint = 'access.review';
  end if;
  select u.is_active into v_active from legal.users u where u.tenant_id = v_tenant and u.id = p_user;
  if v_active is null then
    return null;
  end if;
  return legal.unit_grants(v_tenant, p_user, null) || jsonb_build_object('active', v_active);
end;
$$;
revoke execute on function legal.review_user_access(uuid) from public;
grant execute on function legal.review_user_access(uuid) to legal_app;

-- Who can see a matter of the caller's firm: every active user whose grants include it and
-- no wall screens them, with the level ('write': may change the matter and what belongs to
-- it, given the permission for each change; 'read') and why ('all matters', 'owner',
-- 'assignee', 'member:<level>').
create function legal.review_case_access(p_case uuid)
  returns table (user_id uuid, full_name text, role text, level text, via text)
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  v_tenant uuid := legal.current_tenant_id();
  c record;
  u record;
  g jsonb;
begin
  if v_tenant is null then
    raise exception 'reviewing access needs a unit context' using errcode = 'LG004';
  end if;
  if not legal.has_permission('access.review') then
    raise exception 'reviewing access needs the permission access.review'
      using errcode = 'insufficient_privilege', hint = 'access.review';
  end if;
  -- the reviewer must see the matter themselves (no review across a wall)
  if not legal.can_read_case(p_case) then
    return;
  end if;
  select x.owner_id, x.assigned_to into c from legal.cases x where x.tenant_id = v_tenant and x.id = p_case;
  if not found then
    return;
  end if;
  for u in select x.id, x.full_name, x.role from legal.users x where x.tenant_id = v_tenant and x.is_active order by x.full_name, x.id loop
    g := legal.unit_grants(v_tenant, u.id, null);
    continue when strpos(g ->> 'walls', p_case::text) > 0;
    user_id := u.id;
    full_name := u.full_name;
    role := u.role;
    if g ->> 'cases' = '*' then
      level := 'write';
      via := 'all matters';
    elsif strpos(g ->> 'cases', p_case::text || ':w') > 0 then
      level := 'write';
      via := case when u.id = c.owner_id then 'owner' when u.id = c.assigned_to then 'assignee'
                  else 'member:' || coalesce((select m.permission_level from legal.case_members m
                                               where m.tenant_id = v_tenant and m.case_id = p_case and m.user_id = u.id), '?') end;
    elsif strpos(g ->> 'cases', p_case::text || ':r') > 0 then
      level := 'read';
      via := 'member:' || coalesce((select m.permission_level from legal.case_members m
                                     where m.tenant_id = v_tenant and m.case_id = p_case and m.user_id = u.id), '?');
    else
      continue;
    end if;
    return next;
  end loop;
end;
$$;
revoke execute on function legal.review_case_access(uuid) from public;
grant execute on function legal.review_case_access(uuid) to legal_app;

-- A default role cannot be deleted (new users and the documentation rely on it).
create function legal.roles_keep_defaults() returns trigger
  language plpgsql
as $$
begin
  if old.is_default and pg_trigger_depth() = 1 and not legal.bypasses_access() then
    raise exception 'the default role % cannot be deleted', old.name using errcode = 'check_violation',
      constraint = 'roles_default_kept';
  end if;
  return old;
end;
$$;
create trigger roles_keep_defaults before delete on legal.roles
  for each row execute function legal.roles_keep_defaults();

select legal.hand_over_ownership();
