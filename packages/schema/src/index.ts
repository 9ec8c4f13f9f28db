export type { BackupManifest, BackupOptions, BackupProgress } from './backup/create-backup.js';
export { createBackup } from './backup/create-backup.js';
export type { RestoreOptions, RestoreResult } from './backup/restore-backup.js';
export { restoreBackup } from './backup/restore-backup.js';
export type { BackupRole } from './backup/roles.js';
export type {
  ExportTenantOptions,
  ImportTenantOptions,
  ImportTenantResult,
  OffboardTenantOptions,
  TenantCounts,
  TenantExportHeader,
} from './backup/tenant-transfer.js';
export { exportTenant, importTenant, offboardTenant } from './backup/tenant-transfer.js';
export { readContextKey } from './context/read-context-key.js';
export type { DoctorCheckResult, DoctorStatus, DoctorThresholds } from './doctor/doctor-check.js';
export { DEFAULT_THRESHOLDS } from './doctor/doctor-check.js';
export type { DoctorOptions } from './doctor/run-doctor.js';
export { runDoctor } from './doctor/run-doctor.js';
export type { AcceptedLintFinding, LintFinding, OwnLintRule } from './lint/lint-finding.js';
export type { LintOptions, LintResult } from './lint/lint-migrations.js';
export { lintMigrations } from './lint/lint-migrations.js';
export { migrationsDir } from './migrations-dir.js';
export { maskUrl } from './migrator/connection.js';
export { createMigrator } from './migrator/create-migrator.js';
export type { DriftProblem, MigrationErrorCode, SqlLocation } from './migrator/errors.js';
export {
  ConnectionError,
  DriftError,
  InvalidMigrationsError,
  LockNotAcquiredError,
  MigrationError,
  MigrationFailedError,
  UnknownMigrationError,
  UnsupportedServerError,
} from './migrator/errors.js';
export { migrationsFingerprint } from './migrator/fingerprint.js';
export type { AppliedMigration } from './migrator/history.js';
export type {
  DownOptions,
  MigrationStatus,
  Migrator,
  MigratorEvent,
  MigratorLogger,
  MigratorOptions,
  RepairResult,
  RunResult,
  UpOptions,
  ValidationResult,
} from './migrator/types.js';
export type { VerifyFinding, VerifyRule } from './verify/finding.js';
export { verifySchema } from './verify/verify-schema.js';
