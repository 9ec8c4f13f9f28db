import type { Kysely } from 'kysely';
import type { FieldCipher } from '../crypto/field-encryption.js';
import type { DB } from '../generated/db.js';
import type { TenantContext } from '../tenant/tenant-context.js';
import type { UnitAccess } from '../tenant/unit-access.js';

/** What every tenant repository is bound to: the unit and its context. */
export interface RepositoryContext {
  readonly db: Kysely<DB>;
  readonly context: TenantContext;
  /** What the unit's user may do (from the context's grants, without a round trip). */
  readonly access: UnitAccess;
  /** bcrypt cost of new password hashes. */
  readonly passwordHashCost: number;
  /** Field encryption, when createLegalDb was given keys. */
  readonly cipher: FieldCipher | undefined;
  /** Configured embedding dimensions per model. */
  readonly embeddingDimensions: Readonly<Record<string, number>>;
  /** Signs tickets for the schema's functions that need the SDK's word (a password change). */
  readonly signer: import('../tenant/context-key.js').ContextSigner;
}
