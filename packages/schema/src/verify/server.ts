import type pg from 'pg';
import { MINIMUM_SERVER_VERSION_NUM } from '../migrator/create-migrator.js';
import type { VerifyFinding } from './finding.js';

/** The extensions the schema uses (in schema `extensions`). */
export const REQUIRED_EXTENSIONS = ['btree_gin', 'pg_trgm'] as const;

/** The server is PostgreSQL 15 or later, and has the extensions the schema uses installed. */
export async function checkServer(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const findings: VerifyFinding[] = [];
  const { rows } = await client.query<{ num: string; version: string }>(
    `select current_setting('server_version_num') as num, current_setting('server_version') as version`,
  );
  if (Number(rows[0]?.num) < MINIMUM_SERVER_VERSION_NUM) {
    findings.push({
      rule: 'server_unsupported',
      object: 'server',
      message: `PostgreSQL ${rows[0]?.version} is older than 15, the oldest the schema supports`,
    });
  }
  const { rows: installed } = await client.query<{ extname: string }>('select extname from pg_extension');
  const have = new Set(installed.map((e) => e.extname));
  for (const name of REQUIRED_EXTENSIONS) {
    if (!have.has(name)) {
      findings.push({
        rule: 'extension_missing',
        object: `extension ${name}`,
        message: 'is not installed (the migrations create it)',
      });
    }
  }
  return findings;
}
