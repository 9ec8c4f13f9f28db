/**
 * `pnpm diagrams`: migrates a throwaway database and writes the schema's ER diagrams and the
 * case workflow's state diagram into docs/schema.md (see schema-diagrams.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, startPostgres } from '@legal/testing';
import { createMigrator } from '../src/migrator/create-migrator.js';
import { generateDiagrams, withDiagrams } from './schema-diagrams.js';

const page = fileURLToPath(new URL('../../../docs/schema.md', import.meta.url));
await using server = await startPostgres();
await using db = await createTestDatabase(server, { prefix: 'legal_diagrams' });
await createMigrator({ connectionString: db.url }).up();
const generated = await generateDiagrams(db.url);
await writeFile(page, withDiagrams(await readFile(page, 'utf8'), generated));
console.log(`wrote ${page}: ${generated.split('\n').length} generated lines from PostgreSQL ${server.version}`);
