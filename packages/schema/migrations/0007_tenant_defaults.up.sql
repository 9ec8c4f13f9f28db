-- 0007: a new tenant starts with the default roles (and their permissions) and the
-- default document categories.

create function legal.create_tenant_defaults() returns trigger
  language plpgsql
as $$
declare
  previous text := current_setting('legal.tenant_id', true);
begin
  -- The rows belong to the new tenant: act in its context for these inserts only.
  perform set_config('legal.tenant_id', new.id::text, true);

  insert into legal.roles (tenant_id, name, description, is_default)
  select new.id, d.name, d.description, true from legal.default_roles d order by d.sort_order;

  insert into legal.role_permissions (tenant_id, role_id, permission_code)
  select new.id, r.id, d.permission_code
    from legal.default_role_permissions d
    join legal.roles r on r.tenant_id = new.id and r.name = d.role_name;

  insert into legal.document_categories (tenant_id, name, description, is_default)
  values (new.id, 'Pleadings', 'Complaints, answers, motions and briefs', true),
         (new.id, 'Correspondence', 'Letters and emails', true),
         (new.id, 'Evidence', 'Exhibits, photos and records', true),
         (new.id, 'Contracts', 'Agreements and amendments', true),
         (new.id, 'Court orders', 'Orders, judgments and rulings', true),
         (new.id, 'Discovery', 'Requests, responses and depositions', true),
         (new.id, 'Billing', 'Invoices and receipts', true),
         (new.id, 'Other', 'Everything else', true);

  perform set_config('legal.tenant_id', coalesce(previous, ''), true);
  return null;
end;
$$;
create trigger tenants_create_defaults after insert on legal.tenants
  for each row execute function legal.create_tenant_defaults();

select legal.hand_over_ownership();
