-- 0027 down: trust accounting removed (its accounts, postings, entries, balances, statements
-- and reconciliations with it).
drop function if exists legal.trust_balances_on(uuid, uuid, date);
drop function if exists legal.trust_locked_until(uuid, uuid);
drop table if exists legal.trust_bank_lines;
drop table if exists legal.trust_reconciliations;
drop table if exists legal.trust_client_balances;
drop table if exists legal.trust_entries;
drop table if exists legal.trust_transactions;
drop table if exists legal.trust_accounts;
drop function if exists legal.trust_reconciliation_check();
drop function if exists legal.trust_bank_line_guard();
drop function if exists legal.trust_balance_guard();
drop function if exists legal.trust_record_guard();
drop function if exists legal.trust_entries_balanced();
drop function if exists legal.trust_post_entries();
drop function if exists legal.trust_transaction_check();
drop function if exists legal.trust_check_tenant(uuid);
drop function if exists legal.restrict_app_writes(regclass, text[]);
delete from legal.role_permissions where permission_code in ('trust.read', 'trust.manage', 'trust.reconcile');
delete from legal.default_role_permissions where permission_code in ('trust.read', 'trust.manage', 'trust.reconcile');
delete from legal.permissions where code in ('trust.read', 'trust.manage', 'trust.reconcile');
