drop function legal.tenant_id_by_slug(text);
drop policy tenants_owner_select on legal.tenants;
