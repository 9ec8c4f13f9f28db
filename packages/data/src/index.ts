export type { Auth, LoginResult } from './auth/auth.js';
export type { LegalDb, RotateKeysOptions, RotateKeysResult } from './database/create-legal-db.js';
export { createLegalDb } from './database/create-legal-db.js';
export type { CreateLegalDbOptions, EncryptionOptions, LegalLogger } from './database/options.js';
export type { SystemScope, TenantScope } from './database/scopes.js';
export type { ErasureRefusal, FieldIssue, LegalErrorCode } from './errors/legal-error.js';
export {
  CheckViolationError,
  ConflictError,
  ConnectionLostError,
  DatabaseUnavailableError,
  DeadlockError,
  DecryptionError,
  EncryptionNotConfiguredError,
  ErasureRefusedError,
  ForbiddenError,
  ForeignKeyError,
  InvalidTransitionError,
  LegalError,
  LegalHoldError,
  LockTimeoutError,
  NotFoundError,
  ScopeClosedError,
  SerializationError,
  StatementTimeoutError,
  TenantContextError,
  TenantSuspendedError,
  TransactionAbortedError,
  UnawaitedWorkError,
  UnsupportedStatementError,
  ValidationError,
} from './errors/legal-error.js';
export { wrapError } from './errors/wrap-error.js';
export type { DB } from './generated/db.js';
export type { PermissionCode } from './generated/permissions.js';
export { DEFAULT_ROLE_PERMISSIONS, PERMISSIONS } from './generated/permissions.js';
export type { LedesField, LedesIssue, LedesTimekeeperClass, UtbmsCode } from './ledes/ledes-1998b.js';
export {
  LEDES_1998B_FIELDS,
  LEDES_TIMEKEEPER_CLASSES,
  validateLedes1998B,
} from './ledes/ledes-1998b.js';
export type {
  AccessRepository,
  CaseAccess,
  EthicalWall,
  PermissionGrant,
  Role,
  UserAccess,
} from './repositories/access.js';
export type { AiQueriesRepository, AiQuery } from './repositories/ai-queries.js';
export type { AuditEvent, AuditRepository } from './repositories/audit.js';
export type {
  Case,
  CaseActivity,
  CaseMember,
  CaseParty,
  CaseSearchHit,
  CasesRepository,
} from './repositories/cases.js';
export type { ChunkHit, ChunksRepository, DocumentChunk } from './repositories/chunks.js';
export type { Client, ClientsRepository } from './repositories/clients.js';
export type { Communication, CommunicationsRepository } from './repositories/communications.js';
export type {
  ConflictCheck,
  ConflictHit,
  ConflictMatter,
  ConflictsRepository,
  Party,
  PartyAffiliation,
  PartyName,
} from './repositories/conflicts.js';
export type { Conversation, ConversationMessage, ConversationsRepository } from './repositories/conversations.js';
export type {
  CaseDeadline,
  CaseDeadlineSet,
  CourtHoliday,
  DeadlinePreview,
  DeadlineRule,
  DeadlineRuleSet,
  DeadlinesRepository,
} from './repositories/deadlines.js';
export type {
  Document,
  DocumentCategory,
  DocumentPermission,
  DocumentSearchHit,
  DocumentsRepository,
  DocumentVersion,
  FileNameHit,
} from './repositories/documents.js';
export type { Expense, ExpensesRepository } from './repositories/expenses.js';
export type { Invoice, InvoiceLine, InvoicesRepository } from './repositories/invoices.js';
export type { Page } from './repositories/keyset.js';
export type {
  ClientErasure,
  ClientExport,
  ClientExportAuditEntry,
  PrivacyRepository,
} from './repositories/privacy.js';
export type { RolesRepository, TenantRepositories } from './repositories/registry.js';
export type { MonthlyFinancialReport, ReportsRepository } from './repositories/reports.js';
export type { AccessToken, AccessTokensRepository, Session, SessionsRepository } from './repositories/sessions.js';
export type { Task, TasksRepository } from './repositories/tasks.js';
export type { Template, TemplatesRepository, TemplateVariable, TemplateVersion } from './repositories/templates.js';
export type { Tenant, TenantsRepository } from './repositories/tenants.js';
export type { TimeEntriesRepository, TimeEntry } from './repositories/time-entries.js';
export type {
  TrustAccount,
  TrustBankLine,
  TrustDifference,
  TrustLedgerLine,
  TrustPosting,
  TrustReconciliation,
  TrustRepository,
  TrustThreeWay,
  TrustTransaction,
} from './repositories/trust.js';
export type { User, UsersRepository } from './repositories/users.js';
export type { CreateRoleInput, ListWallsInput, PermissionGrantInput, WallInput } from './schemas/access.js';
export type {
  CreateConversationInput,
  InsertChunksInput,
  ListConversationsInput,
  ListQueriesInput,
  MessageInput,
  RecordQueryInput,
} from './schemas/ai.js';
export type { CreateCaseInput, ListCasesInput, PartyInput, UpdateCaseInput } from './schemas/cases.js';
export type { CreateClientInput, ListClientsInput, UpdateClientInput } from './schemas/clients.js';
export type {
  AffiliationInput,
  CreatePartyInput,
  DecideInput,
  ListChecksInput,
  OtherNameInput,
  RunCheckInput,
} from './schemas/conflicts.js';
export type {
  ApplyDeadlinesInput,
  ChangeTriggerInput,
  ComputeDeadlinesInput,
  CourtHolidaysInput,
  DeadlineRuleInput,
  DeadlineRuleSetInput,
  OverrideDeadlineInput,
} from './schemas/deadlines.js';
export type {
  CategoryInput,
  DerivedDocumentInput,
  GrantInput,
  ListDocumentsInput,
  NewVersionInput,
  RegisterDocumentInput,
} from './schemas/documents.js';
export type {
  CreateExpenseInput,
  CreateInvoiceInput,
  CreateTimeEntryInput,
  InvoiceLineInput,
  LedesExportOptions,
  ListExpensesInput,
  ListInvoicesInput,
  ListTimeInput,
} from './schemas/money.js';
export type { EraseClientInput } from './schemas/privacy.js';
export type { CreateTenantInput } from './schemas/tenants.js';
export type {
  CreateTrustAccountInput,
  ListTrustTransactionsInput,
  TrustDepositInput,
  TrustDisbursementInput,
  TrustLedgerInput,
  TrustReconcileInput,
  TrustReversalInput,
  TrustStatementImportInput,
  TrustThreeWayInput,
  TrustTransferInput,
} from './schemas/trust.js';
export type {
  CreateAccessTokenInput,
  CreateUserInput,
  ListUsersInput,
  LoginInput,
  UpdateUserInput,
} from './schemas/users.js';
export type {
  CreateCommunicationInput,
  CreateTaskInput,
  CreateTemplateInput,
  ListCommunicationsInput,
  ListTasksInput,
  TemplateVersionInput,
  UpdateTaskInput,
} from './schemas/work.js';
export type { ContextSigner } from './tenant/context-key.js';
export { contextSigner } from './tenant/context-key.js';
export type { Grants } from './tenant/grants.js';
export type { SystemContext, TenantContext } from './tenant/tenant-context.js';
export { systemContextSchema, tenantContextSchema } from './tenant/tenant-context.js';
export type { TransactionOptions } from './tenant/transaction-options.js';
