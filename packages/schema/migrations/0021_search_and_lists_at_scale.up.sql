-- legal:no-transaction
-- 0021: search and matter lists that stay index-driven in a firm of 100,000 matters.
--
-- Built concurrently: the newest documents of a firm, for the search's second phase (and lists).
create index concurrently if not exists documents_created_at_idx on legal.documents (tenant_id, created_at, id);
-- A user's own matters, newest first (as owner, as assignee): a caseworker's list page reads
-- a page of rows. The second replaces 0017's (tenant_id, assigned_to), which it covers.
create index concurrently if not exists cases_owner_created_idx on legal.cases (tenant_id, owner_id, created_at, id);
create index concurrently if not exists cases_assignee_created_idx on legal.cases (tenant_id, assigned_to, created_at, id);
drop index concurrently if exists legal.cases_assigned_to_idx;

-- Whether the unit's user sees every matter: the setting is exactly '*' then, a list of
-- matters otherwise. (It scanned the whole list for a '*' — tens of kilobytes for a
-- caseworker with a thousand matters — on every row a policy checked.)
create or replace function legal.sees_all_cases() returns boolean
  language sql stable parallel safe
  return current_setting('legal.cases', true) = '*';

-- Whether the unit's user holds a permission: found in place (strpos), rather than by
-- building a copy of the list without it and comparing (replace) — on every row a policy
-- checks. Same answer.
create or replace function legal.has_permission(p_code text) returns boolean
  language sql stable parallel safe
  return strpos(coalesce(current_setting('legal.perms', true), ''), ',' || p_code || ',') > 0;

-- A case row: the owner and assignee columns are looked at before the context's matter list
-- (same rule, cheaper order: the list can hold a thousand matters).
create or replace function legal.can_read_case_row(p_id uuid, p_owner uuid, p_assignee uuid) returns boolean
  language sql stable parallel safe
  return not legal.walled(p_id)
     and (legal.sees_all_cases()
          or (legal.current_user_id() in (p_owner, p_assignee) and legal.has_permission('cases.read_assigned'))
          or strpos(coalesce(current_setting('legal.cases', true), ''), p_id::text) > 0);
create or replace function legal.can_write_case_row(p_id uuid, p_owner uuid, p_assignee uuid) returns boolean
  language sql stable parallel safe
  return not legal.walled(p_id)
     and (legal.sees_all_cases()
          or (legal.current_user_id() in (p_owner, p_assignee) and legal.has_permission('cases.read_assigned'))
          or strpos(coalesce(current_setting('legal.cases', true), ''), p_id::text || ':w') > 0);

-- The matters the unit's context lists for a user who does not see them all (empty for one
-- who does), and the firm itself for one who does (empty otherwise): with the owner and the
-- assignee, what a query can name to its indexes so a caseworker's list reads their matters,
-- not the firm's. Row level security still decides; these only narrow.
create function legal.listed_case_ids() returns uuid[]
  language sql stable parallel safe
  return array(select m[1]::uuid from regexp_matches(coalesce(current_setting('legal.cases', true), ''),
                 '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', 'g') m);
comment on function legal.listed_case_ids() is 'The matters the unit''s context lists (users who do not see every matter); for index-driven queries, never for access.';
create function legal.member_case_ids() returns uuid[]
  language sql stable parallel safe
  return array(select m.case_id from legal.case_members m
                where m.tenant_id = legal.current_tenant_id() and m.user_id = legal.current_user_id());
comment on function legal.member_case_ids() is 'The matters the unit''s user is a member of (as their own membership rows show); for index-driven queries, never for access.';
create function legal.all_cases_tenant() returns uuid[]
  language sql stable parallel safe
  return case when legal.sees_all_cases() then array[legal.current_tenant_id()] else '{}'::uuid[] end;
comment on function legal.all_cases_tenant() is 'The unit''s firm when its user sees every matter, else nothing: lets one query serve both kinds of user through indexes.';
grant execute on function legal.listed_case_ids(), legal.member_case_ids(), legal.all_cases_tenant() to legal_app, legal_readonly, legal_system;

-- Search by who asks and how common the words are:
-- * a user who sees only some matters: their matters' matches, every one ranked (the matter
--   list narrows the index scan; a caseworker's thousand matters, not the firm's 100,000);
-- * words in at most 1,000 of the firm's rows: every match ranked;
-- * words in more (in every pleading, say): the newest 1,000 matches the user may read are
--   ranked, walking the (tenant_id, created_at) index — ranking 100,000 matches and sorting
--   them cost ~200 ms and told the user nothing more.
-- Planned for the words at hand every time (plan_cache_mode): a cached generic plan cannot
-- tell a word in every document from a word in one, and chose the slow path for both.
create or replace function legal.search_cases(p_query text, p_limit integer)
  returns table (id uuid, rank real)
  language plpgsql stable security definer
  set search_path = pg_catalog
  set plan_cache_mode = force_custom_plan
as $$
declare
  q constant tsquery := websearch_to_tsquery('english'::regconfig, p_query);
  t constant uuid := legal.current_tenant_id();
  me constant uuid := legal.current_user_id();
  k constant integer := least(greatest(p_limit, 1), 100);
  mine uuid[];
  newest integer; -- how many of the newest matches are ranked; NULL: all of them
begin
  if not legal.sees_all_cases() then
    mine := legal.member_case_ids();
    return query
      select c.id, ts_rank(c.search_vector, q) as rank
        from legal.cases c
       where c.tenant_id = t and c.search_vector @@ q
         and (c.owner_id = me or c.assigned_to = me or c.id = any (mine))
         and legal.can_read_case_row(c.id, c.owner_id, c.assigned_to)
       order by 2 desc, 1
       limit k;
    return;
  end if;
  select case when count(*) > 1000 then 1000 end into newest
    from (select 1 from legal.cases c where c.tenant_id = t and c.search_vector @@ q limit 1001) x;
  return query
    select x.id, ts_rank(x.search_vector, q) as rank from (
      select c.id, c.search_vector
        from legal.cases c
       where c.tenant_id = t and c.search_vector @@ q and legal.can_read_case_row(c.id, c.owner_id, c.assigned_to)
       order by c.created_at desc, c.id desc
       limit newest) x
     order by 2 desc, 1
     limit k;
end;
$$;

create or replace function legal.search_documents(p_query text, p_case uuid, p_limit integer)
  returns table (id uuid, rank real)
  language plpgsql stable security definer
  set search_path = pg_catalog
  set plan_cache_mode = force_custom_plan
as $$
declare
  q constant tsquery := websearch_to_tsquery('english'::regconfig, p_query);
  t constant uuid := legal.current_tenant_id();
  k constant integer := least(greatest(p_limit, 1), 100);
  listed uuid[];
  newest integer; -- how many of the newest matches are ranked; NULL: all of them
begin
  if not legal.sees_all_cases() then
    listed := legal.listed_case_ids();
    return query
      select d.id, ts_rank(d.search_vector, q) as rank
        from legal.documents d
       where d.tenant_id = t and d.search_vector @@ q and d.deleted_at is null
         and (d.case_id = any (listed) or d.case_id is null)
         and (p_case is null or d.case_id = p_case) and legal.can_read_document(d.case_id, d.acl_read)
       order by 2 desc, 1
       limit k;
    return;
  end if;
  select case when count(*) > 1000 then 1000 end into newest
    from (select 1 from legal.documents d
           where d.tenant_id = t and d.search_vector @@ q and (p_case is null or d.case_id = p_case) limit 1001) x;
  return query
    select x.id, ts_rank(x.search_vector, q) as rank from (
      select d.id, d.search_vector
        from legal.documents d
       where d.tenant_id = t and d.search_vector @@ q and d.deleted_at is null
         and (p_case is null or d.case_id = p_case) and legal.can_read_document(d.case_id, d.acl_read)
       order by d.created_at desc, d.id desc
       limit newest) x
     order by 2 desc, 1
     limit k;
end;
$$;

select legal.hand_over_ownership();
