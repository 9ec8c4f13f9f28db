import type { Kysely } from 'kysely';
import type { FieldCipher } from '../crypto/field-encryption.js';
import type { DB } from '../generated/db.js';
import type { TenantContext } from '../tenant/tenant-context.js';

/** What every tenant repository is bound to: the transaction and its context. */
export interface RepositoryContext {
  readonly db: Kysely<DB>;
  readonly context: TenantContext;
  /** Permission answers already looked up in this transaction. */
  readonly permissionCache: Map<string, boolean>;
  /** bcrypt cost of new password hashes. */
  readonly passwordHashCost: number;
  /** Field encryption, when createLegalDb was given keys. */
  readonly cipher: FieldCipher | undefined;
  /** Configured embedding dimensions per model. */
  readonly embeddingDimensions: Readonly<Record<string, number>>;
}
