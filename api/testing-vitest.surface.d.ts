declare interface ContainerProviderOptions {
    image?: string;
}
export declare function createGlobalSetup(options?: GlobalSetupOptions): (project: ProvideTarget) => Promise<() => Promise<void>>;
declare interface CreateTestDatabaseOptions {
    template?: TestDatabaseTemplate | undefined;
    prefix?: string;
}
declare const _default: (project: ProvideTarget) => Promise<() => Promise<void>>;
export default _default;
declare interface EmbeddedProviderOptions {
    createPostgresUser?: boolean;
    load?: () => Promise<{
        default: unknown;
    }>;
    nativeDir?: string;
}
export declare function getTestServer(): Promise<ProvidedPostgres>;
export declare interface GlobalSetupOptions extends StartPostgresOptions {
    template?: TestDatabaseTemplate;
}
export declare interface LegalTestDatabase extends TestDatabase {
    readonly contextKey: string;
}
declare interface LocalProviderOptions {
    binDir?: string;
    port?: number;
    settings?: Readonly<Record<string, string>>;
    osUser?: string;
    password?: string;
    hba?: readonly string[];
}
declare interface PostgresLogger {
    debug(message: string): void;
}
declare type PostgresProviderName = 'env' | 'local' | 'container' | 'embedded';
export declare interface ProvidedPostgres {
    url: string;
    provider: PostgresProviderName;
    version: string;
    majorVersion: number;
    runId: string;
    templateName?: string | undefined;
}
export declare interface ProvideTarget {
    provide(key: 'legalPostgres', value: ProvidedPostgres): void;
}
declare interface StartPostgresOptions {
    provider?: PostgresProviderName | readonly PostgresProviderName[];
    env?: Readonly<Record<string, string | undefined>>;
    logger?: PostgresLogger;
    startupTimeoutMs?: number;
    tmpDir?: string;
    local?: LocalProviderOptions;
    container?: ContainerProviderOptions;
    embedded?: EmbeddedProviderOptions;
}
declare interface TestDatabase extends AsyncDisposable {
    readonly url: string;
    readonly name: string;
    drop(): Promise<void>;
}
declare interface TestDatabaseTemplate {
    name: string;
    build(url: string): Promise<void>;
}
export declare function useLegalDatabase(options?: Omit<CreateTestDatabaseOptions, 'template'>): Promise<LegalTestDatabase>;
export declare function useTestDatabase(options?: Omit<CreateTestDatabaseOptions, 'template'>): Promise<TestDatabase>;
export { }
