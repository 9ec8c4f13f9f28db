// Run by scripts/check-packed-install.mjs in a fresh npm project outside the workspace, where
// the three packages are installed from their packed tarballs: the ES module entry points,
// with the default provider order, as an app's tests would start PostgreSQL.
import { createLegalDb } from '@legal/data';
import { readContextKey } from '@legal/schema';
import { startPostgres } from '@legal/testing';
import check from './run-check.cjs';

await check.run({ mode: 'esm', createLegalDb, readContextKey, startPostgres });
