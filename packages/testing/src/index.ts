export type {
  FirmAccessLeak,
  FirmAccessOptions,
  FirmAccessReport,
  FirmActorKind,
} from './access/assert-firm-access.js';
export { assertFirmAccess, FIRM_ACTOR_KINDS, FirmAccessError } from './access/assert-firm-access.js';
export type { Command as AccessCommand, Reach, TableRule } from './access/firm-access-model.js';
export { FIRM_ACCESS_MODEL } from './access/firm-access-model.js';
export type { CatalogSnapshotOptions } from './catalog/catalog-snapshot.js';
export { catalogSnapshot } from './catalog/catalog-snapshot.js';
export type { TenantForeignKey } from './catalog/tenant-foreign-keys.js';
export { tenantForeignKeys } from './catalog/tenant-foreign-keys.js';
export type { EnsureCitusOptions } from './citus/ensure-citus.js';
export { CitusUnavailableError, ensureCitus } from './citus/ensure-citus.js';
export type { CitusCluster, CitusNode, CitusNodes, StartCitusOptions } from './citus/start-citus.js';
export { createCitusDatabase, startCitus } from './citus/start-citus.js';
export type { OpenUnitOptions } from './context/open-unit.js';
export { openUnit } from './context/open-unit.js';
export type { CreateTestDatabaseOptions, TestDatabase } from './database/create-test-database.js';
export { createTestDatabase } from './database/create-test-database.js';
export type { TestDatabaseTemplate } from './database/ensure-template.js';
export { ensureTemplate } from './database/ensure-template.js';
export { query } from './database/query.js';
export type {
  AttackContext,
  AttackOperation,
  IsolationLeak,
  TenantIsolationOptions,
  TenantIsolationReport,
} from './isolation/assert-tenant-isolation.js';
export {
  ATTACK_CONTEXTS,
  ATTACK_OPERATIONS,
  assertTenantIsolation,
  TenantIsolationError,
} from './isolation/assert-tenant-isolation.js';
export type { PgBouncer, PgBouncerOptions } from './pooler/start-pgbouncer.js';
export { findPgBouncer, startPgBouncer } from './pooler/start-pgbouncer.js';
export type { ContainerRuntimeDetection } from './postgres/detect-container-runtime.js';
export { detectContainerRuntime } from './postgres/detect-container-runtime.js';
export { PostgresUnavailableError, ProviderSkippedError, ProviderStepError } from './postgres/errors.js';
export { findFreePort } from './postgres/free-port.js';
export { startPostgres } from './postgres/start-postgres.js';
export type {
  ContainerProviderOptions,
  EmbeddedProviderOptions,
  LocalProviderOptions,
  PostgresLogger,
  PostgresProviderName,
  PostgresServer,
  ProviderAttempt,
  StartPostgresOptions,
} from './postgres/types.js';
export { PROVIDER_ORDER } from './postgres/types.js';
export type { PostgresReplica, StartReplicaOptions } from './replica/start-replica.js';
export { startReplica } from './replica/start-replica.js';
export type { TenantRunner } from './seed/as-tenant.js';
export { asTenant, asUser } from './seed/as-tenant.js';
export type { Factories, FactoryOptions } from './seed/factories.js';
export { createFactories } from './seed/factories.js';
export type { FrozenClock } from './seed/frozen-clock.js';
export { frozenClock } from './seed/frozen-clock.js';
export type { Random } from './seed/random.js';
export { seededRandom } from './seed/random.js';
export type { SeededFirm, SeedFirmOptions, SeedProgress } from './seed/seed-firm.js';
export { seedFirm } from './seed/seed-firm.js';
