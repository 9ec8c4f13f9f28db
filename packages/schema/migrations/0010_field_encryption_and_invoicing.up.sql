-- 0010: seed 004's application-level field encryption, and gapless invoice numbers.
--
-- Encrypted fields are bytea written by @legal/data (AES-256-GCM, key id inside each
-- ciphertext); the database never sees their plaintext. Equality lookups use an HMAC blind
-- index (hex) next to the ciphertext. Columns ending in _encrypted are redacted from the
-- audit log by name; the blind indexes are listed as secret columns of the audit triggers.
-- Plaintext columns of fields that are now encrypted (clients.notes, communications.body)
-- are dropped: nothing before this release wrote them through the SDK.

-- clients: notes, tax id (new), national id and date of birth (already bytea) ------------
drop index legal.clients_search_idx;
alter table legal.clients drop column search_vector;
alter table legal.clients drop column notes;
alter table legal.clients
  add column notes_encrypted  bytea,
  add column tax_id_encrypted bytea,
  add column tax_id_bidx      text constraint clients_tax_id_bidx_format check (tax_id_bidx ~ '^[0-9a-f]{64}$'),
  add column national_id_bidx text constraint clients_national_id_bidx_format check (national_id_bidx ~ '^[0-9a-f]{64}$'),
  add column search_vector    tsvector generated always as (
    to_tsvector('english'::regconfig, coalesce(name, '') || ' ' || coalesce(company_name, '') || ' ' || coalesce(email, ''))) stored;
alter table legal.clients drop constraint clients_encryption_key_check;
alter table legal.clients add constraint clients_encryption_key_check
  check (num_nonnulls(date_of_birth_encrypted, national_id_encrypted, tax_id_encrypted, notes_encrypted) = 0 or encryption_key_id is not null);
alter table legal.clients add constraint clients_tax_id_bidx_pair check ((tax_id_bidx is null) = (tax_id_encrypted is null));
alter table legal.clients add constraint clients_national_id_bidx_pair check ((national_id_bidx is null) = (national_id_encrypted is null));
create index clients_search_idx on legal.clients using gin (tenant_id, search_vector);
create index clients_tax_id_bidx_idx on legal.clients (tenant_id, tax_id_bidx) where tax_id_bidx is not null;
create index clients_national_id_bidx_idx on legal.clients (tenant_id, national_id_bidx) where national_id_bidx is not null;

-- communications: the body ------------------------------------------------------------------
alter table legal.communications drop column body;
alter table legal.communications
  add column body_encrypted    bytea,
  add column encryption_key_id text,
  add constraint communications_encryption_key_check check (body_encrypted is null or encryption_key_id is not null);

-- the audit triggers of both tables, again, so they know the new secret columns
drop trigger clients_audit_insert on legal.clients;
drop trigger clients_audit_update on legal.clients;
drop trigger clients_audit_delete on legal.clients;
select legal.enable_audit('legal.clients', '{tax_id_bidx,national_id_bidx}');
drop trigger communications_audit_insert on legal.communications;
drop trigger communications_audit_update on legal.communications;
drop trigger communications_audit_delete on legal.communications;
select legal.enable_audit('legal.communications');

-- invoices: gapless numbers per tenant -------------------------------------------------------
-- invoice_seq is 1, 2, 3 … per tenant, taken under a per-tenant transaction lock, so two
-- concurrent creations never share or skip a number (a rolled-back creation releases its
-- number with the lock). Invoices are never deleted (void them), so no gap appears later.
alter table legal.invoices
  add column invoice_seq integer constraint invoices_invoice_seq_check check (invoice_seq > 0),
  add column tax_rate numeric(5, 4) not null default 0 constraint invoices_tax_rate_check check (tax_rate between 0 and 1),
  add constraint invoices_seq_key unique (tenant_id, invoice_seq);

create function legal.next_invoice_seq() returns integer
  language plpgsql volatile
as $$
declare
  tenant uuid := legal.current_tenant_id();
begin
  if tenant is null then
    raise exception 'invoice numbers need a tenant context' using errcode = 'LG004';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('legal.invoices:' || tenant::text, 0));
  -- a statement after the lock: under READ COMMITTED it sees the previous holder's commit
  return (select coalesce(max(i.invoice_seq), 0) + 1 from legal.invoices i where i.tenant_id = tenant);
end;
$$;
comment on function legal.next_invoice_seq() is 'The next gapless invoice number of the current tenant; holds a transaction lock until commit.';
grant execute on function legal.next_invoice_seq() to legal_app;

select legal.hand_over_ownership();
