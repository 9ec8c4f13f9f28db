-- 0016: rules that guard money and secrets, in the database where concurrent writers meet.

-- Invoices move draft → sent → paid, draft | sent → void, and nowhere else: checked on the
-- row being changed, so of a payment in full and a void racing each other one wins and the
-- other is refused (it re-reads the row the winner wrote).
create function legal.invoices_check_status() returns trigger
  language plpgsql
  set search_path = pg_catalog
as $$
declare
  allowed text[] := case old.status when 'draft' then array['sent', 'void']
                                    when 'sent' then array['paid', 'void']
                                    else array[]::text[] end;
begin
  -- an unknown status is the CHECK constraint's to refuse
  if new.status is distinct from old.status and new.status in ('draft', 'sent', 'paid', 'void')
     and not (new.status = any (allowed)) then
    raise exception 'invoice status cannot change from "%" to "%"', old.status, new.status
      using errcode = 'LG014',
            detail = coalesce((select string_agg(format('"%s"', a), ', ') from unnest(allowed) a), '');
  end if;
  return new;
end;
$$;
create trigger invoices_check_status before update of status on legal.invoices
  for each row execute function legal.invoices_check_status();
-- paid and void exclude each other (rows written before this rule are not re-checked)
alter table legal.invoices add constraint invoices_paid_or_void check (paid_at is null or voided_at is null) not valid;

-- A time entry or an expense is billed on one live invoice at most: a line that bills it
-- claims it (the claim locks the row, so concurrent invoices queue and the later ones are
-- refused); removing the line or voiding the invoice releases it.
create function legal.invoice_lines_claim() returns trigger
  language plpgsql
  set search_path = pg_catalog
as $$
begin
  -- only a draft takes lines (locks the invoice against a concurrent send or void); an
  -- import of past invoices (a superuser, legal_system) may add lines to any
  perform 1 from legal.invoices i where i.tenant_id = new.tenant_id and i.id = new.invoice_id and i.status = 'draft' for share;
  if not found and not legal.bypasses_access() then
    raise exception 'only a draft invoice takes new lines' using errcode = 'check_violation', constraint = 'invoice_lines_draft_only';
  end if;
  if new.time_entry_id is not null then
    update legal.time_entries t set invoice_id = new.invoice_id
     where t.tenant_id = new.tenant_id and t.id = new.time_entry_id and t.invoice_id is null;
    if not found and not exists (select 1 from legal.time_entries t where t.tenant_id = new.tenant_id
                                    and t.id = new.time_entry_id and t.invoice_id = new.invoice_id) then
      raise exception 'time entry % is billed on another live invoice (or is not one you may bill)', new.time_entry_id
        using errcode = 'unique_violation', constraint = 'time_entries_billed_once';
    end if;
  end if;
  if new.expense_id is not null then
    update legal.expenses x set invoice_id = new.invoice_id
     where x.tenant_id = new.tenant_id and x.id = new.expense_id and x.invoice_id is null;
    if not found and not exists (select 1 from legal.expenses x where x.tenant_id = new.tenant_id
                                    and x.id = new.expense_id and x.invoice_id = new.invoice_id) then
      raise exception 'expense % is billed on another live invoice (or is not one you may bill)', new.expense_id
        using errcode = 'unique_violation', constraint = 'expenses_billed_once';
    end if;
  end if;
  return null;
end;
$$;
-- after the row passed its policies (row level security refuses first)
create trigger invoice_lines_claim after insert on legal.invoice_line_items
  for each row execute function legal.invoice_lines_claim();

-- releasing: the invoice's own entries, whoever may see them (security definer)
create function legal.invoice_lines_release() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  if tg_table_name = 'invoices' then
    update legal.time_entries t set invoice_id = null where t.tenant_id = new.tenant_id and t.invoice_id = new.id;
    update legal.expenses x set invoice_id = null where x.tenant_id = new.tenant_id and x.invoice_id = new.id;
    return null;
  end if;
  if old.time_entry_id is not null then
    update legal.time_entries t set invoice_id = null
     where t.tenant_id = old.tenant_id and t.id = old.time_entry_id and t.invoice_id = old.invoice_id;
  end if;
  if old.expense_id is not null then
    update legal.expenses x set invoice_id = null
     where x.tenant_id = old.tenant_id and x.id = old.expense_id and x.invoice_id = old.invoice_id;
  end if;
  return null;
end;
$$;
create trigger invoices_release_on_void after update of status on legal.invoices
  for each row when (new.status = 'void' and old.status <> 'void') execute function legal.invoice_lines_release();
create trigger invoice_lines_release after delete on legal.invoice_line_items
  for each row execute function legal.invoice_lines_release();

-- Secrets are redacted at any depth of an event's details (and by name: passwords, tokens,
-- keys and secrets, their hashes, and encrypted fields).
create or replace function legal.audit_is_secret(p_column text, p_extra text[]) returns boolean
  language sql immutable
  return lower(p_column) in ('password', 'password_hash', 'token', 'token_hash', 'secret', 'api_key', 'private_key')
      or lower(p_column) like '%\_encrypted' or lower(p_column) like '%\_secret' or p_column = any (p_extra);

create or replace function legal.audit_redact(p_row jsonb, p_extra text[]) returns jsonb
  language sql immutable
  return case jsonb_typeof(p_row)
    when 'object' then (
      select coalesce(jsonb_object_agg(key, case when value <> 'null'::jsonb and legal.audit_is_secret(key, p_extra)
                                                 then '"[redacted]"'::jsonb
                                                 else legal.audit_redact(value, p_extra) end), '{}'::jsonb)
        from jsonb_each(p_row))
    when 'array' then (
      select coalesce(jsonb_agg(legal.audit_redact(e.value, p_extra) order by e.ord), '[]'::jsonb)
        from jsonb_array_elements(p_row) with ordinality e(value, ord))
    else p_row end;

select legal.hand_over_ownership();
