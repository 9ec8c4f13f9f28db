-- 0027: trust (IOLTA) accounting. Money a firm holds for its clients sits in trust bank
-- accounts; the rules of professional conduct want a ledger per client, no client's balance
-- ever below zero, a record that is corrected only by reversing entries, and a regular
-- three-way reconciliation (bank statement = book = the sum of the client ledgers).
--
-- What the database enforces, whatever the caller (the SDK, raw SQL as legal_app, a hurried
-- script):
-- * every transaction is double entry: its entries (a bank line and a client-ledger line,
--   debits positive) sum to zero, checked at commit;
-- * entries are written only by the schema (a trigger of trust_transactions), and no
--   transaction, entry or reconciliation is ever updated or deleted: a mistake is corrected by
--   a reversal (kind 'reversal', reverses_id), at most one per transaction;
-- * a client's balance in an account never goes below zero: one balance row per account and
--   client, changed by every posting under its row lock, with a CHECK (so two disbursements
--   racing for the same money cannot both pass);
-- * a reconciled period is locked: nothing is posted (or imported) on or before the last
--   reconciled date of the account, and a reconciliation is accepted only when the bank
--   balance, the book balance and the client ledgers agree (computed here, not by the caller);
-- * a transfer to the operating account names an invoice of the same client.
-- Trust accounting is firm-wide: `trust.read` sees every ledger (bookkeeping must), so give it
-- to the accounting staff; `trust.manage` posts, `trust.reconcile` closes a period.

create table legal.trust_accounts (
  tenant_id         uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                uuid not null default gen_random_uuid(),
  name              text not null constraint trust_accounts_name_check check (length(trim(name)) > 0 and char_length(name) <= 200),
  kind              text not null default 'iolta' constraint trust_accounts_kind_check check (kind in ('iolta', 'client_trust')),
  bank_name         text constraint trust_accounts_bank_name_check check (char_length(bank_name) <= 200),
  account_last4     text constraint trust_accounts_account_last4_check check (account_last4 ~ '^[0-9]{4}$'),
  currency          text not null default 'USD' constraint trust_accounts_currency_check check (currency ~ '^[A-Z]{3}$'),
  opened_on         date not null default current_date,
  closed_at         timestamptz,
  created_by        uuid default legal.current_user_id(),
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id),
  constraint trust_accounts_name_key unique (tenant_id, name)
);
comment on table legal.trust_accounts is 'Trust bank accounts (IOLTA or a client''s own trust account) that hold clients'' money.';
create index trust_accounts_created_by_idx on legal.trust_accounts (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.trust_accounts');

create table legal.trust_transactions (
  tenant_id        uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id               uuid not null default gen_random_uuid(),
  trust_account_id uuid not null,
  kind             text not null constraint trust_transactions_kind_check check (
                     kind in ('deposit', 'disbursement', 'transfer_to_operating', 'reversal')),
  client_id        uuid not null,
  case_id          uuid,
  amount           numeric(15, 2) not null constraint trust_transactions_amount_check check (amount > 0),
  occurred_on      date not null default current_date,
  description      text not null constraint trust_transactions_description_check check (length(trim(description)) > 0 and char_length(description) <= 1000),
  payee            text constraint trust_transactions_payee_check check (char_length(payee) <= 300),
  reference        text constraint trust_transactions_reference_check check (char_length(reference) <= 200),
  invoice_id       uuid,
  reverses_id      uuid,
  created_by       uuid not null default legal.current_user_id(),
  created_at       timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, trust_account_id) references legal.trust_accounts (tenant_id, id),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id),
  foreign key (tenant_id, invoice_id) references legal.invoices (tenant_id, id),
  foreign key (tenant_id, reverses_id) references legal.trust_transactions (tenant_id, id),
  foreign key (tenant_id, created_by) references legal.users (tenant_id, id),
  constraint trust_transactions_reverses_key unique (tenant_id, reverses_id),
  constraint trust_transactions_invoice_check check ((kind = 'transfer_to_operating') = (invoice_id is not null)),
  constraint trust_transactions_reversal_check check ((kind = 'reversal') = (reverses_id is not null)),
  constraint trust_transactions_payee_required check (kind not in ('disbursement') or length(trim(coalesce(payee, ''))) > 0)
);
comment on table legal.trust_transactions is 'Trust postings: deposits, disbursements, transfers to operating (against an invoice) and reversals. Never updated or deleted.';
create index trust_transactions_account_idx on legal.trust_transactions (tenant_id, trust_account_id, occurred_on, id);
create index trust_transactions_client_idx on legal.trust_transactions (tenant_id, client_id);
create index trust_transactions_case_idx on legal.trust_transactions (tenant_id, case_id);
create index trust_transactions_invoice_idx on legal.trust_transactions (tenant_id, invoice_id);
create index trust_transactions_created_by_idx on legal.trust_transactions (tenant_id, created_by);
select legal.enable_tenant_isolation('legal.trust_transactions');

create table legal.trust_entries (
  tenant_id        uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id               uuid not null default gen_random_uuid(),
  transaction_id   uuid not null,
  trust_account_id uuid not null,
  side             text not null constraint trust_entries_side_check check (side in ('bank', 'client_ledger')),
  client_id        uuid,
  case_id          uuid,
  amount           numeric(15, 2) not null constraint trust_entries_amount_check check (amount <> 0),
  occurred_on      date not null,
  created_at       timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, transaction_id) references legal.trust_transactions (tenant_id, id),
  foreign key (tenant_id, trust_account_id) references legal.trust_accounts (tenant_id, id),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id),
  constraint trust_entries_client_check check ((side = 'client_ledger') = (client_id is not null))
);
comment on table legal.trust_entries is 'The double entries of trust postings (debits positive): the bank account and the client''s ledger. Written by the schema only.';
create index trust_entries_transaction_idx on legal.trust_entries (tenant_id, transaction_id);
create index trust_entries_account_idx on legal.trust_entries (tenant_id, trust_account_id, side, occurred_on);
create index trust_entries_client_idx on legal.trust_entries (tenant_id, client_id, trust_account_id);
create index trust_entries_case_idx on legal.trust_entries (tenant_id, case_id);
select legal.enable_tenant_isolation('legal.trust_entries');

create table legal.trust_client_balances (
  tenant_id        uuid not null default legal.current_tenant_id() references legal.tenants (id),
  trust_account_id uuid not null,
  client_id        uuid not null,
  balance          numeric(15, 2) not null default 0 constraint trust_client_balances_not_negative check (balance >= 0),
  updated_at       timestamptz not null default now(),
  primary key (tenant_id, trust_account_id, client_id),
  foreign key (tenant_id, trust_account_id) references legal.trust_accounts (tenant_id, id),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id)
);
comment on table legal.trust_client_balances is 'What each client has in each trust account: kept by the schema with every posting, never below zero.';
create index trust_client_balances_client_idx on legal.trust_client_balances (tenant_id, client_id);
select legal.enable_tenant_isolation('legal.trust_client_balances');

create table legal.trust_reconciliations (
  tenant_id               uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                      uuid not null default gen_random_uuid(),
  trust_account_id        uuid not null,
  period_end              date not null,
  statement_balance       numeric(15, 2) not null,
  book_balance            numeric(15, 2) not null default 0,
  client_ledgers          numeric(15, 2) not null default 0,
  notes                   text constraint trust_reconciliations_notes_check check (char_length(notes) <= 2000),
  reconciled_by           uuid not null default legal.current_user_id(),
  reconciled_at           timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, trust_account_id) references legal.trust_accounts (tenant_id, id),
  foreign key (tenant_id, reconciled_by) references legal.users (tenant_id, id),
  constraint trust_reconciliations_period_key unique (tenant_id, trust_account_id, period_end)
);
comment on table legal.trust_reconciliations is 'Reconciled periods of a trust account: the three balances agreed on period_end, which locks the period.';
create index trust_reconciliations_reconciled_by_idx on legal.trust_reconciliations (tenant_id, reconciled_by);
select legal.enable_tenant_isolation('legal.trust_reconciliations');

create table legal.trust_bank_lines (
  tenant_id              uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                     uuid not null default gen_random_uuid(),
  trust_account_id       uuid not null,
  posted_on              date not null,
  amount                 numeric(15, 2) not null constraint trust_bank_lines_amount_check check (amount <> 0),
  description            text constraint trust_bank_lines_description_check check (char_length(description) <= 1000),
  bank_reference         text constraint trust_bank_lines_bank_reference_check check (char_length(bank_reference) <= 200),
  matched_transaction_id uuid,
  imported_by            uuid default legal.current_user_id(),
  imported_at            timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, trust_account_id) references legal.trust_accounts (tenant_id, id),
  foreign key (tenant_id, matched_transaction_id) references legal.trust_transactions (tenant_id, id),
  foreign key (tenant_id, imported_by) references legal.users (tenant_id, id),
  constraint trust_bank_lines_reference_key unique (tenant_id, trust_account_id, bank_reference),
  constraint trust_bank_lines_match_key unique (tenant_id, matched_transaction_id)
);
comment on table legal.trust_bank_lines is 'Lines of the trust account''s bank statements, imported, each matched to at most one posting.';
create index trust_bank_lines_account_idx on legal.trust_bank_lines (tenant_id, trust_account_id, posted_on);
create index trust_bank_lines_imported_by_idx on legal.trust_bank_lines (tenant_id, imported_by);
select legal.enable_tenant_isolation('legal.trust_bank_lines');

-- The rules --------------------------------------------------------------------------------

-- The last reconciled date of an account (null: never reconciled).
-- (PL/pgSQL, not SQL: Citus cannot run a SQL function that reads its tables through parameters)
create function legal.trust_locked_until(p_tenant uuid, p_account uuid) returns date
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
begin
  return (select max(r.period_end) from legal.trust_reconciliations r
           where r.tenant_id = p_tenant and r.trust_account_id = p_account);
end;
$$;
revoke execute on function legal.trust_locked_until(uuid, uuid) from public;

-- The triggers below read the firm's books as the schema owner, before row level security
-- checks the new row: they first make sure the row is the unit's own firm's (or written by the
-- system role or a superuser, whom RLS does not bind), so that no rule's answer tells anything
-- of another firm's books.
create function legal.trust_check_tenant(p_tenant uuid) returns void
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
declare
  ctx constant uuid := legal.current_tenant_id();
  outer_role constant text := coalesce(nullif(current_setting('role'), 'none'), session_user);
begin
  if ctx is null and (outer_role = 'legal_system'
                      or coalesce((select r.rolsuper from pg_roles r where r.rolname = outer_role), false)) then
    return;
  end if;
  if ctx is distinct from p_tenant then
    raise exception 'new row violates row-level security policy: trust rows are written in their firm''s context'
      using errcode = 'insufficient_privilege';
  end if;
end;
$$;
revoke execute on function legal.trust_check_tenant(uuid) from public;

create function legal.trust_transaction_check() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  original legal.trust_transactions;
  account legal.trust_accounts;
  invoice_client uuid;
  invoice_status text;
  locked date;
begin
  perform legal.trust_check_tenant(new.tenant_id);
  select * into account from legal.trust_accounts a where a.tenant_id = new.tenant_id and a.id = new.trust_account_id;
  if not found then
    return new; -- the foreign key refuses it
  end if;
  if account.closed_at is not null then
    raise exception 'the trust account is closed' using errcode = 'check_violation', constraint = 'trust_transactions_account_open', detail = 'constraint "trust_transactions_account_open"';
  end if;
  if new.kind = 'reversal' then
    select * into original from legal.trust_transactions o where o.tenant_id = new.tenant_id and o.id = new.reverses_id;
    if not found then
      return new; -- the foreign key refuses it
    end if;
    if original.kind = 'reversal' then
      raise exception 'a reversal is not reversed: post the transaction again'
        using errcode = 'check_violation', constraint = 'trust_transactions_reversal_of_reversal', detail = 'constraint "trust_transactions_reversal_of_reversal"';
    end if;
    -- a reversal is the original, negated: same account, client, matter and amount
    if (new.trust_account_id, new.client_id, new.case_id, new.amount)
       is distinct from (original.trust_account_id, original.client_id, original.case_id, original.amount) then
      raise exception 'a reversal has the account, client, matter and amount of the transaction it reverses'
        using errcode = 'check_violation', constraint = 'trust_transactions_reversal_matches', detail = 'constraint "trust_transactions_reversal_matches"';
    end if;
  end if;
  if new.kind = 'transfer_to_operating' then
    select i.client_id, i.status into invoice_client, invoice_status
      from legal.invoices i where i.tenant_id = new.tenant_id and i.id = new.invoice_id;
    if not found then
      return new; -- the foreign key refuses it
    end if;
    if invoice_client is distinct from new.client_id or invoice_status not in ('sent', 'paid') then
      raise exception 'a transfer to operating pays a sent invoice of the same client'
        using errcode = 'check_violation', constraint = 'trust_transactions_invoice_of_client', detail = 'constraint "trust_transactions_invoice_of_client"';
    end if;
  end if;
  locked := legal.trust_locked_until(new.tenant_id, new.trust_account_id);
  if new.occurred_on <= locked then
    raise exception 'the period up to % is reconciled and locked', locked
      using errcode = 'check_violation', constraint = 'trust_transactions_period_locked', detail = 'constraint "trust_transactions_period_locked"';
  end if;
  new.created_at := now();
  return new;
end;
$$;
create trigger trust_transactions_check before insert on legal.trust_transactions
  for each row execute function legal.trust_transaction_check();

-- The entries of a posting, and the client's balance under its row lock. Debits positive:
-- a deposit debits the bank (+) and credits the client's ledger (-); money out the reverse.
create function legal.trust_post_entries() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  bank numeric;
  original_kind text;
begin
  if new.kind = 'reversal' then
    select o.kind into original_kind from legal.trust_transactions o where o.tenant_id = new.tenant_id and o.id = new.reverses_id;
  end if;
  bank := case coalesce(original_kind, new.kind) when 'deposit' then new.amount else -new.amount end;
  if new.kind = 'reversal' then
    bank := -bank;
  end if;
  insert into legal.trust_entries (tenant_id, transaction_id, trust_account_id, side, client_id, case_id, amount, occurred_on)
  values (new.tenant_id, new.id, new.trust_account_id, 'bank', null, null, bank, new.occurred_on),
         (new.tenant_id, new.id, new.trust_account_id, 'client_ledger', new.client_id, new.case_id, -bank, new.occurred_on);
  -- (not one upsert: PostgreSQL checks the CHECK on the row proposed for insert, -amount, first)
  insert into legal.trust_client_balances (tenant_id, trust_account_id, client_id, balance)
  values (new.tenant_id, new.trust_account_id, new.client_id, 0)
  on conflict (tenant_id, trust_account_id, client_id) do nothing;
  update legal.trust_client_balances b set balance = b.balance + bank, updated_at = now()
   where b.tenant_id = new.tenant_id and b.trust_account_id = new.trust_account_id and b.client_id = new.client_id;
  return null;
end;
$$;
create trigger trust_transactions_post after insert on legal.trust_transactions
  for each row execute function legal.trust_post_entries();

-- Double entry, at commit: the entries of each transaction sum to zero.
create function legal.trust_entries_balanced() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
begin
  if (select sum(e.amount) from legal.trust_entries e
       where e.tenant_id = new.tenant_id and e.transaction_id = new.transaction_id) <> 0 then
    raise exception 'the entries of a trust transaction do not balance'
      using errcode = 'check_violation', constraint = 'trust_entries_double_entry', detail = 'constraint "trust_entries_double_entry"';
  end if;
  return null;
end;
$$;
create constraint trigger trust_entries_balanced after insert on legal.trust_entries
  deferrable initially deferred for each row execute function legal.trust_entries_balanced();

-- Records: never changed, never deleted (corrections are reversals).
create function legal.trust_record_guard() returns trigger
  language plpgsql
  set search_path = pg_catalog
as $$
begin
  raise exception '% is a record of trust accounting: it is never % (post a reversal instead)', tg_table_name, lower(tg_op) || 'd'
    using errcode = 'check_violation', constraint = 'trust_records_immutable', detail = 'constraint "trust_records_immutable"';
end;
$$;
create trigger trust_transactions_immutable before update or delete on legal.trust_transactions
  for each row execute function legal.trust_record_guard();
create trigger trust_entries_immutable before update or delete on legal.trust_entries
  for each row execute function legal.trust_record_guard();
create trigger trust_reconciliations_immutable before update or delete on legal.trust_reconciliations
  for each row execute function legal.trust_record_guard();

-- A balance row changes only by postings (the trigger above), and is never deleted.
create function legal.trust_balance_guard() returns trigger
  language plpgsql
  set search_path = pg_catalog
as $$
begin
  if tg_op = 'DELETE' or pg_trigger_depth() < 2 then
    raise exception 'a client''s trust balance changes only by postings'
      using errcode = 'check_violation', constraint = 'trust_records_immutable', detail = 'constraint "trust_records_immutable"';
  end if;
  return new;
end;
$$;
create trigger trust_client_balances_guard before insert or update or delete on legal.trust_client_balances
  for each row execute function legal.trust_balance_guard();

-- A statement line: imported outside the locked period; afterwards only its match changes,
-- to a posting of the same account and amount; never deleted.
create function legal.trust_bank_line_guard() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  posted numeric;
begin
  if tg_op = 'DELETE' then
    raise exception 'a bank statement line is never deleted' using errcode = 'check_violation', constraint = 'trust_records_immutable', detail = 'constraint "trust_records_immutable"';
  end if;
  perform legal.trust_check_tenant(new.tenant_id);
  if tg_op = 'INSERT' and new.posted_on <= legal.trust_locked_until(new.tenant_id, new.trust_account_id) then
    raise exception 'the period up to % is reconciled and locked', legal.trust_locked_until(new.tenant_id, new.trust_account_id)
      using errcode = 'check_violation', constraint = 'trust_bank_lines_period_locked', detail = 'constraint "trust_bank_lines_period_locked"';
  end if;
  if tg_op = 'UPDATE' and (to_jsonb(new) - 'matched_transaction_id') is distinct from (to_jsonb(old) - 'matched_transaction_id') then
    raise exception 'a bank statement line does not change; only its match does'
      using errcode = 'check_violation', constraint = 'trust_records_immutable', detail = 'constraint "trust_records_immutable"';
  end if;
  if new.matched_transaction_id is not null then
    select e.amount into posted from legal.trust_entries e
     where e.tenant_id = new.tenant_id and e.transaction_id = new.matched_transaction_id and e.side = 'bank'
       and e.trust_account_id = new.trust_account_id;
    if posted is distinct from new.amount then
      raise exception 'a statement line matches a posting of its account and amount'
        using errcode = 'check_violation', constraint = 'trust_bank_lines_match_amount', detail = 'constraint "trust_bank_lines_match_amount"';
    end if;
  end if;
  if tg_op = 'UPDATE' and old.matched_transaction_id is not null
     and old.posted_on <= legal.trust_locked_until(new.tenant_id, new.trust_account_id) then
    raise exception 'the line is in a reconciled period: its match is locked'
      using errcode = 'check_violation', constraint = 'trust_bank_lines_period_locked', detail = 'constraint "trust_bank_lines_period_locked"';
  end if;
  return new;
end;
$$;
create trigger trust_bank_lines_guard before insert or update or delete on legal.trust_bank_lines
  for each row execute function legal.trust_bank_line_guard();

-- The three balances of an account on a date (as the schema sees them, whoever asks).
create function legal.trust_balances_on(p_tenant uuid, p_account uuid, p_date date,
                                        out bank_total numeric, out book_total numeric, out ledgers_total numeric)
  language plpgsql stable security definer
  set search_path = pg_catalog
as $$
begin
  bank_total := coalesce((select sum(l.amount) from legal.trust_bank_lines l
                           where l.tenant_id = p_tenant and l.trust_account_id = p_account and l.posted_on <= p_date), 0);
  book_total := coalesce((select sum(e.amount) from legal.trust_entries e
                           where e.tenant_id = p_tenant and e.trust_account_id = p_account and e.side = 'bank'
                             and e.occurred_on <= p_date), 0);
  ledgers_total := coalesce((select -sum(e.amount) from legal.trust_entries e
                              where e.tenant_id = p_tenant and e.trust_account_id = p_account and e.side = 'client_ledger'
                                and e.occurred_on <= p_date), 0);
end;
$$;
revoke execute on function legal.trust_balances_on(uuid, uuid, date) from public;

-- A reconciliation is accepted when the three agree on its date; the schema computes them.
create function legal.trust_reconciliation_check() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog
as $$
declare
  b record;
  locked date;
begin
  perform legal.trust_check_tenant(new.tenant_id);
  locked := legal.trust_locked_until(new.tenant_id, new.trust_account_id);
  if new.period_end <= locked then
    raise exception 'the period up to % is reconciled already', locked
      using errcode = 'check_violation', constraint = 'trust_reconciliations_period_locked', detail = 'constraint "trust_reconciliations_period_locked"';
  end if;
  if new.period_end > current_date then
    raise exception 'a period is reconciled once it has ended'
      using errcode = 'check_violation', constraint = 'trust_reconciliations_period_ended', detail = 'constraint "trust_reconciliations_period_ended"';
  end if;
  b := legal.trust_balances_on(new.tenant_id, new.trust_account_id, new.period_end);
  new.book_balance := b.book_total;
  new.client_ledgers := b.ledgers_total;
  if new.statement_balance <> b.bank_total or b.bank_total <> b.book_total or b.book_total <> b.ledgers_total then
    raise exception 'the three balances differ on % (statement %, imported lines %, book %, client ledgers %)',
      new.period_end, new.statement_balance, b.bank_total, b.book_total, b.ledgers_total
      using errcode = 'check_violation', constraint = 'trust_reconciliations_three_way', detail = 'constraint "trust_reconciliations_three_way"';
  end if;
  new.reconciled_at := now();
  return new;
end;
$$;
create trigger trust_reconciliations_check before insert on legal.trust_reconciliations
  for each row execute function legal.trust_reconciliation_check();

-- Who may do what ----------------------------------------------------------------------------

insert into legal.permissions (code, description) values
  ('trust.read', 'See trust accounts, client ledgers, statements and reconciliations (firm-wide)'),
  ('trust.manage', 'Open trust accounts; post deposits, disbursements, transfers and reversals; import statements'),
  ('trust.reconcile', 'Reconcile a trust account''s period (which locks it)');

insert into legal.default_role_permissions (role_name, permission_code) values
  ('admin', 'trust.read'), ('admin', 'trust.manage'), ('admin', 'trust.reconcile');

insert into legal.role_permissions (tenant_id, role_id, permission_code)
select r.tenant_id, r.id, d.permission_code
  from legal.roles r
  join legal.default_role_permissions d on d.role_name = r.name
 where r.is_default and d.permission_code in ('trust.read', 'trust.manage', 'trust.reconcile')
on conflict do nothing;

select legal.set_access_policies('legal.trust_accounts',
  $$legal.has_permission('trust.read')$$,
  $$legal.has_permission('trust.manage')$$,
  $$legal.has_permission('trust.manage')$$,
  'false');
select legal.set_access_policies('legal.trust_transactions',
  $$legal.has_permission('trust.read')$$,
  $$legal.has_permission('trust.manage') and created_by = legal.current_user_id()$$,
  'false', 'false');
select legal.set_access_policies('legal.trust_entries', $$legal.has_permission('trust.read')$$, 'false', 'false', 'false');
select legal.set_access_policies('legal.trust_client_balances', $$legal.has_permission('trust.read')$$, 'false', 'false', 'false');
select legal.set_access_policies('legal.trust_reconciliations',
  $$legal.has_permission('trust.read')$$,
  $$legal.has_permission('trust.reconcile') and reconciled_by = legal.current_user_id()$$,
  'false', 'false');
select legal.set_access_policies('legal.trust_bank_lines',
  $$legal.has_permission('trust.read')$$,
  $$legal.has_permission('trust.manage')$$,
  $$legal.has_permission('trust.manage')$$,
  'false');

-- Takes privileges back from the application roles on a table whose rows are records or are
-- written by the schema itself (enable_tenant_isolation granted them all). legal-schema verify
-- compares the result with the manifest like every other grant.
create function legal.restrict_app_writes(target regclass, p_privileges text[]) returns void
  language plpgsql
  set search_path = pg_catalog
as $$
begin
  if p_privileges is null or cardinality(p_privileges) = 0
     or not p_privileges <@ array['insert', 'update', 'delete'] then
    raise exception 'restrict_app_writes takes insert, update and/or delete, not %', p_privileges;
  end if;
  execute format('revoke %s on %s from legal_app, legal_system', array_to_string(p_privileges, ', '), target);
end;
$$;
revoke execute on function legal.restrict_app_writes(regclass, text[]) from public;

-- the application writes postings, reconciliations and statement lines; entries and balances
-- are the schema's; nothing of it is deleted
select legal.restrict_app_writes('legal.trust_entries', array['insert', 'update', 'delete']);
select legal.restrict_app_writes('legal.trust_client_balances', array['insert', 'update', 'delete']);
select legal.restrict_app_writes('legal.trust_transactions', array['update', 'delete']);
select legal.restrict_app_writes('legal.trust_reconciliations', array['update', 'delete']);
select legal.restrict_app_writes('legal.trust_accounts', array['delete']);
select legal.restrict_app_writes('legal.trust_bank_lines', array['delete']);

revoke execute on function legal.trust_transaction_check(), legal.trust_post_entries(), legal.trust_entries_balanced(),
  legal.trust_bank_line_guard(), legal.trust_reconciliation_check() from public;

select legal.hand_over_ownership();
