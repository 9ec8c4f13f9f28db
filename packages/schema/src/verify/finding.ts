/** The rules `verify` checks; each finding names one. */
export type VerifyRule =
  | 'schema_missing'
  | 'rls_disabled'
  | 'rls_not_forced'
  | 'policy_missing'
  | 'policy_not_tenant_scoped'
  | 'policy_with_subquery'
  | 'unexpected_policy'
  | 'tenant_id_nullable'
  | 'pk_without_tenant'
  | 'unique_without_tenant'
  | 'fk_without_tenant'
  | 'no_tenant_index'
  | 'fk_not_indexed'
  | 'unclassified_table'
  | 'role_missing'
  | 'app_role_bypasses_rls'
  | 'app_role_owns_objects'
  | 'app_role_can_assume_privileged_role'
  | 'view_without_security_invoker'
  | 'definer_without_search_path'
  | 'not_owned_by_legal_owner'
  | 'audit_trigger_missing'
  | 'audit_log_writable'
  | 'migration_pending'
  | 'migration_changed'
  | 'migration_unknown'
  | 'server_unsupported'
  | 'extension_missing'
  | 'grant_missing'
  | 'grant_extra'
  | 'owner_policy_missing'
  | 'ddl_audit_missing'
  | 'citus_not_distributed';

/** One broken rule on one object. */
export interface VerifyFinding {
  rule: VerifyRule;
  /** The object, e.g. `legal.cases` or `role legal_app`. */
  object: string;
  message: string;
}
