import { readdir, readFile } from 'node:fs/promises';
import { JSDOM } from 'jsdom';
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

it('every Mermaid diagram in docs/ parses with Mermaid itself', async () => {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  const { default: mermaid } = await import('mermaid');
  const blocks: { file: string; text: string }[] = [];
  for (const file of (await readdir(docs)).filter((f) => f.endsWith('.md'))) {
    const page = await readFile(new URL(file, docs), 'utf8');
    for (const m of page.matchAll(/```mermaid\n([\s\S]*?)```/g)) blocks.push({ file, text: m[1] ?? '' });
  }
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  const failures: string[] = [];
  for (const block of blocks) {
    await mermaid.parse(block.text).catch((e: unknown) => failures.push(`${block.file}: ${String(e).slice(0, 200)}`));
  }
  expect(failures).toEqual([]);
});
