import { Case } from '@legal/data';
import { Client } from '@legal/data';
import { Communication } from '@legal/data';
import { Conversation } from '@legal/data';
import { CreateCaseInput } from '@legal/data';
import { CreateClientInput } from '@legal/data';
import { CreateCommunicationInput } from '@legal/data';
import { CreateConversationInput } from '@legal/data';
import { CreateExpenseInput } from '@legal/data';
import { CreateInvoiceInput } from '@legal/data';
import { CreatePartyInput } from '@legal/data';
import { CreateTaskInput } from '@legal/data';
import { CreateTemplateInput } from '@legal/data';
import { CreateTimeEntryInput } from '@legal/data';
import { CreateUserInput } from '@legal/data';
import { Document } from '@legal/data';
import { Expense } from '@legal/data';
import { Invoice } from '@legal/data';
import * as _legal_data from '@legal/data';
import { LegalDb } from '@legal/data';
import { Party } from '@legal/data';
import pg from 'pg';
import { RegisterDocumentInput } from '@legal/data';
import { Task } from '@legal/data';
import { TenantContext } from '@legal/data';
import { TenantScope } from '@legal/data';
import { TimeEntry } from '@legal/data';
import { User } from '@legal/data';
export declare type AccessCommand = 'select' | 'insert' | 'update' | 'delete';
export declare function assertFirmAccess(url: string, options: FirmAccessOptions): Promise<FirmAccessReport>;
export declare function assertTenantIsolation(url: string, options: TenantIsolationOptions): Promise<TenantIsolationReport>;
export declare function asTenant(db: LegalDb, context: TenantContext): TenantRunner;
export declare function asUser(db: LegalDb, firm: {
    tenantId: string;
    users: Record<string, string>;
}, role: string, extra?: Omit<TenantContext, 'tenantId' | 'userId'>): TenantRunner;
export declare const ATTACK_CONTEXTS: readonly ["another_tenant", "forged_context", "no_context", "empty_string", "malformed_uuid", "sql_value"];
export declare const ATTACK_OPERATIONS: readonly ["select", "insert", "update", "delete", "foreign_key", "search"];
export declare type AttackContext = (typeof ATTACK_CONTEXTS)[number];
export declare type AttackOperation = (typeof ATTACK_OPERATIONS)[number];
export declare function catalogSnapshot(url: string, options?: CatalogSnapshotOptions): Promise<string>;
export declare interface CatalogSnapshotOptions {
    schemas?: readonly string[];
}
export declare interface CitusCluster extends AsyncDisposable {
    readonly url: string;
    readonly database: string;
    readonly coordinator: CitusNode;
    readonly workers: readonly CitusNode[];
    readonly nodes: CitusNodes;
    createDatabase(name?: string): Promise<string>;
    stop(): Promise<void>;
}
export declare interface CitusNode {
    readonly server: PostgresServer;
    readonly port: number;
}
export declare interface CitusNodes {
    readonly coordinator: string;
    readonly workers: readonly string[];
}
export declare class CitusUnavailableError extends Error {
    readonly name = "CitusUnavailableError";
}
export declare interface ContainerProviderOptions {
    image?: string;
}
export declare type ContainerRuntimeDetection = {
    available: true;
    endpoint: string;
} | {
    available: false;
    reason: string;
};
export declare function createCitusDatabase(nodes: CitusNodes, name?: string, logger?: PostgresLogger): Promise<string>;
export declare function createFactories(options?: FactoryOptions): {
    buildClient: (o?: Partial<CreateClientInput>) => CreateClientInput;
    buildParty: (o?: Partial<CreatePartyInput>) => CreatePartyInput;
    buildCase: (o?: Partial<CreateCaseInput>) => CreateCaseInput;
    buildUser: (o?: Partial<CreateUserInput>) => CreateUserInput;
    buildDocument: (o: Partial<RegisterDocumentInput> & {
        caseId: string;
    }) => RegisterDocumentInput;
    buildTask: (o?: Partial<CreateTaskInput>) => CreateTaskInput;
    buildCommunication: (o: Partial<CreateCommunicationInput> & {
        caseId: string;
    }) => CreateCommunicationInput;
    buildTimeEntry: (o: Partial<CreateTimeEntryInput> & {
        caseId: string;
    }) => CreateTimeEntryInput;
    buildExpense: (o: Partial<CreateExpenseInput> & {
        caseId: string;
    }) => CreateExpenseInput;
    buildInvoice: (o: Partial<CreateInvoiceInput> & {
        clientId: string;
    }) => CreateInvoiceInput;
    buildTemplate: (o?: Partial<CreateTemplateInput>) => CreateTemplateInput;
    buildConversation: (o?: Partial<CreateConversationInput>) => CreateConversationInput;
    createClient: (t: TenantScope, o?: Partial<CreateClientInput>) => Promise<Client>;
    createParty: (t: TenantScope, o?: Partial<CreatePartyInput>) => Promise<Party>;
    createCase: (t: TenantScope, o?: Partial<CreateCaseInput>) => Promise<Case>;
    createUser: (t: TenantScope, o?: Partial<CreateUserInput>) => Promise<User>;
    createDocument: (t: TenantScope, o?: Partial<RegisterDocumentInput>) => Promise<Document>;
    createTask: (t: TenantScope, o?: Partial<CreateTaskInput>) => Promise<Task>;
    createCommunication: (t: TenantScope, o?: Partial<CreateCommunicationInput>) => Promise<Communication>;
    createTimeEntry: (t: TenantScope, o?: Partial<CreateTimeEntryInput>) => Promise<TimeEntry>;
    createExpense: (t: TenantScope, o?: Partial<CreateExpenseInput>) => Promise<Expense>;
    createInvoice: (t: TenantScope, o?: Partial<CreateInvoiceInput>) => Promise<Invoice>;
    createTemplate: (t: TenantScope, o?: Partial<CreateTemplateInput>) => Promise<{
        name: string;
        id: string;
        tenantId: string;
        createdAt: Date;
        isActive: boolean;
        updatedAt: Date;
        createdBy: string | null;
        description: string | null;
        categoryId: string | null;
        currentVersion: number;
    } & {
        version: _legal_data.TemplateVersion;
    }>;
    createConversation: (t: TenantScope, o?: Partial<CreateConversationInput>) => Promise<Conversation>;
};
export declare function createTestDatabase(server: {
    readonly url: string;
}, options?: CreateTestDatabaseOptions): Promise<TestDatabase>;
export declare interface CreateTestDatabaseOptions {
    template?: TestDatabaseTemplate | undefined;
    prefix?: string;
}
export declare function detectContainerRuntime(env: Readonly<Record<string, string | undefined>>): Promise<ContainerRuntimeDetection>;
export declare interface EmbeddedProviderOptions {
    createPostgresUser?: boolean;
    load?: () => Promise<{
        default: unknown;
    }>;
    nativeDir?: string;
}
export declare function ensureCitus(options?: EnsureCitusOptions): Promise<void>;
export declare interface EnsureCitusOptions {
    binDir?: string;
    source?: string;
    cacheDir?: string;
    logger?: {
        debug(message: string): void;
    };
    env?: Readonly<Record<string, string | undefined>>;
}
export declare function ensureTemplate(serverUrl: string, template: TestDatabaseTemplate): Promise<void>;
export declare type Factories = ReturnType<typeof createFactories>;
export declare interface FactoryOptions {
    seed?: number;
}
export declare function findFreePort(): Promise<number>;
export declare function findPgBouncer(binary?: string): string | undefined;
export declare const FIRM_ACCESS_MODEL: Readonly<Record<string, TableRule>>;
export declare const FIRM_ACTOR_KINDS: readonly ["default_role", "walled_admin", "viewer_member", "scoped_token", "inactive_user", "foreign_user"];
export declare class FirmAccessError extends Error {
    readonly report: FirmAccessReport;
    readonly name = "FirmAccessError";
    constructor(report: FirmAccessReport);
}
export declare interface FirmAccessLeak {
    actor: string;
    table: string;
    command: AccessCommand;
    path: 'sql' | 'repository';
    detail: string;
}
export declare interface FirmAccessOptions {
    tenantId: string;
    matterId: string;
    schema?: string;
    exclude?: readonly string[];
    repositories?: boolean;
}
export declare interface FirmAccessReport {
    actors: string[];
    tables: number;
    cases: number;
    byPath: {
        sql: number;
        repository: number;
    };
    leaks: FirmAccessLeak[];
    uncovered: string[];
    unmodelled: string[];
    blocked: string[];
    inconclusive: string[];
}
export declare type FirmActorKind = (typeof FIRM_ACTOR_KINDS)[number];
export declare interface FrozenClock {
    now(): Date;
    today(): string;
    advance(ms: number): Date;
    set(at: Date | string): Date;
}
export declare function frozenClock(at?: Date | string): FrozenClock;
export declare interface IsolationLeak {
    table: string;
    operation: AttackOperation;
    context: AttackContext;
    detail: string;
}
export declare interface LocalProviderOptions {
    binDir?: string;
    port?: number;
    settings?: Readonly<Record<string, string>>;
    osUser?: string;
    password?: string;
    hba?: readonly string[];
}
export declare function openUnit(client: pg.ClientBase, options: OpenUnitOptions): Promise<void>;
export declare interface OpenUnitOptions {
    tenantId: string;
    userId: string;
    scopes?: readonly string[];
    contextKey?: string;
    url?: string;
    ip?: string;
    userAgent?: string;
    requestId?: string;
    reason?: string;
}
export declare interface PgBouncer extends AsyncDisposable {
    url: string;
    port: number;
    urlFor(user: string, password: string): string;
    stop(): Promise<void>;
}
export declare interface PgBouncerOptions {
    users?: readonly {
        user: string;
        password: string;
    }[];
    poolMode?: 'session' | 'transaction';
    poolSize?: number;
    binary?: string;
    startupTimeoutSeconds?: number;
}
export declare interface PostgresLogger {
    debug(message: string): void;
}
export declare type PostgresProviderName = 'env' | 'local' | 'container' | 'embedded';
export declare interface PostgresReplica extends AsyncDisposable {
    readonly url: string;
    stop(): Promise<void>;
}
export declare interface PostgresServer extends AsyncDisposable {
    readonly url: string;
    readonly provider: PostgresProviderName;
    readonly version: string;
    readonly majorVersion: number;
    stop(): Promise<void>;
}
export declare class PostgresUnavailableError extends Error {
    readonly attempts: readonly ProviderAttempt[];
    readonly name = "PostgresUnavailableError";
    constructor(attempts: readonly ProviderAttempt[]);
}
export declare const PROVIDER_ORDER: readonly PostgresProviderName[];
export declare interface ProviderAttempt {
    provider: PostgresProviderName;
    outcome: 'skipped' | 'failed';
    reason: string;
    durationMs: number;
}
export declare class ProviderSkippedError extends Error {
    readonly name = "ProviderSkippedError";
}
export declare class ProviderStepError extends Error {
    readonly provider: PostgresProviderName;
    readonly step: string;
    readonly name = "ProviderStepError";
    constructor(provider: PostgresProviderName, step: string, detail: string, options?: ErrorOptions);
}
export declare function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params?: readonly unknown[]): Promise<T[]>;
export declare interface Random {
    next(): number;
    int(min: number, max: number): number;
    pick<T>(items: readonly T[]): T;
    uuid(): string;
}
export declare type Reach = 'none' | 'read' | 'write';
declare type Scope = 'matter' | 'firm';
export declare interface SeededFirm {
    tenantId: string;
    slug: string;
    name: string;
    users: Record<string, string>;
    admin: {
        tenantId: string;
        userId: string;
    };
    counts: Record<string, number>;
    elapsedMs: number;
}
export declare function seededRandom(seed: number): Random;
export declare function seedFirm(url: string | {
    url: string;
}, options?: SeedFirmOptions): Promise<SeededFirm>;
export declare interface SeedFirmOptions {
    seed?: number;
    slug?: string;
    name?: string;
    cases?: number;
    batchSize?: number;
    now?: Date;
    onProgress?: (progress: SeedProgress) => void;
}
export declare interface SeedProgress {
    phase: string;
    done: number;
    total: number;
    elapsedMs: number;
}
export declare function startCitus(options?: StartCitusOptions): Promise<CitusCluster>;
export declare interface StartCitusOptions {
    workers?: number;
    database?: string;
    settings?: Readonly<Record<string, string>>;
    coordinatorSettings?: Readonly<Record<string, string>>;
    build?: EnsureCitusOptions | false;
    logger?: PostgresLogger;
    startupTimeoutMs?: number;
    tmpDir?: string;
    env?: Readonly<Record<string, string | undefined>>;
}
export declare function startPgBouncer(serverUrl: string, options?: PgBouncerOptions): Promise<PgBouncer>;
export declare function startPostgres(options?: StartPostgresOptions): Promise<PostgresServer>;
export declare interface StartPostgresOptions {
    provider?: PostgresProviderName | readonly PostgresProviderName[];
    env?: Readonly<Record<string, string | undefined>>;
    logger?: PostgresLogger;
    startupTimeoutMs?: number;
    tmpDir?: string;
    local?: LocalProviderOptions;
    container?: ContainerProviderOptions;
    embedded?: EmbeddedProviderOptions;
}
export declare function startReplica(primary: {
    readonly url: string;
}, options?: StartReplicaOptions): Promise<PostgresReplica>;
export declare interface StartReplicaOptions {
    binDir?: string;
    settings?: Readonly<Record<string, string>>;
    osUser?: string;
    logger?: PostgresLogger;
    timeoutMs?: number;
    tmpDir?: string;
    env?: Readonly<Record<string, string | undefined>>;
}
export declare interface TableRule {
    scope: Scope;
    needs: Partial<Record<AccessCommand, readonly string[]>>;
    writes?: readonly AccessCommand[];
    ownOnly?: boolean;
    insertNeedsAll?: readonly string[];
}
export declare interface TenantForeignKey {
    name: string;
    table: string;
    target: string;
    columns: string[];
    targetColumns: string[];
}
export declare function tenantForeignKeys(url: string, schema?: string): Promise<TenantForeignKey[]>;
export declare class TenantIsolationError extends Error {
    readonly report: TenantIsolationReport;
    readonly name = "TenantIsolationError";
    constructor(report: TenantIsolationReport);
}
export declare interface TenantIsolationOptions {
    victimTenantId: string;
    attackerTenantId: string;
    attackerUserId?: string;
    schema?: string;
    appRole?: string;
    exclude?: readonly string[];
}
export declare interface TenantIsolationReport {
    tables: number;
    cases: number;
    leaks: IsolationLeak[];
    uncovered: string[];
    byOperation: Record<AttackOperation, number>;
}
export declare type TenantRunner = <T>(fn: (t: TenantScope) => Promise<T>) => Promise<T>;
export declare interface TestDatabase extends AsyncDisposable {
    readonly url: string;
    readonly name: string;
    drop(): Promise<void>;
}
export declare interface TestDatabaseTemplate {
    name: string;
    build(url: string): Promise<void>;
}
export { }
