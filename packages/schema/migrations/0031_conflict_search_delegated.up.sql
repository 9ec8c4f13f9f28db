-- 0031: the conflict search runs where the firm's rows are. On Citus, a SECURITY DEFINER function
-- reads as the schema owner, and Citus refuses to read, as another role, shards the unit has
-- written in the same transaction ("cannot perform query on placements that were modified in
-- this transaction by a different user"): a party recorded and searched in one unit failed.
-- The search is now legal.conflict_search_at(tenant, query, limit), which returns its rows as
-- one jsonb array and which Citus delegates (by its tenant argument, colocated with
-- legal.tenants) to the worker that holds the firm, over the unit's own connection;
-- legal.conflict_search keeps its signature and rows and calls it. On PostgreSQL the same
-- two functions run in place.

-- STRICT: a NULL argument returns NULL without running it. Citus's delegation crashes the
-- coordinator (signal 11) on a call whose distribution argument is a NULL constant, and any
-- application session may call this function.
create function legal.conflict_search_at(p_tenant uuid, p_query text, p_limit integer) returns jsonb
  language plpgsql stable strict security definer
  set search_path = pg_catalog
  set plan_cache_mode = force_custom_plan
  set pg_trgm.similarity_threshold = 0.5
  set pg_trgm.word_similarity_threshold = 0.8
as $$
declare
  t constant uuid := legal.current_tenant_id();
  q constant text := legal.normalize_party_name(p_query);
  s constant text := legal.party_name_sound(legal.normalize_party_name(p_query));
  k constant integer := least(greatest(coalesce(p_limit, 50), 1), 200);
  hits jsonb;
begin
  if t is null or p_tenant is distinct from t then
    raise exception 'a conflict search needs a tenant context (its own firm''s)' using errcode = 'LG004';
  end if;
  if not legal.has_permission('conflicts.check') then
    raise exception 'permission denied: conflicts.check' using errcode = 'insufficient_privilege';
  end if;
  if q is null then
    return '[]'::jsonb;
  end if;
  select coalesce(jsonb_agg(to_jsonb(hit) - 'ord' order by hit.ord), '[]'::jsonb) into hits
    from (
    with named as (
      select p.id as pid, p.name as matched, 'name'::text as kind,
             greatest(extensions.similarity(p.normalized_name, q), case when p.name_sound = s then 0.9 else 0 end)::real as sc
        from legal.parties p
       where p.tenant_id = t
         and (p.normalized_name operator(extensions.%) q or p.name_sound = s
              or q operator(extensions.<%) p.normalized_name)
      union all
      select n.party_id, n.name, n.name_kind,
             greatest(extensions.similarity(n.normalized_name, q), case when n.name_sound = s then 0.9 else 0 end)::real
        from legal.party_names n
       where n.tenant_id = t
         and (n.normalized_name operator(extensions.%) q or n.name_sound = s
              or q operator(extensions.<%) n.normalized_name)
    ),
    best as (
      select distinct on (pid) pid, matched, kind, sc from named order by pid, sc desc, matched
    ),
    top as (
      select * from best order by sc desc, pid limit k
    ),
    reached as (
      select b.pid, b.matched, b.kind, b.sc, null::uuid as via, null::text as rel from top b
      union all
      select a.affiliate_id, b.matched, b.kind, b.sc, b.pid, a.relation
        from top b join legal.party_affiliations a on a.tenant_id = t and a.party_id = b.pid
      union all
      select a.party_id, b.matched, b.kind, b.sc, b.pid, a.relation
        from top b join legal.party_affiliations a on a.tenant_id = t and a.affiliate_id = b.pid
    )
    select p.id, p.name, p.kind, r.matched, r.kind, r.sc, r.via, r.rel, p.client_id,
           c.id, c.matter_number,
           case when c.id is not null and legal.can_read_case_row(c.id, c.owner_id, c.assigned_to) then c.title end,
           c.status, cp.party_role,
           c.id is not null and not legal.can_read_case_row(c.id, c.owner_id, c.assigned_to),
           row_number() over (order by r.via is not null, r.sc desc, p.id, c.created_at desc nulls last)
      from reached r
      join legal.parties p on p.tenant_id = t and p.id = r.pid
      left join legal.case_parties cp on cp.tenant_id = t and cp.party_id = p.id
      left join legal.cases c on c.tenant_id = t and c.id = cp.case_id
    ) as hit(party_id, party_name, party_kind, matched_name, name_kind, score, via_party_id, relation, client_id, case_id, matter_number, case_title, case_status, party_role, restricted, ord);
  return hits;
end;
$$;
revoke all on function legal.conflict_search_at(uuid, text, integer) from public;
grant execute on function legal.conflict_search_at(uuid, text, integer) to legal_app, legal_readonly, legal_system;

create or replace function legal.conflict_search(p_query text, p_limit integer)
  returns table (
    party_id uuid, party_name text, party_kind text, matched_name text, name_kind text, score real,
    via_party_id uuid, relation text, client_id uuid,
    case_id uuid, matter_number text, case_title text, case_status text, party_role text, restricted boolean)
  language plpgsql stable security invoker
  set search_path = pg_catalog
as $$
declare
  tenant constant uuid := legal.current_tenant_id();
  hits jsonb;
begin
  -- never delegated without a firm: Citus's delegation crashes the coordinator (signal 11) on a
  -- NULL distribution argument
  if tenant is null then
    raise exception 'a conflict search needs a tenant context' using errcode = 'LG004';
  end if;
  -- a FROM-clause call with constant arguments: what Citus delegates inside a transaction (as
  -- legal.log_event does)
  execute format('select * from legal.conflict_search_at(%L::uuid, %L, %L::integer)', tenant, coalesce(p_query, ''),
                 coalesce(p_limit, 50))
    into hits;
  return query
    select r.* from jsonb_to_recordset(coalesce(hits, '[]'::jsonb)) as r(party_id uuid, party_name text, party_kind text, matched_name text, name_kind text, score real, via_party_id uuid, relation text, client_id uuid, case_id uuid, matter_number text, case_title text, case_status text, party_role text, restricted boolean);
end;
$$;

do $$
begin
  if legal.on_citus() then
    if exists (select 1 from pg_dist_partition p where p.logicalrelid = 'legal.tenants'::regclass) then
      perform create_distributed_function('legal.conflict_search_at(uuid, text, integer)', 'p_tenant',
                                          colocate_with => 'legal.tenants', force_delegation => true);
    end if;
  end if;
end
$$;

select legal.hand_over_ownership();
