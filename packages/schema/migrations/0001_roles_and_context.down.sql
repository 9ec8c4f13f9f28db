-- Roles and extensions are shared by the cluster (or other schemas) and stay.
drop function legal.hand_over_ownership();
drop function legal.enable_reference_read(regclass);
drop function legal.enable_tenant_isolation(regclass);
drop function legal.touch_updated_at();
drop function legal.current_user_id();
drop function legal.current_tenant_id();
revoke usage on schema legal from legal_app, legal_readonly, legal_system;
