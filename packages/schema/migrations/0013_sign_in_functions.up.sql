-- 0013: sign-in, sessions, tokens and password resets as functions of the schema. The
-- application roles cannot read password or token hashes (0012); these functions read and
-- change them atomically, each as one statement, so concurrent attempts cannot lose an update
-- (a lockout counts every failure). The ones that reveal a hash or create a secret take a
-- ticket signed with the context key, so only the SDK can call them.

-- A signed ticket '<json>.<hex hmac>', verified and fresh (5 minutes), as jsonb; raises LG012.
create function legal.verify_ticket(p_ticket text, p_op text) returns jsonb
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  dot int := length(p_ticket) - strpos(reverse(p_ticket), '.') + 1; -- the last dot: the signature is hex
  body text;
  t jsonb;
begin
  if strpos(p_ticket, '.') = 0 then
    raise exception 'malformed ticket' using errcode = 'LG012';
  end if;
  body := left(p_ticket, dot - 1);
  if legal.context_hmac(body) is distinct from substr(p_ticket, dot + 1) then
    raise exception 'the ticket''s signature does not verify (is the SDK configured with this database''s context key?)'
      using errcode = 'LG012';
  end if;
  t := body::jsonb;
  if t ->> 'op' is distinct from p_op then
    raise exception 'a ticket for % used for %', t ->> 'op', p_op using errcode = 'LG012';
  end if;
  if abs(extract(epoch from now()) * 1000 - (t ->> 'at')::numeric) > 300000 then
    raise exception 'the ticket is not fresh (check the clocks)' using errcode = 'LG012';
  end if;
  return t;
end;
$$;
revoke execute on function legal.verify_ticket(text, text) from public;

-- Records a security event in a firm's log, as the schema (the application may not forge them).
create function legal.security_event(
  p_tenant uuid, p_type text, p_severity text, p_user uuid, p_email text, p_ip inet, p_user_agent text, p_details jsonb
) returns void
  language sql security definer
  set search_path = pg_catalog
as $$
  insert into legal.security_events (tenant_id, event_type, severity, user_id, email, ip, user_agent, request_id, details)
  values (p_tenant, p_type, p_severity,
          (select u.id from legal.users u where u.tenant_id = p_tenant and u.id = p_user),
          p_email, p_ip, nullif(p_user_agent, ''), nullif(current_setting('legal.request_id', true), ''),
          coalesce(p_details, '{}'))
$$;
revoke execute on function legal.security_event(uuid, text, text, uuid, text, inet, text, jsonb) from public;

-- What the SDK reports after a unit was refused (a denial, a foreign or inactive user).
create function legal.record_security_event(p_ticket text) returns void
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  t jsonb := legal.verify_ticket(p_ticket, 'event');
  v_tenant uuid := (t ->> 't')::uuid;
begin
  if t ->> 'type' not in ('permission_denied', 'cross_tenant_attempt') then
    raise exception 'not an event the SDK reports: %', t ->> 'type' using errcode = 'LG012';
  end if;
  if exists (select 1 from legal.tenants x where x.id = v_tenant) then
    perform set_config('legal.user_id', coalesce(t ->> 'u', ''), true);
    -- the context's user is named in the details too: a user of another firm has no user_id here
    perform legal.security_event(v_tenant, t ->> 'type', 'warning', (t ->> 'u')::uuid, null,
                                 (t ->> 'ip')::inet, t ->> 'ua',
                                 coalesce(t -> 'details', '{}') || jsonb_build_object('contextUserId', t ->> 'u'));
  end if;
end;
$$;
revoke execute on function legal.record_security_event(text) from public;
grant execute on function legal.record_security_event(text) to legal_app;

-- Attempts that matched no firm, or no user of a firm: recorded (credential stuffing shows
-- here), and so that such an attempt writes what an attempt on a real account writes.
create table legal.sign_in_misses (
  id          bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  kind        text not null constraint sign_in_misses_kind_check check (kind in ('sign_in', 'reset_request')),
  slug        text not null,
  email       text,
  ip          inet,
  user_agent  text
);
comment on table legal.sign_in_misses is 'Global: sign-in and reset attempts naming a firm or an email that does not exist (owner only; for spotting credential stuffing).';
alter table legal.sign_in_misses enable row level security;
alter table legal.sign_in_misses force row level security;
create policy sign_in_misses_owner on legal.sign_in_misses to legal_owner using (true) with check (true);
revoke all on legal.sign_in_misses from public;
create index sign_in_misses_time_idx on legal.sign_in_misses (occurred_at);

-- Sign-in, step 1: the firm and the user of a login attempt, and the hash to compare. The
-- same lookups run whatever exists; an unknown firm or email returns NULL ids and no hash,
-- and `hash_cost`: the bcrypt cost most of the firm's hashes have, for the comparison the SDK
-- makes against a dummy hash instead (so an unknown email takes as long as a known one; the
-- SDK rehashes an account of another cost at its next sign-in, so the firm converges on one).
create function legal.sign_in_lookup(p_ticket text)
  returns table (tenant_id uuid, tenant_status text, user_id uuid, password_hash text, is_active boolean, locked boolean,
                 hash_cost integer)
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  t jsonb := legal.verify_ticket(p_ticket, 'sign_in');
  v_tenant uuid;
  v_status text;
  v_cost integer;
begin
  select x.id, x.status into v_tenant, v_status from legal.tenants x where x.slug = t ->> 'slug';
  select substring(u.password_hash from '^\$2[aby]?\$(\d\d)\$')::int into v_cost
    from legal.users u where u.tenant_id = v_tenant and u.is_active
   group by 1 order by count(*) desc, 1 desc limit 1;
  return query
    select v_tenant, v_status, u.id, u.password_hash, u.is_active, coalesce(u.locked_until > now(), false), v_cost
      from (select 1) one
      left join legal.users u on u.tenant_id = v_tenant and lower(u.email) = lower(t ->> 'email');
end;
$$;
revoke execute on function legal.sign_in_lookup(text) from public;
grant execute on function legal.sign_in_lookup(text) to legal_app;

-- Sign-in, step 2: the outcome, applied in one statement. A failure increments the counter
-- atomically (concurrent failures all count) and locks the account at the threshold; a success
-- resets it and opens the session. Returns the outcome the SDK reports.
create function legal.sign_in_result(p_ticket text) returns text
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  t jsonb := legal.verify_ticket(p_ticket, 'sign_in_result');
  v_tenant uuid := (t ->> 't')::uuid;
  v_user uuid := (t ->> 'u')::uuid;
  v_email text := t ->> 'email';
  v_ip inet := (t ->> 'ip')::inet;
  v_ua text := t ->> 'ua';
  failures int;
  outcome text;
begin
  if v_tenant is null or not exists (select 1 from legal.tenants x where x.id = v_tenant) then
    -- no such firm: recorded as a miss (the write a real account's failure makes)
    insert into legal.sign_in_misses (kind, slug, email, ip, user_agent)
    values ('sign_in', coalesce(t ->> 'slug', ''), v_email, v_ip, nullif(v_ua, ''));
    return 'failed';
  end if;
  perform set_config('legal.tenant_id', v_tenant::text, true);
  perform set_config('legal.ip', coalesce(t ->> 'ip', ''), true);
  perform set_config('legal.user_agent', coalesce(v_ua, ''), true);
  if (select x.status from legal.tenants x where x.id = v_tenant) <> 'active' then
    perform legal.security_event(v_tenant, 'login_failed', 'warning', v_user, v_email, v_ip, v_ua, '{"reason": "firm not active"}');
    return 'suspended';
  end if;
  if t ->> 'ok' = 'true' and v_user is not null then
    -- the user may have been locked or deactivated between the two steps
    update legal.users u set failed_login_count = 0, locked_until = null, last_login = now()
     where u.tenant_id = v_tenant and u.id = v_user and u.is_active and not coalesce(u.locked_until > now(), false)
    returning 'ok' into outcome;
    if outcome = 'ok' then
      perform set_config('legal.user_id', v_user::text, true);
      insert into legal.user_sessions (tenant_id, user_id, token_hash, ip, user_agent, expires_at)
      values (v_tenant, v_user, t ->> 'session', v_ip, nullif(v_ua, ''),
              now() + make_interval(secs => coalesce((t ->> 'ttl')::int, 43200)));
      perform legal.security_event(v_tenant, 'login_succeeded', 'info', v_user, null, v_ip, v_ua, '{}');
      perform legal.audit_append(v_tenant, 'login', 'users', v_user::text, null, null, null, null, '{}');
      return 'ok';
    end if;
  end if;
  if v_user is not null then
    update legal.users u
       set failed_login_count = case when u.failed_login_count + 1 >= (t ->> 'max')::int then 0 else u.failed_login_count + 1 end,
           locked_until = case when u.failed_login_count + 1 >= (t ->> 'max')::int
                               then now() + make_interval(mins => (t ->> 'lockMinutes')::int) else u.locked_until end
     where u.tenant_id = v_tenant and u.id = v_user and u.is_active and not coalesce(u.locked_until > now(), false)
    returning case when u.locked_until > now() then -1 else u.failed_login_count end into failures;
  end if;
  perform legal.security_event(v_tenant, 'login_failed', 'warning', v_user, v_email, v_ip, v_ua,
                               jsonb_build_object('reason', coalesce(t ->> 'reason', 'wrong password')));
  if failures = -1 then
    perform legal.security_event(v_tenant, 'account_locked', 'critical', v_user, null, v_ip, v_ua,
                                 jsonb_build_object('failures', (t ->> 'max')::int));
    return 'locked';
  end if;
  return 'failed';
end;
$$;
revoke execute on function legal.sign_in_result(text) from public;
grant execute on function legal.sign_in_result(text) to legal_app;

-- The user of a live session of an active firm, or nothing; marks the session active.
create function legal.resolve_session(p_tenant uuid, p_token_hash text)
  returns table (user_id uuid, ip inet, user_agent text)
  language sql security definer
  set search_path = pg_catalog
as $$
  update legal.user_sessions s set last_activity = now()
    from legal.users u, legal.tenants f
   where s.tenant_id = p_tenant and s.token_hash = p_token_hash and s.is_active and s.revoked_at is null
     and s.expires_at > now()
     and u.tenant_id = s.tenant_id and u.id = s.user_id and u.is_active
     and f.id = s.tenant_id and f.status = 'active'
  returning s.user_id, s.ip, s.user_agent
$$;
revoke execute on function legal.resolve_session(uuid, text) from public;
grant execute on function legal.resolve_session(uuid, text) to legal_app;

-- The user and scopes of a valid API token of an active user of an active firm; records its use.
create function legal.resolve_access_token(p_tenant uuid, p_token_hash text)
  returns table (user_id uuid, scopes text[])
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  v_id uuid;
  v_user uuid;
  v_scopes text[];
begin
  update legal.access_tokens a set last_used_at = now()
    from legal.users u, legal.tenants f
   where a.tenant_id = p_tenant and a.token_hash = p_token_hash and a.revoked_at is null
     and (a.expires_at is null or a.expires_at > now())
     and u.tenant_id = a.tenant_id and u.id = a.user_id and u.is_active
     and f.id = a.tenant_id and f.status = 'active'
  returning a.id, a.user_id, a.scopes into v_id, v_user, v_scopes;
  if v_id is null then
    return;
  end if;
  perform set_config('legal.tenant_id', p_tenant::text, true);
  perform set_config('legal.user_id', v_user::text, true);
  perform legal.audit_append(p_tenant, 'token_used', 'access_tokens', v_id::text, null, null, null, null, '{}');
  return query select v_user, v_scopes;
end;
$$;
revoke execute on function legal.resolve_access_token(uuid, text) from public;
grant execute on function legal.resolve_access_token(uuid, text) to legal_app;

-- Ends a session (sign-out).
create function legal.sign_out(p_tenant uuid, p_token_hash text) returns boolean
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  v_user uuid;
begin
  update legal.user_sessions s set is_active = false, revoked_at = now(), revoked_reason = 'signed out'
   where s.tenant_id = p_tenant and s.token_hash = p_token_hash and s.revoked_at is null
  returning s.user_id into v_user;
  if v_user is null then
    return false;
  end if;
  perform set_config('legal.tenant_id', p_tenant::text, true);
  perform set_config('legal.user_id', v_user::text, true);
  perform legal.security_event(p_tenant, 'logout', 'info', v_user, null, null, null, '{}');
  perform legal.audit_append(p_tenant, 'logout', 'users', v_user::text, null, null, null, null, '{}');
  return true;
end;
$$;
revoke execute on function legal.sign_out(uuid, text) from public;
grant execute on function legal.sign_out(uuid, text) to legal_app;

-- A reset token for a known active user of an active firm, ending the user's other
-- outstanding reset tokens. The same statements run whatever exists; returns whether the
-- token was stored.
create function legal.request_password_reset(p_ticket text) returns boolean
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  t jsonb := legal.verify_ticket(p_ticket, 'reset_request');
  v_tenant uuid;
  v_user uuid;
begin
  select x.id into v_tenant from legal.tenants x where x.slug = t ->> 'slug' and x.status = 'active';
  select u.id into v_user from legal.users u
   where u.tenant_id = v_tenant and lower(u.email) = lower(t ->> 'email') and u.is_active;
  update legal.password_reset_tokens r set used_at = now()
   where r.tenant_id = v_tenant and r.user_id = v_user and r.used_at is null;
  insert into legal.password_reset_tokens (tenant_id, user_id, token_hash, requested_ip)
  select v_tenant, v_user, t ->> 'token', (t ->> 'ip')::inet where v_user is not null;
  -- no such firm or user: a miss, written instead of the token (the same work either way)
  insert into legal.sign_in_misses (kind, slug, email, ip)
  select 'reset_request', coalesce(t ->> 'slug', ''), t ->> 'email', (t ->> 'ip')::inet where v_user is null;
  if v_tenant is not null then
    perform set_config('legal.tenant_id', v_tenant::text, true);
    perform legal.security_event(v_tenant, 'password_reset_requested', 'info', v_user, t ->> 'email', (t ->> 'ip')::inet, null, '{}');
  end if;
  return v_user is not null;
end;
$$;
revoke execute on function legal.request_password_reset(text) from public;
grant execute on function legal.request_password_reset(text) to legal_app;

-- Sets a new password with a reset token, once, within its hour: every other reset token of
-- the user, every session and every API token end with it. Returns whether it worked.
create function legal.reset_password(p_ticket text) returns boolean
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  t jsonb := legal.verify_ticket(p_ticket, 'reset');
  v_tenant uuid := (t ->> 't')::uuid;
  v_user uuid;
begin
  update legal.password_reset_tokens r set used_at = now()
    from legal.tenants f
   where r.tenant_id = v_tenant and r.token_hash = t ->> 'token' and r.used_at is null and r.expires_at > now()
     and f.id = r.tenant_id and f.status = 'active'
  returning r.user_id into v_user;
  if v_user is null then
    return false;
  end if;
  perform set_config('legal.tenant_id', v_tenant::text, true);
  perform set_config('legal.user_id', v_user::text, true);
  update legal.password_reset_tokens r set used_at = now()
   where r.tenant_id = v_tenant and r.user_id = v_user and r.used_at is null;
  update legal.users u set password_hash = t ->> 'hash', password_updated_at = now(), failed_login_count = 0, locked_until = null
   where u.tenant_id = v_tenant and u.id = v_user;
  update legal.user_sessions s set is_active = false, revoked_at = now(), revoked_reason = 'password reset'
   where s.tenant_id = v_tenant and s.user_id = v_user and s.revoked_at is null;
  update legal.access_tokens a set revoked_at = now()
   where a.tenant_id = v_tenant and a.user_id = v_user and a.revoked_at is null;
  perform legal.security_event(v_tenant, 'password_reset_completed', 'info', v_user, null, null, null, '{}');
  return true;
end;
$$;
revoke execute on function legal.reset_password(text) from public;
grant execute on function legal.reset_password(text) to legal_app;

-- The unit's own user's password hash (to check the current password before a change).
create function legal.my_password_hash() returns text
  language sql stable security definer
  set search_path = pg_catalog
  return (select u.password_hash from legal.users u
           where u.tenant_id = legal.current_tenant_id() and u.id = legal.current_user_id());
revoke execute on function legal.my_password_hash() from public;
grant execute on function legal.my_password_hash() to legal_app;

-- A password change inside a unit: the user's own (ticket proves the SDK checked the current
-- password) or another user's by a users.manage holder; sessions and tokens of the user end,
-- except the session making the change.
create function legal.change_password(p_ticket text) returns void
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  t jsonb := legal.verify_ticket(p_ticket, 'password');
  v_tenant uuid := legal.current_tenant_id();
  v_user uuid := (t ->> 'u')::uuid;
begin
  if v_tenant is null or v_tenant <> (t ->> 't')::uuid then
    raise exception 'a password change needs the unit of its firm' using errcode = 'LG004';
  end if;
  if v_user <> legal.current_user_id() and not legal.has_permission('users.manage') then
    raise exception 'changing another user''s password needs the permission users.manage'
      using errcode = 'insufficient_privilege', hint = 'users.manage';
  end if;
  update legal.users u set password_hash = t ->> 'hash', password_updated_at = now(), failed_login_count = 0, locked_until = null
   where u.tenant_id = v_tenant and u.id = v_user;
  if not found then
    raise exception 'no such user' using errcode = 'LG011';
  end if;
  update legal.user_sessions s set is_active = false, revoked_at = now(), revoked_reason = 'password changed'
   where s.tenant_id = v_tenant and s.user_id = v_user and s.revoked_at is null
     and s.token_hash is distinct from t ->> 'keep';
  update legal.access_tokens a set revoked_at = now()
   where a.tenant_id = v_tenant and a.user_id = v_user and a.revoked_at is null;
  perform legal.security_event(v_tenant, 'password_changed', 'info', v_user, null,
                               nullif(current_setting('legal.ip', true), '')::inet, current_setting('legal.user_agent', true),
                               jsonb_build_object('changedBy', legal.current_user_id()));
end;
$$;
revoke execute on function legal.change_password(text) from public;
grant execute on function legal.change_password(text) to legal_app;

-- After a successful sign-in with a hash of another cost than the SDK's: the same password,
-- hashed at the SDK's cost (so every account converges on one cost and compares in one time).
create function legal.upgrade_password_hash(p_ticket text) returns void
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  t jsonb := legal.verify_ticket(p_ticket, 'rehash');
begin
  update legal.users u set password_hash = t ->> 'hash'
   where u.tenant_id = (t ->> 't')::uuid and u.id = (t ->> 'u')::uuid and u.password_hash = t ->> 'old';
end;
$$;
revoke execute on function legal.upgrade_password_hash(text) from public;
grant execute on function legal.upgrade_password_hash(text) to legal_app;

-- Lifts a lockout (users.manage) and records it.
create function legal.unlock_user(p_user uuid) returns boolean
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  v_tenant uuid := legal.current_tenant_id();
begin
  if v_tenant is null or not legal.has_permission('users.manage') then
    raise exception 'unlocking a user needs the permission users.manage' using errcode = 'insufficient_privilege', hint = 'users.manage';
  end if;
  update legal.users u set failed_login_count = 0, locked_until = null where u.tenant_id = v_tenant and u.id = p_user;
  if not found then
    return false;
  end if;
  perform legal.security_event(v_tenant, 'account_unlocked', 'info', p_user, null,
                               nullif(current_setting('legal.ip', true), '')::inet, current_setting('legal.user_agent', true),
                               jsonb_build_object('unlockedBy', legal.current_user_id()));
  return true;
end;
$$;
revoke execute on function legal.unlock_user(uuid) from public;
grant execute on function legal.unlock_user(uuid) to legal_app;

select legal.hand_over_ownership();
