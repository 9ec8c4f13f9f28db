/**
 * Vitest wiring: one PostgreSQL server per run, a fresh database per test file.
 *
 * In `vitest.config.ts`:
 * ```ts
 * export default defineConfig({ test: { globalSetup: ['@legal/testing/vitest'] } });
 * ```
 * In a test file:
 * ```ts
 * import { useTestDatabase } from '@legal/testing/vitest';
 * const db = await useTestDatabase(); // dropped after the file's tests
 * ```
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  type TestDatabase,
} from './database/create-test-database.js';
import { ensureTemplate, type TestDatabaseTemplate } from './database/ensure-template.js';
import { startPostgres } from './postgres/start-postgres.js';
import type { PostgresProviderName, StartPostgresOptions } from './postgres/types.js';

/** What the global setup hands to every test file (through vitest's `provide`/`inject`). */
export interface ProvidedPostgres {
  url: string;
  provider: PostgresProviderName;
  version: string;
  majorVersion: number;
  /** Unique per `vitest run`: lets test files of one run find each other's traces. */
  runId: string;
  /** Name of the template database built once for this run, if any. */
  templateName?: string | undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    legalPostgres: ProvidedPostgres;
  }
}

/** The part of vitest's `TestProject` the setup needs. */
export interface ProvideTarget {
  provide(key: 'legalPostgres', value: ProvidedPostgres): void;
}

/** Options of {@link createGlobalSetup}. */
export interface GlobalSetupOptions extends StartPostgresOptions {
  /** Template built once per run; every `useTestDatabase()` clones it by default. Default: none. */
  template?: TestDatabaseTemplate;
}

/**
 * Makes a vitest `globalSetup` function: starts one server for the run, builds the
 * template, provides both to test files, and stops the server when the run ends.
 *
 * @example
 * ```ts
 * // test/global-setup.ts, listed in test.globalSetup
 * export default createGlobalSetup({ template: { name: 'myapp_tpl_1', build: migrate } });
 * ```
 */
export function createGlobalSetup(options: GlobalSetupOptions = {}) {
  return async function setup(project: ProvideTarget): Promise<() => Promise<void>> {
    const { template, ...startOptions } = options;
    const server = await startPostgres(startOptions);
    try {
      if (template) await ensureTemplate(server.url, template);
    } catch (error) {
      await server.stop();
      throw error;
    }
    project.provide('legalPostgres', {
      url: server.url,
      provider: server.provider,
      version: server.version,
      majorVersion: server.majorVersion,
      runId: randomUUID(),
      templateName: template?.name,
    });
    return () => server.stop();
  };
}

/** The default global setup: `globalSetup: ['@legal/testing/vitest']`. */
export default createGlobalSetup();

/** The server the global setup started. Call it inside a test file. */
export async function getTestServer(): Promise<ProvidedPostgres> {
  const { inject } = await import('vitest');
  const provided = inject('legalPostgres');
  if (!provided) {
    throw new Error(
      "No PostgreSQL server was provided: add '@legal/testing/vitest' to test.globalSetup in vitest.config",
    );
  }
  return provided;
}

/**
 * A database of its own for the calling test file, cloned from the run's template, and
 * dropped after the file's tests (`afterAll`).
 *
 * @example
 * ```ts
 * const db = await useTestDatabase();
 * const pool = new pg.Pool({ connectionString: db.url });
 * ```
 */
export async function useTestDatabase(
  options: Omit<CreateTestDatabaseOptions, 'template'> = {},
): Promise<TestDatabase> {
  const { afterAll } = await import('vitest');
  const server = await getTestServer();
  const template: TestDatabaseTemplate | undefined = server.templateName
    ? {
        name: server.templateName,
        build: () => Promise.reject(new Error(`template ${server.templateName} is missing`)),
      }
    : undefined;
  const database = await createTestDatabase(server, { ...options, template });
  afterAll(() => database.drop());
  return database;
}

/**
 * A database of its own for the calling test file with the @legal schema migrated to head:
 * cloned from a template built once per server for the current migrations (the template's
 * name carries their fingerprint), dropped after the file's tests. Needs `@legal/schema`.
 *
 * @example
 * ```ts
 * const database = await useLegalDatabase();
 * const firm = await seedFirm(database.url, { cases: 50 });
 * ```
 */
export async function useLegalDatabase(
  options: Omit<CreateTestDatabaseOptions, 'template'> = {},
): Promise<LegalTestDatabase> {
  const { afterAll } = await import('vitest');
  const { createMigrator, migrationsFingerprint, readContextKey } = await import('@legal/schema');
  const server = await getTestServer();
  const database = await createTestDatabase(server, {
    prefix: 'legal_test',
    ...options,
    template: {
      name: `legal_tpl_${await migrationsFingerprint()}`,
      build: async (url) => {
        await createMigrator({ connectionString: url }).up();
      },
    },
  });
  afterAll(() => database.drop());
  return Object.assign(database, { contextKey: await readContextKey(database.url) });
}

/** A migrated database of a test file, with the context key `createLegalDb` needs. */
export interface LegalTestDatabase extends TestDatabase {
  /** The database's context key: pass it as `createLegalDb({ contextKey })`. */
  readonly contextKey: string;
}
