/**
 * The in-firm access model as the attack suite states it, independently of the SQL that
 * enforces it: for each tenant table and command, the permissions one of which a user needs
 * to touch OTHER users' rows of a matter or of the firm. The suite only asserts denials that
 * follow from this model (a necessary condition failing), so the model may be coarser than
 * the policies but never more permissive.
 */

export type Command = 'select' | 'insert' | 'update' | 'delete';

/** How a table's rows belong: to a matter (through `case_id`, or `id` for cases), or to the firm. */
export type Scope = 'matter' | 'firm';

export interface TableRule {
  scope: Scope;
  /**
   * Per command: the permissions one of which is needed (`[]`: nobody through the
   * application role; absent: no permission needed beyond matter access).
   */
  needs: Partial<Record<Command, readonly string[]>>;
  /** Commands that also need write access to the matter (owner, assignee, editor or admin member, or a firm-wide reader). */
  writes?: readonly Command[];
  /** Rows of other users are never visible or writable (conversations: the user's own). */
  ownOnly?: boolean;
  /** An inserted row is a new matter, not the target's: it needs ALL of these (cases: create, and see every matter to own another's). */
  insertNeedsAll?: readonly string[];
}

const MATTER_WRITES: readonly Command[] = ['insert', 'update', 'delete'];
const NOBODY: readonly string[] = [];

/** Every tenant table of the schema and its rule (a table missing here fails the suite: the model must cover it). */
export const FIRM_ACCESS_MODEL: Readonly<Record<string, TableRule>> = {
  'legal.roles': {
    scope: 'firm',
    needs: { insert: ['roles.manage'], update: ['roles.manage'], delete: ['roles.manage'] },
  },
  'legal.role_permissions': {
    scope: 'firm',
    needs: { insert: ['roles.manage'], update: ['roles.manage'], delete: ['roles.manage'] },
  },
  'legal.users': {
    scope: 'firm',
    needs: {
      select: ['users.read', 'users.manage'],
      insert: ['users.manage'],
      update: ['users.manage'],
      delete: ['users.manage'],
    },
  },
  'legal.user_permissions': {
    scope: 'firm',
    needs: {
      select: ['users.manage', 'access.review'],
      insert: ['users.manage'],
      update: ['users.manage'],
      delete: ['users.manage'],
    },
  },
  'legal.user_sessions': {
    scope: 'firm',
    needs: { select: ['users.manage'], insert: NOBODY, update: ['users.manage'], delete: ['users.manage'] },
  },
  'legal.access_tokens': {
    scope: 'firm',
    needs: { select: ['users.manage'], insert: NOBODY, update: ['users.manage'], delete: ['users.manage'] },
  },
  'legal.password_reset_tokens': {
    scope: 'firm',
    needs: { select: NOBODY, insert: NOBODY, update: NOBODY, delete: NOBODY },
  },
  // each client's audit key (0033): no application role reads or writes it, whatever it holds
  'legal.privacy_keys': {
    scope: 'firm',
    needs: { select: NOBODY, insert: NOBODY, update: NOBODY, delete: NOBODY },
  },
  'legal.security_events': {
    scope: 'firm',
    needs: { select: ['audit.read'], insert: NOBODY, update: NOBODY, delete: NOBODY },
  },
  'legal.ethical_walls': {
    scope: 'firm',
    needs: {
      select: ['walls.manage', 'access.review', 'audit.read'],
      insert: ['walls.manage'],
      update: ['walls.manage'],
      delete: ['walls.manage'],
    },
  },
  'legal.clients': {
    scope: 'firm',
    needs: {
      select: ['clients.read', 'clients.manage'],
      insert: ['clients.manage'],
      update: ['clients.manage'],
      delete: ['clients.manage'],
    },
  },
  'legal.parties': {
    scope: 'firm',
    needs: {
      select: ['conflicts.check', 'clients.read'],
      insert: ['conflicts.check'],
      update: ['conflicts.check'],
      delete: ['conflicts.decide'],
    },
  },
  'legal.party_names': {
    scope: 'firm',
    needs: {
      select: ['conflicts.check', 'clients.read'],
      insert: ['conflicts.check'],
      update: ['conflicts.check'],
      delete: ['conflicts.check'],
    },
  },
  'legal.party_affiliations': {
    scope: 'firm',
    needs: {
      select: ['conflicts.check', 'clients.read'],
      insert: ['conflicts.check'],
      update: ['conflicts.check'],
      delete: ['conflicts.check'],
    },
  },
  'legal.conflict_checks': {
    scope: 'firm',
    needs: {
      select: ['conflicts.check', 'conflicts.decide'],
      insert: ['conflicts.check'],
      update: ['conflicts.decide'],
      delete: NOBODY,
    },
  },
  'legal.court_holidays': {
    scope: 'firm',
    needs: { insert: ['deadlines.manage'], update: ['deadlines.manage'], delete: ['deadlines.manage'] },
  },
  'legal.deadline_rule_sets': {
    scope: 'firm',
    needs: { insert: ['deadlines.manage'], update: ['deadlines.manage'], delete: ['deadlines.manage'] },
  },
  'legal.deadline_rules': {
    scope: 'firm',
    needs: { insert: ['deadlines.manage'], update: ['deadlines.manage'], delete: ['deadlines.manage'] },
  },
  'legal.case_deadline_sets': {
    scope: 'matter',
    needs: { insert: ['tasks.manage'], update: ['tasks.manage'], delete: ['tasks.manage'] },
    writes: MATTER_WRITES,
  },
  'legal.case_deadlines': {
    scope: 'matter',
    needs: { insert: ['tasks.manage'], update: ['tasks.manage'], delete: ['tasks.manage'] },
    writes: MATTER_WRITES,
  },
  'legal.trust_accounts': {
    scope: 'firm',
    needs: { select: ['trust.read'], insert: ['trust.manage'], update: ['trust.manage'], delete: NOBODY },
  },
  'legal.trust_transactions': {
    scope: 'firm',
    needs: { select: ['trust.read'], insert: ['trust.manage'], update: NOBODY, delete: NOBODY },
  },
  'legal.trust_entries': {
    scope: 'firm',
    needs: { select: ['trust.read'], insert: NOBODY, update: NOBODY, delete: NOBODY },
  },
  'legal.trust_client_balances': {
    scope: 'firm',
    needs: { select: ['trust.read'], insert: NOBODY, update: NOBODY, delete: NOBODY },
  },
  'legal.trust_reconciliations': {
    scope: 'firm',
    needs: { select: ['trust.read'], insert: ['trust.reconcile'], update: NOBODY, delete: NOBODY },
  },
  'legal.trust_bank_lines': {
    scope: 'firm',
    needs: { select: ['trust.read'], insert: ['trust.manage'], update: ['trust.manage'], delete: NOBODY },
  },
  'legal.document_categories': {
    scope: 'firm',
    needs: {
      select: ['documents.read', 'templates.manage'],
      insert: ['documents.upload'],
      update: ['documents.upload'],
      delete: ['documents.upload'],
    },
  },
  'legal.templates': {
    scope: 'firm',
    needs: { insert: ['templates.manage'], update: ['templates.manage'], delete: ['templates.manage'] },
  },
  'legal.template_versions': {
    scope: 'firm',
    needs: { insert: ['templates.manage'], update: ['templates.manage'], delete: ['templates.manage'] },
  },
  'legal.cases': {
    scope: 'matter',
    needs: { delete: ['cases.delete'] },
    writes: ['update', 'delete'],
    insertNeedsAll: ['cases.create', 'cases.read_all'],
  },
  'legal.case_status_history': { scope: 'matter', needs: { insert: NOBODY, update: NOBODY, delete: NOBODY } },
  'legal.case_members': {
    scope: 'matter',
    needs: { insert: ['cases.assign'], update: ['cases.assign'], delete: ['cases.assign'] },
    writes: MATTER_WRITES,
  },
  // a copy of another user's activity is not one's own; activities are never changed
  'legal.case_activities': { scope: 'matter', needs: { insert: NOBODY, update: NOBODY, delete: NOBODY } },
  'legal.case_parties': {
    scope: 'matter',
    needs: { insert: ['cases.update'], update: ['cases.update'], delete: ['cases.update'] },
    writes: MATTER_WRITES,
  },
  'legal.documents': {
    scope: 'matter',
    needs: {
      select: ['documents.read'],
      insert: ['documents.upload'],
      update: ['documents.upload', 'documents.delete', 'documents.legal_hold'],
      delete: ['documents.delete'],
    },
    writes: MATTER_WRITES,
  },
  'legal.document_versions': {
    scope: 'matter',
    needs: {
      select: ['documents.read'],
      insert: ['documents.upload'],
      update: ['documents.upload'],
      delete: ['documents.delete'],
    },
    writes: MATTER_WRITES,
  },
  'legal.document_chunks': {
    scope: 'matter',
    needs: {
      select: ['documents.read'],
      insert: ['documents.upload'],
      update: ['documents.upload'],
      delete: ['documents.upload'],
    },
    writes: MATTER_WRITES,
  },
  'legal.document_permissions': {
    scope: 'matter',
    needs: {
      select: ['documents.manage_permissions'],
      insert: ['documents.manage_permissions'],
      update: ['documents.manage_permissions'],
      delete: ['documents.manage_permissions'],
    },
    writes: MATTER_WRITES,
  },
  'legal.tasks': {
    scope: 'matter',
    needs: { insert: ['tasks.manage'], update: ['tasks.manage'], delete: ['tasks.manage'] },
    writes: MATTER_WRITES,
  },
  'legal.communications': {
    scope: 'matter',
    needs: {
      select: ['communications.read'],
      insert: ['communications.manage'],
      update: ['communications.manage'],
      delete: ['communications.manage'],
    },
    writes: MATTER_WRITES,
  },
  'legal.invoices': {
    scope: 'matter',
    needs: { select: ['billing.read'], insert: ['billing.manage'], update: ['billing.manage'], delete: NOBODY },
    writes: MATTER_WRITES,
  },
  'legal.invoice_line_items': {
    scope: 'matter',
    needs: {
      select: ['billing.read'],
      insert: ['billing.manage'],
      update: ['billing.manage'],
      delete: ['billing.manage'],
    },
    writes: MATTER_WRITES,
  },
  // another user's time or expense: billing.read to see it, billing.manage to change it
  'legal.time_entries': {
    scope: 'matter',
    needs: {
      select: ['billing.read'],
      insert: ['billing.manage'],
      update: ['billing.manage'],
      delete: ['billing.manage'],
    },
    writes: MATTER_WRITES,
  },
  'legal.expenses': {
    scope: 'matter',
    needs: {
      select: ['billing.read'],
      insert: ['billing.manage'],
      update: ['billing.manage'],
      delete: ['billing.manage'],
    },
    writes: MATTER_WRITES,
  },
  'legal.conversations': { scope: 'matter', needs: {}, ownOnly: true },
  'legal.conversation_messages': { scope: 'matter', needs: {}, ownOnly: true },
  'legal.ai_queries': {
    scope: 'matter',
    needs: { select: ['audit.read'], insert: NOBODY, update: NOBODY, delete: NOBODY },
  },
};

/** How far an actor reaches into the target matter. */
export type Reach = 'none' | 'read' | 'write';

/** What the model says an actor may attempt: `deny` is asserted; `may` is left to the policies. */
export function expected(
  rule: TableRule,
  command: Command,
  actor: { permissions: ReadonlySet<string>; reach: Reach; opens: boolean },
): 'deny' | 'may' {
  if (!actor.opens) return 'deny';
  if (rule.ownOnly) return 'deny';
  if (command === 'insert' && rule.insertNeedsAll) {
    return rule.insertNeedsAll.every((p) => actor.permissions.has(p)) ? 'may' : 'deny';
  }
  if (rule.scope === 'matter') {
    if (actor.reach === 'none') return 'deny';
    if (command !== 'select' && (rule.writes ?? []).includes(command) && actor.reach !== 'write') return 'deny';
  }
  const needs = rule.needs[command];
  if (needs && !needs.some((p) => actor.permissions.has(p))) return 'deny';
  return 'may';
}
