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
export type { SystemContext, TenantContext } from './tenant/tenant-context.js';
export { systemContextSchema, tenantContextSchema } from './tenant/tenant-context.js';
export type { TransactionOptions } from './tenant/transaction-options.js';
