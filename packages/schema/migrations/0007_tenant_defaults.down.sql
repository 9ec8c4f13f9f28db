drop trigger tenants_create_defaults on legal.tenants;
drop function legal.create_tenant_defaults();
