import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, query, type TestDatabase } from '@legal/testing';
import { afterAll, inject } from 'vitest';

/** The built bin, run as a CI pipeline runs it. `pnpm test` builds first. */
export const BIN = fileURLToPath(new URL('../../dist/bin/legal-schema.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/migrations/', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `legal-schema <args>` as a subprocess (DATABASE_URL unset unless given). */
export function startCli(args: readonly string[], env: Record<string, string> = {}) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build (pnpm test does)`);
  const { DATABASE_URL: _ignored, ...base } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, NO_COLOR: '1', ...env }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, result };
}

export function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).result;
}

/** `cli` with `--json`, parsed. */
export async function cliJson<T = Record<string, unknown>>(
  args: readonly string[],
): Promise<{ code: number | null; doc: T }> {
  const { code, stdout, stderr } = await cli([...args, '--json']);
  try {
    return { code, doc: JSON.parse(stdout) as T };
  } catch {
    throw new Error(`not one JSON document on stdout (exit ${code}):\n${stdout}\n${stderr}`);
  }
}

/** A fresh empty database for one test, dropped after the file. */
export async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('legalPostgres'), { prefix: 'legal_schema_test' });
  afterAll(() => db.drop());
  return db;
}

/** A private copy of a fixture migrations folder, free to edit. */
export async function fixtureCopy(name = 'basic'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'legal-migrations-'));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export { query };

export const appliedNames = async (url: string): Promise<string[]> =>
  (await query<{ name: string }>(url, 'select name from legal.schema_migrations order by name')).map((r) => r.name);
