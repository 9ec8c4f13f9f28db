import { query } from '@legal/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createLegalDb, TenantContextError, TenantSuspendedError } from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const loginUrl = await appLogin(database);
const db = createLegalDb({ contextKey: database.contextKey, connectionString: loginUrl, maxConnections: 2 });
afterAll(() => db.close());

/** A unit that reads the firm's clients (the grants are cached by the SDK after the first). */
const readClients = (ctx: { tenantId: string; userId: string }) =>
  db.withTenant(ctx, (t) => t.db.selectFrom('clients').select('id').execute());

describe('firm status and membership are checked by the database when a unit starts', () => {
  it('a firm suspended after its grants were cached: the next unit is refused (TenantSuspendedError), reopened: allowed again', async () => {
    const firm = await createFirm(database.url, 'status-suspend');
    await readClients(firm);
    await readClients(firm); // grants cached: the common path skips the status query unless an epoch moved
    await query(database.url, `update legal.tenants set status = 'suspended' where id = $1`, [firm.tenantId]);
    const error = await readClients(firm).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenantSuspendedError);
    await query(database.url, `update legal.tenants set status = 'active' where id = $1`, [firm.tenantId]);
    expect(await readClients(firm)).toEqual([]);
  });

  it('a closed firm is refused', async () => {
    const firm = await createFirm(database.url, 'status-closed');
    await readClients(firm);
    await query(database.url, `update legal.tenants set status = 'closed' where id = $1`, [firm.tenantId]);
    await expect(readClients(firm)).rejects.toBeInstanceOf(TenantSuspendedError);
  });

  it('a user deactivated after their grants were cached: refused as inactive; a user of another firm: refused as foreign', async () => {
    const firm = await createFirm(database.url, 'status-user');
    const other = await createFirm(database.url, 'status-other');
    const clerk = await addUser(database.url, firm.tenantId, 'paralegal', 'pat@status-user.example');
    await readClients({ tenantId: firm.tenantId, userId: clerk });
    await query(database.url, `update legal.users set is_active = false where id = $1`, [clerk]);
    const inactive = await readClients({ tenantId: firm.tenantId, userId: clerk }).catch((e: unknown) => e);
    expect(inactive).toBeInstanceOf(TenantContextError);
    expect((inactive as TenantContextError).reason).toBe('inactive');
    const foreign = await readClients({ tenantId: firm.tenantId, userId: other.userId }).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(TenantContextError);
    expect((foreign as TenantContextError).reason).toBe('foreign');
  });

  it('a suspended firm cannot un-suspend itself, even as its admin through raw SQL', async () => {
    const firm = await createFirm(database.url, 'status-self');
    await query(database.url, `update legal.users set role = 'admin' where id = $1`, [firm.userId]);
    // while active, the admin may rename the firm but not touch its status
    const attempt = await db
      .withTenant(firm, (t) =>
        sql`update legal.tenants set status = 'active', name = 'Renamed' where id = ${firm.tenantId}::uuid`.execute(
          t.db,
        ),
      )
      .catch((e: unknown) => e);
    expect(attempt).toBeInstanceOf(Error);
    const [row] = await query<{ status: string; name: string }>(
      database.url,
      'select status, name from legal.tenants where id = $1',
      [firm.tenantId],
    );
    expect(row).toEqual({ status: 'active', name: 'Firm status-self' });
    await query(database.url, `update legal.tenants set status = 'suspended' where id = $1`, [firm.tenantId]);
    await expect(
      db.withTenant(firm, (t) => sql`update legal.tenants set status = 'active'`.execute(t.db)),
    ).rejects.toBeInstanceOf(TenantSuspendedError);
    const [after] = await query<{ status: string }>(database.url, 'select status from legal.tenants where id = $1', [
      firm.tenantId,
    ]);
    expect(after?.status).toBe('suspended');
  });
});
