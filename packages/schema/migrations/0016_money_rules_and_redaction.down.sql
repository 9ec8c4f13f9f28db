drop trigger invoice_lines_release on legal.invoice_line_items;
drop trigger invoices_release_on_void on legal.invoices;
drop function legal.invoice_lines_release();
drop trigger invoice_lines_claim on legal.invoice_line_items;
drop function legal.invoice_lines_claim();
alter table legal.invoices drop constraint invoices_paid_or_void;
drop trigger invoices_check_status on legal.invoices;
drop function legal.invoices_check_status();
create or replace function legal.audit_is_secret(p_column text, p_extra text[]) returns boolean
  language sql immutable
  return p_column in ('password_hash', 'token_hash') or p_column like '%\_encrypted' or p_column = any(p_extra);

create or replace function legal.audit_redact(p_row jsonb, p_extra text[]) returns jsonb
  language sql immutable
  return (select coalesce(jsonb_object_agg(key, case when value <> 'null'::jsonb and legal.audit_is_secret(key, p_extra)
                                                      then '"[redacted]"'::jsonb else value end), '{}'::jsonb)
            from jsonb_each(p_row));
