-- 0031 down: legal.conflict_search is the one SECURITY DEFINER function of 0024 again.
create or replace function legal.conflict_search(p_query text, p_limit integer)
  returns table (
    party_id uuid, party_name text, party_kind text, matched_name text, name_kind text, score real,
    via_party_id uuid, relation text, client_id uuid,
    case_id uuid, matter_number text, case_title text, case_status text, party_role text, restricted boolean)
  language plpgsql stable security definer
  set search_path = pg_catalog
  set plan_cache_mode = force_custom_plan
  -- what "similar" means: trigram similarity of the normalised names at least 0.5, or the query
  -- within a longer name at word similarity 0.8 (pg_trgm's defaults, 0.3 and 0.6, let in every
  -- name that shares a common word, and the search scores them all); sound is the third way in
  set pg_trgm.similarity_threshold = 0.5
  set pg_trgm.word_similarity_threshold = 0.8
as $$
declare
  t constant uuid := legal.current_tenant_id();
  q constant text := legal.normalize_party_name(p_query);
  s constant text := legal.party_name_sound(legal.normalize_party_name(p_query));
  k constant integer := least(greatest(coalesce(p_limit, 50), 1), 200);
begin
  if t is null then
    raise exception 'a conflict search needs a tenant context' using errcode = 'LG004';
  end if;
  if not legal.has_permission('conflicts.check') then
    raise exception 'permission denied: conflicts.check' using errcode = 'insufficient_privilege';
  end if;
  if q is null then
    return;
  end if;
  return query
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
           c.id is not null and not legal.can_read_case_row(c.id, c.owner_id, c.assigned_to)
      from reached r
      join legal.parties p on p.tenant_id = t and p.id = r.pid
      left join legal.case_parties cp on cp.tenant_id = t and cp.party_id = p.id
      left join legal.cases c on c.tenant_id = t and c.id = cp.case_id
     order by r.via is not null, r.sc desc, p.id, c.created_at desc nulls last;
end;
$$;
drop function if exists legal.conflict_search_at(uuid, text, integer);
