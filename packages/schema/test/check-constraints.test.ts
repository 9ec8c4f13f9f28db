import { query } from '@legal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, sqlState } from './support/as-role.js';
import { legalDatabase, seedFirm, TENANT_A } from './support/legal-database.js';

const db = await legalDatabase();
await seedFirm(db.url, TENANT_A, 'checks');

/**
 * One bad row per CHECK constraint, keyed by the constraint's name. `:A` is tenant A.
 * Seed-stated checks are marked with the seed that states them.
 */
const BAD_ROWS: Record<string, string> = {
  // seed 000: users, cases, case_files, user_sessions, case_collaborators
  users_email_check: "update legal.users set email = 'not-an-email' where tenant_id = :A", // 000 + 001 valid_email
  cases_valid_case_type: "update legal.cases set case_type = 'maritime' where tenant_id = :A", // 000
  cases_valid_title_length: "update legal.cases set title = 'ab' where tenant_id = :A", // 000 char_length(title) >= 3
  documents_valid_upload_status: "update legal.documents set upload_status = 'lost' where tenant_id = :A", // 000
  documents_valid_file_size: 'update legal.documents set file_size = -1 where tenant_id = :A', // 000
  user_sessions_container_port_check: 'update legal.user_sessions set container_port = 8000 where tenant_id = :A', // 000
  case_members_valid_permission_level: "update legal.case_members set permission_level = 'owner' where tenant_id = :A", // 000
  // seed 001
  cases_title_not_empty: "update legal.cases set title = '   ' where tenant_id = :A", // 001 length(trim(title)) > 0
  cases_valid_priority: "update legal.cases set priority = 'p0' where tenant_id = :A", // 001 Priority enum
  // seed 003
  document_permissions_permission_type_check:
    "update legal.document_permissions set permission_type = 'admin' where tenant_id = :A",
  // the merged schema's own
  access_tokens_name_not_blank: "update legal.access_tokens set name = ' ' where tenant_id = :A",
  access_tokens_token_hash_format: "update legal.access_tokens set token_hash = 'plaintext-token' where tenant_id = :A",
  access_tokens_token_prefix_format: "update legal.access_tokens set token_prefix = '!' where tenant_id = :A",
  ai_queries_answer_or_refusal: 'update legal.ai_queries set answer = null, refusal_reason = null where tenant_id = :A',
  ai_queries_confidence_check: 'update legal.ai_queries set confidence_score = 1.5 where tenant_id = :A',
  ai_queries_query_text_not_blank: "update legal.ai_queries set query_text = ' ' where tenant_id = :A",
  ai_queries_response_time_check: 'update legal.ai_queries set response_time_ms = -1 where tenant_id = :A',
  ai_queries_retrieved_documents_array: "update legal.ai_queries set retrieved_documents = '{}' where tenant_id = :A",
  ai_queries_sources_array: "update legal.ai_queries set sources = '{}' where tenant_id = :A",
  case_activities_activity_type_check: "update legal.case_activities set activity_type = 'hacked' where tenant_id = :A",
  case_activities_comment_has_body:
    "update legal.case_activities set activity_type = 'commented', body = ' ' where tenant_id = :A",
  case_activities_details_object: "update legal.case_activities set details = '[]' where tenant_id = :A",
  case_members_member_role_check: "update legal.case_members set member_role = 'boss' where tenant_id = :A",
  // conflict checks (0024): a check is a record, so its bad rows are inserted, not updated
  conflict_checks_query_check:
    "insert into legal.conflict_checks (tenant_id, query, checked_by) select tenant_id, ' ', id from legal.users where tenant_id = :A limit 1",
  conflict_checks_hits_check:
    "insert into legal.conflict_checks (tenant_id, query, checked_by, hits) select tenant_id, 'q', id, '{}' from legal.users where tenant_id = :A limit 1",
  conflict_checks_decision_check:
    "insert into legal.conflict_checks (tenant_id, query, checked_by, decision, decided_by, decided_at) select tenant_id, 'q', id, 'maybe', id, now() from legal.users where tenant_id = :A limit 1",
  conflict_checks_decision_reason_check:
    "insert into legal.conflict_checks (tenant_id, query, checked_by, decision_reason) select tenant_id, 'q', id, repeat('x', 2001) from legal.users where tenant_id = :A limit 1",
  conflict_checks_waiver_reason:
    "insert into legal.conflict_checks (tenant_id, query, checked_by, decision, decided_by, decided_at) select tenant_id, 'q', id, 'waived', id, now() from legal.users where tenant_id = :A limit 1",
  conflict_checks_decided:
    "insert into legal.conflict_checks (tenant_id, query, checked_by, decision) select tenant_id, 'q', id, 'cleared' from legal.users where tenant_id = :A limit 1",
  // UTBMS codes (0029)
  time_entries_utbms_task_code_check: "update legal.time_entries set utbms_task_code = 'L100' where tenant_id = :A",
  time_entries_utbms_activity_code_check:
    "update legal.time_entries set utbms_activity_code = 'A999' where tenant_id = :A",
  expenses_utbms_expense_code_check: "update legal.expenses set utbms_expense_code = 'E999' where tenant_id = :A",
  // court-rule deadlines (0028)
  court_holidays_jurisdiction_check: "update legal.court_holidays set jurisdiction = ' ' where tenant_id = :A",
  court_holidays_name_check: "update legal.court_holidays set name = repeat('x', 201) where tenant_id = :A",
  deadline_rule_sets_jurisdiction_check: "update legal.deadline_rule_sets set jurisdiction = ' ' where tenant_id = :A",
  deadline_rule_sets_name_check: "update legal.deadline_rule_sets set name = ' ' where tenant_id = :A",
  deadline_rule_sets_trigger_event_check:
    "update legal.deadline_rule_sets set trigger_event = ' ' where tenant_id = :A",
  deadline_rule_sets_description_check:
    "update legal.deadline_rule_sets set description = repeat('x', 2001) where tenant_id = :A",
  deadline_rules_name_check: "update legal.deadline_rules set name = ' ' where tenant_id = :A",
  deadline_rules_offset_days_check: 'update legal.deadline_rules set offset_days = 4000 where tenant_id = :A',
  deadline_rules_day_kind_check: "update legal.deadline_rules set day_kind = 'business' where tenant_id = :A",
  deadline_rules_direction_check: "update legal.deadline_rules set direction = 'around' where tenant_id = :A",
  deadline_rules_roll_check: "update legal.deadline_rules set roll = 'sideways' where tenant_id = :A",
  deadline_rules_service_days_check:
    'update legal.deadline_rules set service_days = \'{"mail": 99}\' where tenant_id = :A',
  deadline_rules_task_kind_check: "update legal.deadline_rules set task_kind = 'chore' where tenant_id = :A",
  case_deadline_sets_service_method_check:
    "update legal.case_deadline_sets set service_method = 'pigeon' where tenant_id = :A",
  case_deadlines_override_reason_check:
    "update legal.case_deadlines set override_due = current_date, override_reason = repeat('x', 1001) where tenant_id = :A",
  case_deadlines_override_check:
    'update legal.case_deadlines set override_due = current_date, override_reason = null where tenant_id = :A',
  // trust accounting (0027): postings, entries and reconciliations are records (inserted here);
  // a balance changes only by a posting, so its CHECK is met by an overdrawing disbursement
  trust_accounts_name_check: "update legal.trust_accounts set name = ' ' where tenant_id = :A",
  trust_accounts_kind_check: "update legal.trust_accounts set kind = 'savings' where tenant_id = :A",
  trust_accounts_bank_name_check: "update legal.trust_accounts set bank_name = repeat('x', 201) where tenant_id = :A",
  trust_accounts_account_last4_check: "update legal.trust_accounts set account_last4 = '12a4' where tenant_id = :A",
  trust_accounts_currency_check: "update legal.trust_accounts set currency = 'usd' where tenant_id = :A",
  trust_transactions_kind_check:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'robbery', c.id, 5, current_date, 'x', a.created_by, null, null, null, null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_transactions_amount_check:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'deposit', c.id, -5, current_date, 'x', a.created_by, null, null, null, null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_transactions_description_check:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'deposit', c.id, 5, current_date, ' ', a.created_by, null, null, null, null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_transactions_payee_check:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'deposit', c.id, 5, current_date, 'x', a.created_by, repeat('x', 301), null, null, null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_transactions_reference_check:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'deposit', c.id, 5, current_date, 'x', a.created_by, null, repeat('x', 201), null, null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_transactions_invoice_check:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'deposit', c.id, 5, current_date, 'x', a.created_by, null, null, (select id from legal.invoices where tenant_id = :A limit 1), null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_transactions_reversal_check:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'deposit', c.id, 5, current_date, 'x', a.created_by, null, null, null, (select id from legal.trust_transactions where tenant_id = :A and kind = 'deposit' limit 1) from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_transactions_payee_required:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'disbursement', c.id, 5, current_date, 'x', a.created_by, null, null, null, null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  privacy_keys_key_length:
    "insert into legal.privacy_keys (tenant_id, client_id, key_secret) select tenant_id, gen_random_uuid(), '\\x00' from legal.clients where tenant_id = :A limit 1",
  privacy_keys_erased:
    'insert into legal.privacy_keys (tenant_id, client_id, key_secret, erased_at) select tenant_id, gen_random_uuid(), null, null from legal.clients where tenant_id = :A limit 1',
  trust_client_balances_not_negative:
    "insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, amount, occurred_on, description, created_by, payee, reference, invoice_id, reverses_id) select a.tenant_id, a.id, 'disbursement', c.id, 1000000, current_date, 'x', a.created_by, 'p', null, null, null from legal.trust_accounts a join legal.clients c on c.tenant_id = a.tenant_id where a.tenant_id = :A limit 1",
  trust_entries_side_check:
    "insert into legal.trust_entries (tenant_id, transaction_id, trust_account_id, side, client_id, amount, occurred_on) select tenant_id, transaction_id, trust_account_id, 'middle', null, amount, occurred_on from legal.trust_entries where tenant_id = :A and side = 'client_ledger' limit 1",
  trust_entries_client_check:
    "insert into legal.trust_entries (tenant_id, transaction_id, trust_account_id, side, client_id, amount, occurred_on) select tenant_id, transaction_id, trust_account_id, 'bank', client_id, amount, occurred_on from legal.trust_entries where tenant_id = :A and side = 'client_ledger' limit 1",
  trust_entries_amount_check:
    "insert into legal.trust_entries (tenant_id, transaction_id, trust_account_id, side, client_id, amount, occurred_on) select tenant_id, transaction_id, trust_account_id, side, client_id, 0, occurred_on from legal.trust_entries where tenant_id = :A and side = 'client_ledger' limit 1",
  trust_reconciliations_notes_check:
    "insert into legal.trust_reconciliations (tenant_id, trust_account_id, period_end, statement_balance, notes, reconciled_by) select tenant_id, id, current_date, 700, repeat('x', 2001), created_by from legal.trust_accounts where tenant_id = :A limit 1",
  trust_bank_lines_amount_check:
    'insert into legal.trust_bank_lines (tenant_id, trust_account_id, posted_on, amount, description, bank_reference) select tenant_id, id, current_date, 0, null, null from legal.trust_accounts where tenant_id = :A limit 1',
  trust_bank_lines_description_check:
    "insert into legal.trust_bank_lines (tenant_id, trust_account_id, posted_on, amount, description, bank_reference) select tenant_id, id, current_date, 5, repeat('x', 1001), null from legal.trust_accounts where tenant_id = :A limit 1",
  trust_bank_lines_bank_reference_check:
    "insert into legal.trust_bank_lines (tenant_id, trust_account_id, posted_on, amount, description, bank_reference) select tenant_id, id, current_date, 5, null, repeat('x', 201) from legal.trust_accounts where tenant_id = :A limit 1",
  parties_kind_check: "update legal.parties set kind = 'robot' where tenant_id = :A",
  parties_name_check: "update legal.parties set name = ' ' where tenant_id = :A",
  parties_notes_check: "update legal.parties set notes = repeat('x', 5001) where tenant_id = :A",
  party_names_name_check: "update legal.party_names set name = repeat('x', 501) where tenant_id = :A",
  party_names_name_kind_check: "update legal.party_names set name_kind = 'nickname' where tenant_id = :A",
  party_affiliations_not_self: 'update legal.party_affiliations set affiliate_id = party_id where tenant_id = :A',
  party_affiliations_relation_check: "update legal.party_affiliations set relation = 'rival' where tenant_id = :A",
  case_parties_email_check: "update legal.case_parties set email = 'nope' where tenant_id = :A",
  case_parties_name_not_blank: "update legal.case_parties set name = ' ' where tenant_id = :A",
  case_parties_party_role_check: "update legal.case_parties set party_role = 'spectator' where tenant_id = :A",
  case_status_transitions_not_same:
    "insert into legal.case_status_transitions (from_status, to_status, required_permission) values ('new', 'new', 'cases.transition')",
  context_keys_single: 'update legal.context_keys set id = 2',
  context_keys_length: "update legal.context_keys set key = '\\x00'",
  ethical_walls_reason_not_blank: "update legal.ethical_walls set reason = ' ' where tenant_id = :A",
  cases_legal_hold_reason_check:
    'update legal.cases set legal_hold = true, legal_hold_reason = null where tenant_id = :A',
  audit_log_action_check: `insert into legal.audit_log (tenant_id, seq, occurred_at, txid, db_role, action, prev_hash, hash)
    values (:A, 999999999, now(), 1, 'test', 'erase', '', '')`,
  cases_case_value_check: 'update legal.cases set case_value = -1 where tenant_id = :A',
  cases_custom_fields_object: "update legal.cases set custom_fields = '[]' where tenant_id = :A",
  cases_file_count_check: 'update legal.cases set file_count = -1 where tenant_id = :A',
  cases_total_size_bytes_check: 'update legal.cases set total_size_bytes = -1 where tenant_id = :A',
  clients_address_object: "update legal.clients set address = '[]' where tenant_id = :A",
  clients_company_has_name: "update legal.clients set kind = 'company', company_name = null where tenant_id = :A",
  clients_email_check: "update legal.clients set email = 'nope' where tenant_id = :A",
  clients_encryption_key_check:
    "update legal.clients set national_id_encrypted = '\\x01', encryption_key_id = null where tenant_id = :A",
  clients_kind_check: "update legal.clients set kind = 'robot' where tenant_id = :A",
  clients_tax_id_bidx_format: "update legal.clients set tax_id_bidx = 'not-hex' where tenant_id = :A",
  clients_tax_id_bidx_pair:
    'update legal.clients set tax_id_bidx = null where tenant_id = :A and tax_id_encrypted is not null',
  clients_national_id_bidx_format:
    "update legal.clients set national_id_encrypted = '\\x01', national_id_bidx = 'ABC', encryption_key_id = 'k' where tenant_id = :A",
  clients_national_id_bidx_pair:
    "update legal.clients set national_id_encrypted = '\\x01', national_id_bidx = null, encryption_key_id = 'k' where tenant_id = :A",
  clients_name_not_blank: "update legal.clients set name = ' ' where tenant_id = :A",
  clients_phone_check: "update legal.clients set phone = 'call me' where tenant_id = :A",
  communications_direction_check: "update legal.communications set direction = 'sideways' where tenant_id = :A",
  communications_duration_check: 'update legal.communications set duration_minutes = -1 where tenant_id = :A',
  communications_kind_check: "update legal.communications set kind = 'fax' where tenant_id = :A",
  communications_encryption_key_check: 'update legal.communications set encryption_key_id = null where tenant_id = :A',
  communications_participants_array: "update legal.communications set participants = '{}' where tenant_id = :A",
  conversation_messages_metadata_object: "update legal.conversation_messages set metadata = '[]' where tenant_id = :A",
  conversation_messages_role_check: "update legal.conversation_messages set role = 'bot' where tenant_id = :A",
  default_roles_name_format: "insert into legal.default_roles values ('Bad Name', 'x', 99)",
  document_categories_name_not_blank: "update legal.document_categories set name = ' ' where tenant_id = :A",
  document_chunks_chunk_index_check: 'update legal.document_chunks set chunk_index = -1 where tenant_id = :A',
  document_chunks_embedding_model_check: 'update legal.document_chunks set embedding_model = null where tenant_id = :A',
  document_chunks_embedding_shape: "update legal.document_chunks set embedding = '{}' where tenant_id = :A",
  document_chunks_span_check: 'update legal.document_chunks set end_char = start_char - 1 where tenant_id = :A',
  document_chunks_start_char_check:
    'update legal.document_chunks set start_char = -1, end_char = 0 where tenant_id = :A',
  document_permissions_grantee_check:
    'update legal.document_permissions set user_id = null, role_id = null where tenant_id = :A',
  document_versions_content_hash_format: "update legal.document_versions set content_hash = 'xyz' where tenant_id = :A",
  document_versions_file_size_check: 'update legal.document_versions set file_size = -1 where tenant_id = :A',
  document_versions_version_number_check: 'update legal.document_versions set version_number = 0 where tenant_id = :A',
  documents_content_hash_format: "update legal.documents set content_hash = 'xyz' where tenant_id = :A",
  documents_current_version_check: 'update legal.documents set current_version = 0 where tenant_id = :A',
  documents_derivation_kind_check: "update legal.documents set derivation_kind = 'magic' where tenant_id = :A",
  documents_derived_check: 'update legal.documents set is_derived = not is_derived where tenant_id = :A',
  documents_file_name_not_blank: "update legal.documents set file_name = ' ' where tenant_id = :A",
  documents_legal_hold_reason_check:
    'update legal.documents set legal_hold = true, legal_hold_reason = null where tenant_id = :A',
  documents_logical_path_format: "update legal.documents set logical_path = '../../etc/passwd' where tenant_id = :A",
  documents_metadata_object: "update legal.documents set metadata = '[]' where tenant_id = :A",
  documents_total_chunks_check: 'update legal.documents set total_chunks = -1 where tenant_id = :A',
  expenses_amount_check: 'update legal.expenses set amount = 0 where tenant_id = :A',
  expenses_category_check: "update legal.expenses set category = 'bribes' where tenant_id = :A",
  expenses_currency_check: "update legal.expenses set currency = 'usd' where tenant_id = :A",
  expenses_description_not_blank: "update legal.expenses set description = ' ' where tenant_id = :A",
  invoice_line_items_currency_check: "update legal.invoice_line_items set currency = 'US1' where tenant_id = :A",
  invoice_line_items_description_not_blank:
    "update legal.invoice_line_items set description = ' ' where tenant_id = :A",
  invoice_line_items_line_number_check:
    'update legal.invoice_line_items set line_number = -line_number where tenant_id = :A',
  invoice_line_items_quantity_check: 'update legal.invoice_line_items set quantity = 0 where tenant_id = :A',
  invoice_line_items_unit_price_check: 'update legal.invoice_line_items set unit_price = -1 where tenant_id = :A',
  invoices_amount_paid_check: 'update legal.invoices set amount_paid = -1 where tenant_id = :A',
  invoices_invoice_seq_check: 'update legal.invoices set invoice_seq = 0 where tenant_id = :A',
  invoices_tax_rate_check: 'update legal.invoices set tax_rate = 1.5 where tenant_id = :A',
  invoices_currency_check: "update legal.invoices set currency = 'X1Y' where tenant_id = :A",
  invoices_due_after_issue:
    "update legal.invoices set issue_date = '2026-02-01', due_date = '2026-01-01' where tenant_id = :A",
  invoices_sent_has_number: "update legal.invoices set status = 'sent', invoice_number = null where tenant_id = :A",
  invoices_status_check: "update legal.invoices set status = 'overdue' where tenant_id = :A",
  invoices_paid_or_void: 'update legal.invoices set paid_at = now(), voided_at = now() where tenant_id = :A',
  invoices_subtotal_check: 'update legal.invoices set subtotal = -1 where tenant_id = :A',
  invoices_tax_check: 'update legal.invoices set tax = -1 where tenant_id = :A',
  invoices_total_check: 'update legal.invoices set total = -1 where tenant_id = :A',
  password_reset_tokens_expiry_check:
    "update legal.password_reset_tokens set expires_at = created_at - interval '1 second' where tenant_id = :A",
  password_reset_tokens_token_hash_format:
    "update legal.password_reset_tokens set token_hash = 'reset-me' where tenant_id = :A",
  permissions_code_format: "insert into legal.permissions values ('BAD', 'x')",
  roles_name_format: "update legal.roles set name = 'Bad Name' where tenant_id = :A and name = 'viewer'",
  schema_migrations_checksum_check:
    "insert into legal.schema_migrations (name, checksum, execution_ms) values ('9999_x', 'nope', 1)",
  schema_migrations_execution_ms_check: `insert into legal.schema_migrations (name, checksum, execution_ms) values ('9999_x', repeat('a', 64), -1)`,
  schema_migrations_name_check: `insert into legal.schema_migrations (name, checksum, execution_ms) values ('x', repeat('a', 64), 1)`,
  security_events_details_object: "update legal.security_events set details = '[]' where tenant_id = :A",
  security_events_event_type_check: "update legal.security_events set event_type = 'hacked' where tenant_id = :A",
  security_events_severity_check: "update legal.security_events set severity = 'fatal' where tenant_id = :A",
  tasks_completed_check: "update legal.tasks set status = 'todo', completed_at = now() where tenant_id = :A",
  tasks_deadline_has_due: "update legal.tasks set kind = 'deadline', due_at = null where tenant_id = :A",
  tasks_kind_check: "update legal.tasks set kind = 'chore' where tenant_id = :A",
  tasks_priority_check: "update legal.tasks set priority = 'p0' where tenant_id = :A",
  tasks_status_check: "update legal.tasks set status = 'waiting' where tenant_id = :A",
  tasks_title_not_blank: "update legal.tasks set title = ' ' where tenant_id = :A",
  template_versions_variables_array: "update legal.template_versions set variables = '{}' where tenant_id = :A",
  template_versions_version_check: 'update legal.template_versions set version = 0 where tenant_id = :A',
  templates_current_version_check: 'update legal.templates set current_version = 0 where tenant_id = :A',
  templates_name_not_blank: "update legal.templates set name = ' ' where tenant_id = :A",
  tenants_max_document_size_positive: 'update legal.tenants set max_document_size_bytes = 0 where id = :A',
  tenants_name_not_blank: "update legal.tenants set name = ' ' where id = :A",
  tenants_settings_object: "update legal.tenants set settings = '[]' where id = :A",
  tenants_slug_format: "update legal.tenants set slug = 'Bad Slug' where id = :A",
  tenants_status_check: "update legal.tenants set status = 'deleted' where id = :A",
  sign_in_misses_kind_check: "insert into legal.sign_in_misses (kind, slug) values ('guess', 'x')",
  time_entries_currency_check: "update legal.time_entries set currency = 'usd' where tenant_id = :A",
  time_entries_description_not_blank: "update legal.time_entries set description = ' ' where tenant_id = :A",
  time_entries_minutes_check: 'update legal.time_entries set minutes = 0 where tenant_id = :A',
  time_entries_rate_check: 'update legal.time_entries set rate = -1 where tenant_id = :A',
  user_sessions_token_hash_format: "update legal.user_sessions set token_hash = 'session-token' where tenant_id = :A",
  users_failed_login_count_check: 'update legal.users set failed_login_count = -1 where tenant_id = :A',
  users_full_name_not_blank: "update legal.users set full_name = ' ' where tenant_id = :A",
  users_password_hash_not_blank: "update legal.users set password_hash = '' where tenant_id = :A",
  users_subscription_tier_check: "update legal.users set subscription_tier = 'gold' where tenant_id = :A",
  users_username_format: "update legal.users set username = 'x' where tenant_id = :A",
};

const checks = await query<{ name: string; table: string }>(
  db.url,
  `select conname as name, conrelid::regclass::text as table from pg_constraint
    where contype = 'c' and connamespace = 'legal'::regnamespace order by conname`,
);

let session: Session;
beforeAll(async () => {
  session = await Session.open(db.url);
});
afterAll(() => session.close());

const sqlFor = (name: string) => (BAD_ROWS[name] ?? '').replaceAll(':A', `'${TENANT_A}'`);

describe('CHECK constraints', () => {
  it('every CHECK in the schema has a bad row in this test (a new CHECK needs one)', () => {
    expect(checks.length).toBeGreaterThan(100);
    expect(checks.map((c) => c.name).filter((name) => !(name in BAD_ROWS))).toEqual([]);
    expect(Object.keys(BAD_ROWS).filter((name) => !checks.some((c) => c.name === name))).toEqual([]);
  });

  it.each(checks.map((c) => [c.name, c.table]))('%s (%s) rejects a bad row', async (name) => {
    const error = await session.rolledBack((client) => client.query(sqlFor(name))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23514', constraint: name });
  });
});

describe('seed rules enforced by keys and triggers', () => {
  it("seed 000's valid_role: a role the firm does not have is rejected", async () => {
    const error = await session
      .rolledBack((c) => c.query("update legal.users set role = 'wizard' where tenant_id = $1", [TENANT_A]))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23503', constraint: 'users_tenant_id_role_fkey' });
  });

  it("seed 000's unique_case_logical_path: one live document per path and case", async () => {
    const error = await session
      .rolledBack((c) =>
        c.query(
          `insert into legal.documents (tenant_id, case_id, logical_path, file_name, file_size, storage_key)
           select tenant_id, case_id, logical_path, 'copy.pdf', 1, 'copy-key' from legal.documents where tenant_id = $1 and not is_derived`,
          [TENANT_A],
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505', constraint: 'documents_case_logical_path_key' });
  });

  it("seed 001's 100 MB file size limit (per tenant) rejects 104857601 bytes", async () => {
    const update = (size: number) =>
      session.rolledBack((c) =>
        c.query('update legal.documents set file_size = $2 where tenant_id = $1', [TENANT_A, size]),
      );
    await expect(update(104_857_600)).resolves.toBeDefined();
    const error = await update(104_857_601).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23514', constraint: 'documents_file_size_limit' });
    const raised = await session
      .rolledBack(async (c) => {
        await c.query('update legal.tenants set max_document_size_bytes = 200000000 where id = $1', [TENANT_A]);
        return c.query('update legal.documents set file_size = 104857601 where tenant_id = $1', [TENANT_A]);
      })
      .then((r) => r.rowCount);
    expect(raised).toBe(2);
  });

  it('email is unique per firm, whatever its case; matter numbers too', async () => {
    expect(
      await sqlState(
        session.rolledBack((c) =>
          c.query(
            `insert into legal.users (tenant_id, email, password_hash, full_name)
             select tenant_id, upper(email), 'x', 'Twin' from legal.users where tenant_id = $1 limit 1`,
            [TENANT_A],
          ),
        ),
      ),
    ).toBe('23505');
    expect(
      await sqlState(
        session.rolledBack((c) =>
          c.query(
            `insert into legal.cases (tenant_id, owner_id, title, matter_number)
             select tenant_id, owner_id, 'Twin matter', matter_number from legal.cases where tenant_id = $1 limit 1`,
            [TENANT_A],
          ),
        ),
      ),
    ).toBe('23505');
  });

  it('a document under legal hold can be neither deleted nor soft-deleted', async () => {
    for (const statement of [
      'delete from legal.documents where tenant_id = $1',
      'update legal.documents set deleted_at = now() where tenant_id = $1',
    ]) {
      const error = await session
        .rolledBack(async (c) => {
          await c.query(
            "update legal.documents set legal_hold = true, legal_hold_reason = 'litigation' where tenant_id = $1",
            [TENANT_A],
          );
          return c.query(statement, [TENANT_A]);
        })
        .catch((e: unknown) => e);
      expect(error, statement).toMatchObject({ code: 'LG002' });
      expect((error as Error).message).toMatch(/is under legal hold and cannot be deleted/);
    }
  });
});
