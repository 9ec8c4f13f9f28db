export type { Auth, LoginResult } from './auth/auth.js';
export type { LegalDb, SystemScope, TenantScope } from './database/create-legal-db.js';
export { createLegalDb } from './database/create-legal-db.js';
export type { CreateLegalDbOptions, EncryptionOptions, LegalLogger } from './database/options.js';
export type { FieldIssue, LegalErrorCode } from './errors/legal-error.js';
export {
  CheckViolationError,
  ConflictError,
  DatabaseUnavailableError,
  ForbiddenError,
  ForeignKeyError,
  InvalidTransitionError,
  LegalError,
  NotFoundError,
  SerializationError,
  TenantContextError,
  ValidationError,
} from './errors/legal-error.js';
export { wrapError } from './errors/wrap-error.js';
export type { DB } from './generated/db.js';
export type {
  Case,
  CaseActivity,
  CaseMember,
  CaseParty,
  CaseSearchHit,
  CasesRepository,
} from './repositories/cases.js';
export type { Client, ClientsRepository } from './repositories/clients.js';
export type { Page } from './repositories/keyset.js';
export type { AccessToken, AccessTokensRepository, Session, SessionsRepository } from './repositories/sessions.js';
export type { Tenant, TenantsRepository } from './repositories/tenants.js';
export type { User, UsersRepository } from './repositories/users.js';
export type { CreateCaseInput, ListCasesInput, PartyInput, UpdateCaseInput } from './schemas/cases.js';
export type { CreateClientInput, ListClientsInput, UpdateClientInput } from './schemas/clients.js';
export type { CreateTenantInput } from './schemas/tenants.js';
export type {
  CreateAccessTokenInput,
  CreateUserInput,
  ListUsersInput,
  LoginInput,
  UpdateUserInput,
} from './schemas/users.js';
export type { SystemContext, TenantContext } from './tenant/tenant-context.js';
export { systemContextSchema, tenantContextSchema } from './tenant/tenant-context.js';
export type { TransactionOptions } from './tenant/transaction-options.js';
