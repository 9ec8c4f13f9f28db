-- 0015: full-text search that its index can serve under row level security.
--
-- `@@` is not leakproof, so under a policy PostgreSQL must apply the policy to every row of
-- the firm before it may test the search condition: the (tenant_id, search_vector) GIN index
-- then only selects the firm's rows. These functions apply the tenant and the same access
-- rules as the select policies (the same helper functions) in their own WHERE, where the
-- planner can use the index for both the firm and the words, and rank only the matches.
-- They return ids and ranks; the SDK reads the rows back through row level security.

create function legal.search_cases(p_query text, p_limit integer)
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
comment on function legal.search_cases(text, integer) is 'The unit''s user''s best matches among cases (the select policy of legal.cases applied in the query).';
revoke execute on function legal.search_cases(text, integer) from public;
grant execute on function legal.search_cases(text, integer) to legal_app, legal_readonly;

create function legal.search_documents(p_query text, p_case uuid, p_limit integer)
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
comment on function legal.search_documents(text, uuid, integer) is 'The unit''s user''s best matches among live documents (the select policy of legal.documents applied in the query).';
revoke execute on function legal.search_documents(text, uuid, integer) from public;
grant execute on function legal.search_documents(text, uuid, integer) to legal_app, legal_readonly;

-- Searches never scan a pending list: with fastupdate (the default) new entries wait in an
-- unsorted list until vacuum, and every search reads all of it (milliseconds after a bulk
-- load). Writes pay for their index entries at once instead.
alter index legal.cases_search_idx set (fastupdate = off);
alter index legal.documents_search_idx set (fastupdate = off);
alter index legal.documents_file_name_trgm_idx set (fastupdate = off);
alter index legal.clients_search_idx set (fastupdate = off);

select legal.hand_over_ownership();
