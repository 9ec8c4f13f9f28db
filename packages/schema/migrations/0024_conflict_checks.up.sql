-- 0024: conflict-of-interest checks. Professional-conduct rules require a firm to check a new
-- matter's parties against everyone it has acted for or against before taking it.
--
-- parties             the people and organisations of the firm's matters (one row per entity)
-- party_names         their other names: aliases, former names, trade names, abbreviations
-- party_affiliations  organisations and their affiliates (parent, subsidiary, officer, ...)
-- case_parties        gains party_id: the entity a matter's party is, and the role 'related_party'
-- conflict_checks     a saved check: who, when, the query, every hit, and the decision
--
-- Names are compared normalised (case, accents, punctuation and legal suffixes dropped) by
-- trigram similarity, and by sound (Double Metaphone of each word), so "Jon Smyth Ltd" is found
-- for "John Smith Limited". The search is `legal.conflict_search`: firm-wide, whatever matters
-- the checker may read (a conflict must be seen to be avoided), but a matter the checker may
-- not read is reported without its title.

create extension if not exists unaccent schema extensions;
create extension if not exists fuzzystrmatch schema extensions;
-- the search runs as the schema's owner (security definer) and compares names with them
grant usage on schema extensions to legal_owner;

-- A name as compared: lower case, no accents, `&` as "and", no dots or apostrophes, other
-- punctuation as spaces, without legal suffixes and honorifics, single spaces.
create function legal.normalize_party_name(p_name text) returns text
  language sql immutable parallel safe strict
  return nullif(btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
           lower(extensions.unaccent('extensions.unaccent'::regdictionary, p_name)),
           '&', ' and ', 'g'),
           '[.''’]', '', 'g'),
           '[^a-z0-9]+', ' ', 'g'),
           '\m(the|and|of|ltd|limited|llc|llp|lllp|lp|plc|inc|incorporated|corp|corporation|co|company|gmbh|ag|sa|sarl|bv|nv|pty|pc|pllc|lc|esq|mr|mrs|ms|dr)\M',
           '', 'g'),
           ' +', ' ', 'g')), '');
comment on function legal.normalize_party_name(text) is 'A party''s name as conflict checks compare it: case, accents, punctuation, legal suffixes and honorifics dropped.';

-- How a normalised name sounds: the Double Metaphone code of each word, in order.
create function legal.party_name_sound(p_normalized text) returns text
  language sql immutable parallel safe strict
  return (select string_agg(extensions.dmetaphone(w), ' ' order by i)
            from regexp_split_to_table(p_normalized, ' ') with ordinality as x(w, i)
           where w <> '');
comment on function legal.party_name_sound(text) is 'The Double Metaphone codes of a normalised name''s words: "jon smyth" and "john smith" sound alike.';

-- Parties --------------------------------------------------------------------------------

create table legal.parties (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id              uuid not null default gen_random_uuid(),
  kind            text not null default 'person' constraint parties_kind_check check (kind in ('person', 'organization')),
  name            text not null constraint parties_name_check check (length(trim(name)) > 0 and char_length(name) <= 500),
  normalized_name text generated always as (legal.normalize_party_name(name)) stored,
  name_sound      text generated always as (legal.party_name_sound(legal.normalize_party_name(name))) stored,
  client_id       uuid,
  notes           text constraint parties_notes_check check (char_length(notes) <= 5000),
  created_by      uuid default legal.current_user_id(),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id)
);
comment on table legal.parties is 'The people and organisations of the firm''s matters, for conflict checks: one row per entity.';
create index parties_name_trgm_idx on legal.parties using gin (tenant_id, normalized_name extensions.gin_trgm_ops);
create index parties_name_sound_idx on legal.parties (tenant_id, name_sound);
create index parties_client_idx on legal.parties (tenant_id, client_id);
create index parties_created_by_idx on legal.parties (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.parties');

create table legal.party_names (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id              uuid not null default gen_random_uuid(),
  party_id        uuid not null,
  name            text not null constraint party_names_name_check check (length(trim(name)) > 0 and char_length(name) <= 500),
  name_kind       text not null default 'alias' constraint party_names_name_kind_check check (
                    name_kind in ('alias', 'former_name', 'trade_name', 'maiden_name', 'abbreviation')),
  normalized_name text generated always as (legal.normalize_party_name(name)) stored,
  name_sound      text generated always as (legal.party_name_sound(legal.normalize_party_name(name))) stored,
  created_at      timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references legal.parties (tenant_id, id) on delete cascade
);
comment on table legal.party_names is 'Other names of a party (aliases, former names, trade names): conflict checks search them too.';
create index party_names_party_idx on legal.party_names (tenant_id, party_id);
create index party_names_name_trgm_idx on legal.party_names using gin (tenant_id, normalized_name extensions.gin_trgm_ops);
create index party_names_name_sound_idx on legal.party_names (tenant_id, name_sound);
select legal.enable_tenant_isolation('legal.party_names');

create table legal.party_affiliations (
  tenant_id    uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id           uuid not null default gen_random_uuid(),
  party_id     uuid not null,
  affiliate_id uuid not null,
  relation     text not null constraint party_affiliations_relation_check check (relation in (
                 'parent', 'subsidiary', 'affiliate', 'officer', 'director', 'employee', 'shareholder', 'partner',
                 'spouse', 'family', 'other')),
  created_at   timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, party_id) references legal.parties (tenant_id, id) on delete cascade,
  foreign key (tenant_id, affiliate_id) references legal.parties (tenant_id, id) on delete cascade,
  constraint party_affiliations_not_self check (party_id <> affiliate_id),
  constraint party_affiliations_key unique (tenant_id, party_id, affiliate_id, relation)
);
comment on table legal.party_affiliations is 'Organisations and their affiliates: a hit on one is a hit on the other (`relation` says how).';
create index party_affiliations_affiliate_idx on legal.party_affiliations (tenant_id, affiliate_id);
select legal.enable_tenant_isolation('legal.party_affiliations');

-- A matter's party is one of the firm's parties; 'related_party' joins the roles.
-- (constraints added NOT VALID and validated by 0025 in a transaction of its own; the index on
-- the new column is built concurrently by 0026: nothing blocks the firm's writes for a scan)
alter table legal.case_parties add column party_id uuid;
alter table legal.case_parties
  add constraint case_parties_party_fkey foreign key (tenant_id, party_id) references legal.parties (tenant_id, id) not valid;
alter table legal.case_parties drop constraint case_parties_party_role_check;
alter table legal.case_parties add constraint case_parties_party_role_check check (party_role in (
  'client', 'opposing_party', 'opposing_counsel', 'co_counsel', 'related_party', 'witness', 'judge', 'expert', 'other')) not valid;

-- Saved checks -----------------------------------------------------------------------------

create table legal.conflict_checks (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id              uuid not null default gen_random_uuid(),
  query           text not null constraint conflict_checks_query_check check (length(trim(query)) > 0 and char_length(query) <= 500),
  case_id         uuid, -- the matter being considered, when it exists already
  checked_by      uuid not null default legal.current_user_id(),
  checked_at      timestamptz not null default now(),
  hits            jsonb not null default '[]' constraint conflict_checks_hits_check check (jsonb_typeof(hits) = 'array'),
  decision        text not null default 'pending' constraint conflict_checks_decision_check check (
                    decision in ('pending', 'cleared', 'waived', 'declined')),
  decision_reason text constraint conflict_checks_decision_reason_check check (char_length(decision_reason) <= 2000),
  decided_by      uuid,
  decided_at      timestamptz,
  updated_at      timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id),
  foreign key (tenant_id, checked_by) references legal.users (tenant_id, id),
  foreign key (tenant_id, decided_by) references legal.users (tenant_id, id),
  constraint conflict_checks_waiver_reason check (decision <> 'waived' or length(trim(coalesce(decision_reason, ''))) > 0),
  constraint conflict_checks_decided check ((decision = 'pending') = (decided_at is null and decided_by is null))
);
comment on table legal.conflict_checks is 'A conflict check as it was run: who, when, the query, every hit, and the decision (cleared, waived with a reason, declined).';
create index conflict_checks_checked_at_idx on legal.conflict_checks (tenant_id, checked_at, id);
create index conflict_checks_case_idx on legal.conflict_checks (tenant_id, case_id);
create index conflict_checks_checked_by_idx on legal.conflict_checks (tenant_id, checked_by);
create index conflict_checks_decided_by_idx on legal.conflict_checks (tenant_id, decided_by);
select legal.enable_tenant_isolation('legal.conflict_checks');

-- A check is a record: its query and hits never change, and a decision is taken once.
create function legal.conflict_check_guard() returns trigger
  language plpgsql
as $$
begin
  if new.query is distinct from old.query or new.hits is distinct from old.hits or new.case_id is distinct from old.case_id
     or new.checked_by is distinct from old.checked_by or new.checked_at is distinct from old.checked_at then
    raise exception 'a conflict check''s query and hits are a record and do not change'
      using errcode = 'check_violation', constraint = 'conflict_checks_record';
  end if;
  if old.decision <> 'pending' and (new.decision, new.decision_reason, new.decided_by, new.decided_at)
       is distinct from (old.decision, old.decision_reason, old.decided_by, old.decided_at) then
    raise exception 'the conflict check was decided already (%)', old.decision
      using errcode = 'check_violation', constraint = 'conflict_checks_decided_once';
  end if;
  return new;
end;
$$;
create trigger conflict_checks_guard before update on legal.conflict_checks
  for each row execute function legal.conflict_check_guard();

-- Who may do what ----------------------------------------------------------------------------

insert into legal.permissions (code, description) values
  ('conflicts.check', 'Run conflict checks; record parties, their names and affiliations'),
  ('conflicts.decide', 'Decide conflict checks (clear, waive, decline); remove parties');

insert into legal.default_role_permissions (role_name, permission_code)
select r.role_name, r.code from (values
  ('admin', 'conflicts.check'), ('admin', 'conflicts.decide'),
  ('lawyer', 'conflicts.check'), ('lawyer', 'conflicts.decide'),
  ('paralegal', 'conflicts.check'), ('clerk', 'conflicts.check'),
  ('chair', 'conflicts.check'), ('chair', 'conflicts.decide')
) as r(role_name, code);

-- the firms that exist already get the new permissions of their default roles
insert into legal.role_permissions (tenant_id, role_id, permission_code)
select r.tenant_id, r.id, d.permission_code
  from legal.roles r
  join legal.default_role_permissions d on d.role_name = r.name
 where r.is_default and d.permission_code in ('conflicts.check', 'conflicts.decide')
on conflict do nothing;

select legal.set_access_policies('legal.parties',
  $$legal.has_permission('conflicts.check') or legal.has_permission('clients.read')$$,
  $$legal.has_permission('conflicts.check')$$,
  $$legal.has_permission('conflicts.check')$$,
  $$legal.has_permission('conflicts.decide')$$);
select legal.set_access_policies('legal.party_names',
  $$legal.has_permission('conflicts.check') or legal.has_permission('clients.read')$$,
  $$legal.has_permission('conflicts.check')$$,
  $$legal.has_permission('conflicts.check')$$,
  $$legal.has_permission('conflicts.check')$$);
select legal.set_access_policies('legal.party_affiliations',
  $$legal.has_permission('conflicts.check') or legal.has_permission('clients.read')$$,
  $$legal.has_permission('conflicts.check')$$,
  $$legal.has_permission('conflicts.check')$$,
  $$legal.has_permission('conflicts.check')$$);
-- checks are records: written by the checker, decided by a decider, never deleted
select legal.set_access_policies('legal.conflict_checks',
  $$legal.has_permission('conflicts.check') or legal.has_permission('conflicts.decide')$$,
  $$legal.has_permission('conflicts.check') and checked_by = legal.current_user_id()$$,
  $$legal.has_permission('conflicts.decide')$$,
  'false');

-- The search ---------------------------------------------------------------------------------

-- Every party of the caller's firm whose name, or one of whose other names, is like p_query
-- (trigram similarity of the normalised names, or the same sound), with each matter it is a
-- party of (its role, the matter's number and status; the title only where the caller may read
-- the matter), and the parties affiliated with it (one step, `via` naming the party hit).
-- Needs conflicts.check. Best hits first; at most p_limit parties hit by name.
create function legal.conflict_search(p_query text, p_limit integer)
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
revoke all on function legal.conflict_search(text, integer) from public;
grant execute on function legal.conflict_search(text, integer) to legal_app, legal_readonly, legal_system;
grant execute on function legal.normalize_party_name(text), legal.party_name_sound(text) to legal_app, legal_readonly, legal_system;

select legal.hand_over_ownership();
