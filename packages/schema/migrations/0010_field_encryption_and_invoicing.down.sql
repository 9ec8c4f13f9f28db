drop function legal.next_invoice_seq();
alter table legal.invoices drop constraint invoices_seq_key, drop column invoice_seq, drop column tax_rate;

drop trigger communications_audit_insert on legal.communications;
drop trigger communications_audit_update on legal.communications;
drop trigger communications_audit_delete on legal.communications;
alter table legal.communications drop constraint communications_encryption_key_check;
alter table legal.communications drop column body_encrypted, drop column encryption_key_id;
alter table legal.communications add column body text;
select legal.enable_audit('legal.communications');

drop trigger clients_audit_insert on legal.clients;
drop trigger clients_audit_update on legal.clients;
drop trigger clients_audit_delete on legal.clients;
drop index legal.clients_national_id_bidx_idx;
drop index legal.clients_tax_id_bidx_idx;
drop index legal.clients_search_idx;
alter table legal.clients drop constraint clients_national_id_bidx_pair, drop constraint clients_tax_id_bidx_pair,
  drop constraint clients_encryption_key_check;
alter table legal.clients drop column search_vector, drop column notes_encrypted, drop column tax_id_encrypted,
  drop column tax_id_bidx, drop column national_id_bidx;
alter table legal.clients add column notes text;
alter table legal.clients add constraint clients_encryption_key_check
  check ((date_of_birth_encrypted is null and national_id_encrypted is null) or encryption_key_id is not null);
alter table legal.clients add column search_vector tsvector generated always as (
  to_tsvector('english'::regconfig, coalesce(name, '') || ' ' || coalesce(company_name, '') || ' ' ||
              coalesce(email, '') || ' ' || coalesce(notes, ''))) stored;
create index clients_search_idx on legal.clients using gin (tenant_id, search_vector);
select legal.enable_audit('legal.clients');

select legal.hand_over_ownership();
