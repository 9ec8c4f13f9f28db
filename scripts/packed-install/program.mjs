// Run by scripts/check-packed-install.mjs in a fresh npm project outside the workspace, where
// the three packages are installed from their packed tarballs: the ES module entry points.
import { execFileSync } from 'node:child_process';
import { createLegalDb } from '@legal/data';
import { readContextKey } from '@legal/schema';
import { startPostgres } from '@legal/testing';

const MODE = 'esm';
// The default provider order, as an app's tests would start it.
const server = await startPostgres();
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
