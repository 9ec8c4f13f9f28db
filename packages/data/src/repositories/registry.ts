import { accessRepository } from './access.js';
import { aiQueriesRepository } from './ai-queries.js';
import { auditRepository } from './audit.js';
import { casesRepository } from './cases.js';
import { chunksRepository } from './chunks.js';
import { clientsRepository } from './clients.js';
import { communicationsRepository } from './communications.js';
import { conflictsRepository } from './conflicts.js';
import { conversationsRepository } from './conversations.js';
import { deadlinesRepository } from './deadlines.js';
import { documentsRepository } from './documents.js';
import { expensesRepository } from './expenses.js';
import { invoicesRepository } from './invoices.js';
import { hasPermission } from './permissions.js';
import { privacyRepository } from './privacy.js';
import { reportsRepository } from './reports.js';
import type { RepositoryContext } from './repository-context.js';
import { accessTokensRepository, sessionsRepository } from './sessions.js';
import { tasksRepository } from './tasks.js';
import { templatesRepository } from './templates.js';
import { timeEntriesRepository } from './time-entries.js';
import { trustRepository } from './trust.js';
import { usersRepository } from './users.js';

/** The current user's permissions (role permissions and personal grants). */
export interface RolesRepository {
  hasPermission(code: string): Promise<boolean>;
}

/**
 * Every repository of a tenant scope, by the name it has on `t`: the one list from which
 * the scope's type, its construction and the coverage tests are derived.
 */
export const TENANT_REPOSITORIES = {
  cases: casesRepository,
  clients: clientsRepository,
  users: usersRepository,
  sessions: sessionsRepository,
  accessTokens: accessTokensRepository,
  documents: documentsRepository,
  chunks: chunksRepository,
  tasks: tasksRepository,
  communications: communicationsRepository,
  templates: templatesRepository,
  timeEntries: timeEntriesRepository,
  expenses: expensesRepository,
  invoices: invoicesRepository,
  reports: reportsRepository,
  conversations: conversationsRepository,
  conflicts: conflictsRepository,
  trust: trustRepository,
  deadlines: deadlinesRepository,
  privacy: privacyRepository,
  aiQueries: aiQueriesRepository,
  roles: (ctx: RepositoryContext): RolesRepository => ({ hasPermission: (code: string) => hasPermission(ctx, code) }),
  access: accessRepository,
  audit: auditRepository,
} as const;

/** The repositories of a tenant scope, typed from `TENANT_REPOSITORIES`. */
export type TenantRepositories = {
  readonly [K in keyof typeof TENANT_REPOSITORIES]: ReturnType<(typeof TENANT_REPOSITORIES)[K]>;
};
