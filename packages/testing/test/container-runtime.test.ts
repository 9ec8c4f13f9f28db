import { execFileSync } from 'node:child_process';
import { createLegalDb } from '@legal/data';
import { createMigrator, readContextKey, verifySchema } from '@legal/schema';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { detectContainerRuntime, startPostgres } from '../src/index.js';
import { canConnect } from './support/cluster.js';

// The container provider on a real runtime. `.ci/run`'s container job runs this file on Podman
// (its Docker-compatible socket, as DOCKER_HOST) with an image built from Debian's packages
// (scripts/container/), and sets LEGAL_REQUIRE_CONTAINER=1 so that it cannot pass by skipping.
// Elsewhere it runs when a runtime answers, and is skipped when none does.
const detection = await detectContainerRuntime(process.env);
const required = process.env.LEGAL_REQUIRE_CONTAINER === '1';
const image = process.env.LEGAL_TEST_CONTAINER_IMAGE || undefined;

describe.runIf(detection.available || required)('container provider on a real container runtime', () => {
  it('is available where the job says it is', () => {
    expect(detection).toMatchObject({ available: true });
  });

  it('starts PostgreSQL in a container: the postgres superuser on the postgres database; the schema migrates and serves a firm; stop removes it', async () => {
    const lines: string[] = [];
    const server = await startPostgres({
      provider: 'container',
      ...(image ? { container: { image } } : {}),
      logger: { debug: (line) => lines.push(line) },
    });
    let stopped = false;
    try {
      expect(server.provider).toBe('container');
      const url = new URL(server.url);
      expect(url.username).toBe('postgres');
      expect(url.pathname).toBe('/postgres');
      expect(url.password).not.toBe('test');
      expect(url.password.length).toBeGreaterThanOrEqual(20);
      console.log(`container: PostgreSQL ${server.version} at ${url.host}; ${lines.join(' | ')}`);

      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ user: string; db: string; superuser: boolean }>(
          "select current_user as user, current_database() as db, current_setting('is_superuser') = 'on' as superuser",
        );
        expect(rows[0]).toEqual({ user: 'postgres', db: 'postgres', superuser: true });
        const applied = await createMigrator({ connectionString: server.url }).up();
        expect(applied.migrations.length).toBeGreaterThanOrEqual(22);
        expect(await verifySchema(client)).toEqual([]);
      } finally {
        await client.end();
      }

      await using db = createLegalDb({
        connectionString: server.url,
        contextKey: await readContextKey(server.url),
        passwordHashCost: 4,
      });
      const admin = { email: 'admin@container.example', password: 'container-check-1', fullName: 'Admin' };
      await db.asSystem({ reason: 'container provider test' }, (s) =>
        s.tenants.create({ slug: 'container-firm', name: 'Container & Co', admin }),
      );
      const session = await db.auth.login({
        tenantSlug: 'container-firm',
        email: admin.email,
        password: admin.password,
      });
      const { items } = await db.withTenant(session.context, (t) => t.users.list());
      expect(items.map((u) => u.email)).toEqual([admin.email]);

      await server.stop();
      stopped = true;
      expect(await canConnect(server.url)).toBe(false);
      // nothing of it is left in the runtime (when its CLI is here to ask)
      const podman = (() => {
        try {
          return execFileSync('podman', ['ps', '--all', '--format', '{{.Ports}}'], { encoding: 'utf8' });
        } catch {
          return undefined;
        }
      })();
      if (podman !== undefined) expect(podman).not.toContain(`:${url.port}->`);
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
