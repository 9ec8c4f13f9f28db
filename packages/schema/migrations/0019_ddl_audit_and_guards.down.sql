-- 0019 down: no DDL audit or guards; the schema chain's events stay in the log.
drop event trigger if exists legal_ddl_guard_drop;
drop event trigger if exists legal_ddl_guard_check;
drop event trigger if exists legal_ddl_guard_snapshot;
drop event trigger if exists legal_ddl_drop_audit;
drop event trigger if exists legal_ddl_audit;
drop schema if exists legal_guard cascade;
drop function legal.ddl_audit();
drop function legal.schema_chain_id();
