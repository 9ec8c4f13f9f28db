-- legal:no-transaction
create or replace function legal.search_documents(p_query text, p_case uuid, p_limit integer)
  returns table (id uuid, rank real)
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
begin
  return query
    select d.id, ts_rank(d.search_vector, q) as rank
      from websearch_to_tsquery('english'::regconfig, p_query) q, legal.documents d
     where d.tenant_id = legal.current_tenant_id()
       and d.search_vector @@ q
       and d.deleted_at is null
       and (p_case is null or d.case_id = p_case)
       and legal.can_read_document(d.case_id, d.acl_read)
     order by 2 desc, 1
     limit least(greatest(p_limit, 1), 100);
end;
$$;
create or replace function legal.search_cases(p_query text, p_limit integer)
  returns table (id uuid, rank real)
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
begin
  return query
    select c.id, ts_rank(c.search_vector, q) as rank
      from websearch_to_tsquery('english'::regconfig, p_query) q, legal.cases c
     where c.tenant_id = legal.current_tenant_id()
       and c.search_vector @@ q
       and legal.can_read_case_row(c.id, c.owner_id, c.assigned_to)
     order by 2 desc, 1
     limit least(greatest(p_limit, 1), 100);
end;
$$;
create or replace function legal.can_read_case_row(p_id uuid, p_owner uuid, p_assignee uuid) returns boolean
  language sql stable parallel safe
  return not legal.walled(p_id)
     and (legal.sees_all_cases()
          or strpos(coalesce(current_setting('legal.cases', true), ''), p_id::text) > 0
          or (legal.has_permission('cases.read_assigned') and legal.current_user_id() in (p_owner, p_assignee)));
create or replace function legal.can_write_case_row(p_id uuid, p_owner uuid, p_assignee uuid) returns boolean
  language sql stable parallel safe
  return not legal.walled(p_id)
     and (legal.sees_all_cases()
          or strpos(coalesce(current_setting('legal.cases', true), ''), p_id::text || ':w') > 0
          or (legal.has_permission('cases.read_assigned') and legal.current_user_id() in (p_owner, p_assignee)));
create or replace function legal.has_permission(p_code text) returns boolean
  language sql stable parallel safe
  return replace(coalesce(current_setting('legal.perms', true), ''), ',' || p_code || ',', '')
         <> coalesce(current_setting('legal.perms', true), '');
drop function if exists legal.all_cases_tenant();
drop function if exists legal.listed_case_ids();
drop function if exists legal.member_case_ids();
create or replace function legal.sees_all_cases() returns boolean
  language sql stable parallel safe
  return replace(coalesce(current_setting('legal.cases', true), ''), '*', '') <> coalesce(current_setting('legal.cases', true), '');
create index concurrently if not exists cases_assigned_to_idx on legal.cases (tenant_id, assigned_to);
drop index concurrently if exists legal.cases_assignee_created_idx;
drop index concurrently if exists legal.cases_owner_created_idx;
drop index concurrently if exists legal.documents_created_at_idx;
