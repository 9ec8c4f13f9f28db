// The program of the packed-install check, shared by program.mjs (ES modules) and program.cjs
// (CommonJS): each imports the packages its own way and hands them in.
'use strict';
const { execFileSync } = require('node:child_process');

/**
 * Starts PostgreSQL, migrates with the `legal-schema` CLI, onboards a firm and reads it back.
 * @param {{ mode: string, provider?: string, createLegalDb: Function, readContextKey: Function, startPostgres: Function }} p
 */
async function run({ mode: MODE, provider, createLegalDb, readContextKey, startPostgres }) {
  const server = await startPostgres(provider ? { provider } : {});
  try {
    console.log(`${MODE}: PostgreSQL ${server.version} from the ${server.provider} provider`);
    // The CLI, as a CI pipeline runs it: the package's bin, installed into node_modules/.bin.
    const out = execFileSync('npx', ['--no-install', 'legal-schema', 'migrate', 'up', '--json', '--url', server.url], {
      encoding: 'utf8',
    });
    console.log(`${MODE}: legal-schema migrate up applied ${JSON.parse(out).migrations.length} migrations`);

    const db = createLegalDb({
      connectionString: server.url,
      contextKey: await readContextKey(server.url),
      passwordHashCost: 4,
    });
    try {
      const admin = { email: `admin@${MODE}.example`, password: 'packed-check-1', fullName: 'Admin' };
      const firm = await db.asSystem({ reason: 'packed install check' }, (s) =>
        s.tenants.create({ slug: `${MODE}-firm`, name: `${MODE.toUpperCase()} & Partners`, admin }),
      );
      const session = await db.auth.login({ tenantSlug: firm.slug, email: admin.email, password: admin.password });
      const { items: users } = await db.withTenant(session.context, (t) => t.users.list());
      if (users.length !== 1 || users[0]?.email !== admin.email) {
        throw new Error(`${MODE}: expected the firm's admin, read ${JSON.stringify(users)}`);
      }
      console.log(`${MODE}: onboarded ${firm.name}; its admin signed in and read back ${users[0]?.email}`);
    } finally {
      await db.close();
    }
  } finally {
    await server.stop();
  }
}

module.exports = { run };
