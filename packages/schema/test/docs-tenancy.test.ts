import { readFileSync } from 'node:fs';
import { query } from '@legal/testing';
import { expect, it } from 'vitest';
import { legalDatabase } from './support/legal-database.js';

const db = await legalDatabase();

it('docs/tenancy.md lists exactly the global tables of the schema', async () => {
  const doc = readFileSync(new URL('../../../docs/tenancy.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('<!-- global-tables:start -->'), doc.indexOf('<!-- global-tables:end -->'));
  const documented = [...section.matchAll(/^\|\s*`(legal\.[a-z_]+)`\s*\|/gm)].map((m) => m[1]).sort();
  const global = await query<{ name: string }>(
    db.url,
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'legal' and c.relkind = 'r' and obj_description(c.oid, 'pg_class') like 'Global:%' order by 1`,
  );
  expect(documented).toEqual(global.map((g) => g.name));
  expect(documented.length).toBeGreaterThan(0);
});
