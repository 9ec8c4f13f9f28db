import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { DIAGRAMS_BEGIN, generateDiagrams, withDiagrams } from '../scripts/schema-diagrams.js';
import { legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const docs = new URL('../../../docs/', import.meta.url);

it('docs/schema.md carries the diagrams of the migrated catalog (run `pnpm diagrams` after changing a migration)', async () => {
  const page = await readFile(new URL('schema.md', docs), 'utf8');
  const generated = await generateDiagrams(database.url);
  expect(page).toContain(DIAGRAMS_BEGIN);
  expect(page).toBe(withDiagrams(page, generated));
  // one ER diagram per area and the workflow's state diagram
  for (const area of ['identity', 'matters', 'documents', 'work', 'money', 'AI', 'audit', 'The case workflow']) {
    expect(generated).toContain(`### ${area}\n`);
  }
  expect(generated).toContain('  pending_completion --> completed : cases.review');
  expect(generated).toContain('  cases ||--o{ case_status_history : "tenant_id, case_id"');
});

it('a table added by a migration without an area fails the generation, naming the table', async () => {
  const { query } = await import('@legal/testing');
  await query(database.url, 'create table legal.unplaced_table (id int primary key)');
  try {
    await expect(generateDiagrams(database.url)).rejects.toThrow('add unplaced_table');
  } finally {
    await query(database.url, 'drop table legal.unplaced_table');
  }
});

it('every Mermaid diagram in docs/ parses with Mermaid itself (tools/mermaid-check)', async () => {
  const pages = (await readdir(docs)).filter((f) => f.endsWith('.md')).map((f) => fileURLToPath(new URL(f, docs)));
  const check = fileURLToPath(new URL('../../../tools/mermaid-check/check.mjs', import.meta.url));
  const { stdout } = await promisify(execFile)('node', [check, ...pages]).catch((e: { stdout?: string }) => ({
    stdout: e.stdout ?? String(e),
  }));
  expect(stdout).toMatch(/^(\d+) Mermaid diagrams parsed, 0 failed$/m);
  expect(Number(/^(\d+) Mermaid/m.exec(stdout)?.[1])).toBeGreaterThanOrEqual(8);
});
