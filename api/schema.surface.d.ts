import pg from 'pg';
export declare interface AcceptedLintFinding {
    file: string;
    line: number;
    rule: string;
}
export declare interface AppliedMigration {
    name: string;
    checksum: string;
    appliedAt: Date;
    executionMs: number;
    appliedBy: string;
}
export declare interface BackupManifest {
    format: 'legal-backup/1';
    createdAt: string;
    serverVersion: string;
    serverMajor: number;
    database: string;
    migrations: string[];
    tenants: number;
    auditEvents: number;
}
export declare interface BackupOptions {
    url: string;
    out: string;
    pgBin?: string;
    onProgress?: (progress: BackupProgress) => void;
}
export declare interface BackupProgress {
    table: string;
    done: number;
    total: number;
}
export declare interface BackupRole {
    name: string;
    login: boolean;
    bypassRls: boolean;
    inherit: boolean;
    memberOf: string[];
}
export declare class ConnectionError extends MigrationError {
    readonly name = "ConnectionError";
    constructor(target: string, reason: string, options?: ErrorOptions);
}
export declare function createBackup(options: BackupOptions): Promise<BackupManifest>;
export declare function createMigrator(options: MigratorOptions): Migrator;
export declare const DEFAULT_THRESHOLDS: DoctorThresholds;
export declare interface DoctorCheckResult {
    name: string;
    status: DoctorStatus;
    summary: string;
    details: Record<string, unknown>[];
}
export declare interface DoctorOptions {
    thresholds?: Partial<DoctorThresholds>;
    auditChains?: boolean;
    lockTimeoutMs?: number;
}
export declare type DoctorStatus = 'ok' | 'warn' | 'problem' | 'skipped';
export declare interface DoctorThresholds {
    slowStatementMs: number;
    deadRowShare: number;
    staleAnalyzeShare: number;
    wraparoundShare: number;
    lockWaitMs: number;
    replicationLagMs: number;
    auditMonthsAhead: number;
}
export declare interface DownOptions {
    to?: string | 0;
    step?: number;
    dryRun?: boolean;
}
export declare class DriftError extends MigrationError {
    readonly problems: readonly DriftProblem[];
    readonly name = "DriftError";
    constructor(problems: readonly DriftProblem[]);
}
export declare interface DriftProblem {
    name: string;
    kind: 'changed' | 'missing' | 'out_of_order';
    detail: string;
}
export declare function exportTenant(options: ExportTenantOptions): Promise<TenantCounts>;
export declare interface ExportTenantOptions {
    url: string;
    tenantId: string;
    out: string;
    onTable?: (table: string, rows: number) => void;
}
export declare function importTenant(options: ImportTenantOptions): Promise<ImportTenantResult>;
export declare interface ImportTenantOptions {
    url: string;
    from: string;
    onTable?: (table: string, rows: number) => void;
}
export declare interface ImportTenantResult {
    tenantId: string;
    slug: string;
    counts: TenantCounts;
    auditProblem: string | null;
}
export declare class InvalidMigrationsError extends MigrationError {
    readonly dir: string;
    readonly problems: readonly string[];
    readonly name = "InvalidMigrationsError";
    constructor(dir: string, problems: readonly string[]);
}
export declare interface LintFinding {
    file: string;
    line: number;
    rule: OwnLintRule | (string & {});
    source: 'legal' | 'squawk';
    message: string;
    accepted: boolean;
}
export declare function lintMigrations(options: LintOptions): Promise<LintResult>;
export declare interface LintOptions {
    dir?: string;
    files?: readonly string[];
    accepted?: readonly AcceptedLintFinding[];
    pgVersion?: string;
    squawk?: boolean;
}
export declare interface LintResult {
    files: string[];
    findings: LintFinding[];
    squawk: {
        ran: boolean;
        reason?: string;
    };
}
export declare class LockNotAcquiredError extends MigrationError {
    readonly holder: string | undefined;
    readonly name = "LockNotAcquiredError";
    constructor(message: string, holder: string | undefined);
}
export declare function maskUrl(url: string): string;
export declare class MigrationError extends Error {
    readonly code: MigrationErrorCode;
    readonly name: string;
    constructor(code: MigrationErrorCode, message: string, options?: ErrorOptions);
}
export declare type MigrationErrorCode = 'MIGRATION_FAILED' | 'DRIFT' | 'LOCK_NOT_ACQUIRED' | 'CONNECTION_FAILED' | 'INVALID_MIGRATIONS' | 'UNKNOWN_MIGRATION' | 'UNSUPPORTED_SERVER' | 'TOOL_MISSING' | 'BACKUP_FAILED' | 'RESTORE_REFUSED' | 'RESTORE_FAILED' | 'TENANT_NOT_FOUND' | 'IMPORT_REFUSED' | 'LEGAL_HOLD' | 'OFFBOARD_FAILED';
export declare class MigrationFailedError extends MigrationError {
    readonly migration: string;
    readonly file: string;
    readonly location: SqlLocation | undefined;
    readonly sqlState: string | undefined;
    readonly applied: readonly string[];
    readonly cleanup: readonly string[];
    readonly name = "MigrationFailedError";
    constructor(migration: string, file: string, location: SqlLocation | undefined, sqlState: string | undefined, reason: string, applied?: readonly string[], cleanup?: readonly string[], options?: ErrorOptions);
}
export declare const migrationsDir: string;
export declare function migrationsFingerprint(dir?: string): Promise<string>;
export declare interface MigrationStatus {
    applied: Array<AppliedMigration & {
        checksumMatches: boolean | null;
    }>;
    pending: string[];
    drift: DriftProblem[];
}
export declare interface Migrator {
    up(options?: UpOptions): Promise<RunResult>;
    down(options?: DownOptions): Promise<RunResult>;
    status(): Promise<MigrationStatus>;
    validate(): Promise<ValidationResult>;
    repair(): Promise<RepairResult>;
}
export declare type MigratorEvent = {
    event: 'lock-acquired';
    waitedMs: number;
} | {
    event: 'applied' | 'reverted';
    name: string;
    durationMs: number;
} | {
    event: 'planned';
    direction: 'up' | 'down';
    name: string;
} | {
    event: 'repaired';
    name: string;
};
export declare interface MigratorLogger {
    info(event: MigratorEvent): void;
}
export declare interface MigratorOptions {
    connectionString?: string;
    client?: pg.Client;
    migrationsDir?: string;
    logger?: MigratorLogger;
    waitForLock?: boolean;
    lockTimeoutMs?: number;
}
export declare function offboardTenant(options: OffboardTenantOptions): Promise<TenantCounts>;
export declare interface OffboardTenantOptions extends ExportTenantOptions {
    drainTimeoutMs?: number;
}
export declare type OwnLintRule = 'tenant-table-without-isolation' | 'policy-outside-helper' | 'grant-outside-helper' | 'security-definer-without-search-path' | 'recursive-sql-body' | 'atomic-body';
export declare function readContextKey(connection: string | pg.ClientBase): Promise<string>;
export declare interface RepairResult {
    repaired: string[];
    remaining: DriftProblem[];
}
export declare function restoreBackup(options: RestoreOptions): Promise<RestoreResult>;
export declare interface RestoreOptions {
    url: string;
    from: string;
    pgBin?: string;
    onProgress?: (progress: BackupProgress) => void;
}
export declare interface RestoreResult {
    manifest: BackupManifest;
    createdRoles: string[];
    loginsWithoutPassword: string[];
    findings: VerifyFinding[];
    auditChains: {
        checked: number;
        broken: string[];
    };
}
export declare function runDoctor(client: pg.ClientBase, options?: DoctorOptions): Promise<DoctorCheckResult[]>;
export declare interface RunResult {
    direction: 'up' | 'down';
    dryRun: boolean;
    migrations: Array<{
        name: string;
        durationMs?: number;
        sql?: string;
    }>;
}
export declare interface SqlLocation {
    file: string;
    line: number;
    column: number;
}
export declare type TenantCounts = Record<string, number>;
export declare interface TenantExportHeader {
    format: 'legal-tenant/1';
    exportedAt: string;
    tenant: Record<string, unknown> & {
        id: string;
        slug: string;
    };
    migrations: string[];
}
export declare class UnknownMigrationError extends MigrationError {
    readonly name = "UnknownMigrationError";
    constructor(name: string, direction: 'up' | 'down');
}
export declare class UnsupportedServerError extends MigrationError {
    readonly serverVersion: string;
    readonly minimum: string;
    readonly name = "UnsupportedServerError";
    constructor(serverVersion: string, minimum: string);
}
export declare interface UpOptions {
    to?: string;
    dryRun?: boolean;
}
export declare interface ValidationResult {
    ok: boolean;
    problems: DriftProblem[];
}
export declare interface VerifyFinding {
    rule: VerifyRule;
    object: string;
    message: string;
}
export declare type VerifyRule = 'schema_missing' | 'rls_disabled' | 'rls_not_forced' | 'policy_missing' | 'policy_not_tenant_scoped' | 'policy_with_subquery' | 'unexpected_policy' | 'tenant_id_nullable' | 'pk_without_tenant' | 'unique_without_tenant' | 'fk_without_tenant' | 'no_tenant_index' | 'fk_not_indexed' | 'unclassified_table' | 'role_missing' | 'app_role_bypasses_rls' | 'app_role_owns_objects' | 'app_role_can_assume_privileged_role' | 'view_without_security_invoker' | 'definer_without_search_path' | 'not_owned_by_legal_owner' | 'audit_trigger_missing' | 'audit_log_writable' | 'migration_pending' | 'migration_changed' | 'migration_unknown' | 'server_unsupported' | 'extension_missing' | 'grant_missing' | 'grant_extra' | 'owner_policy_missing' | 'ddl_audit_missing' | 'citus_not_distributed';
export declare function verifySchema(client: pg.ClientBase, options?: VerifySchemaOptions): Promise<VerifyFinding[]>;
declare interface VerifySchemaOptions {
    migrationsDir?: string;
}
export { }
