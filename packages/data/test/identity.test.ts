import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { createLegalDb, ForbiddenError, NotFoundError, type ValidationError } from '../src/index.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: await appLogin(database),
  passwordHashCost: 4,
});
const system = createLegalDb({ contextKey: database.contextKey, connectionString: database.url, passwordHashCost: 4 });
const admin = await createFirm(database.url, 'identity');
await query(database.url, `update legal.users set role = 'admin' where id = $1`, [admin.userId]);
const ctx = { tenantId: admin.tenantId, userId: admin.userId };
const events = async (type: string) =>
  (
    await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.security_events where event_type = $1',
      [type],
    )
  )[0]?.n ?? 0;

describe('tenants (asSystem)', () => {
  it('creates a firm with its default roles, and finds it by id or slug', async () => {
    const tenant = await system.asSystem({ reason: 'onboarding' }, (s) =>
      s.tenants.create({ slug: 'doe-law', name: 'Doe & Associates' }),
    );
    await system.asSystem({ reason: 'lookup' }, async (s) => {
      expect(await s.tenants.get(tenant.id)).toEqual(tenant);
      expect(await s.tenants.getBySlug('doe-law')).toEqual(tenant);
      expect(await s.tenants.findBySlug('no-such-firm')).toBeUndefined();
      await expect(s.tenants.get('0a0a0a0a-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
      const roles = await s.db.selectFrom('roles').select('name').where('tenantId', '=', tenant.id).execute();
      expect(roles).toHaveLength(8);
    });
    const error = await system
      .asSystem({ reason: 'bad' }, (s) => s.tenants.create({ slug: 'Bad Slug', name: 'X' }))
      .catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['slug']);
  });
});

describe('users', () => {
  it('create (bcrypt, never returned), get, update, list, deactivate', async () => {
    let created = '';
    await db.withTenant(ctx, async (t) => {
      const user = await t.users.create({
        email: 'pat@identity.example',
        password: 'correct horse 9',
        fullName: 'Pat Paralegal',
        role: 'paralegal',
      });
      expect(user).not.toHaveProperty('passwordHash');
      // the application role cannot read password hashes at all, even of a user it may manage
      await expect(
        t.savepoint((sp) => sp.db.selectFrom('users').select('passwordHash').where('id', '=', user.id).execute()),
      ).rejects.toBeInstanceOf(ForbiddenError);
      created = user.id;
      expect(await t.users.get(user.id)).toEqual(user);
      expect((await t.users.update(user.id, { barNumber: 'BAR-9' })).barNumber).toBe('BAR-9');
      const page = await t.users.list({ limit: 1 });
      expect(page.items).toHaveLength(1);
      const next = await t.users.list({ limit: 1, cursor: page.nextCursor });
      expect(next.items[0]?.email).not.toBe(page.items[0]?.email);
      const deactivated = await t.users.deactivate(user.id);
      expect(deactivated.isActive).toBe(false);
      expect((await t.users.list({ active: false })).items.map((u) => u.id)).toEqual([user.id]);
    });
    const [row] = await query<{ hash: string }>(
      database.url,
      'select password_hash as hash from legal.users where id = $1',
      [created],
    );
    expect(row?.hash).toMatch(/^\$2[aby]\$04\$/);
  });

  it.each([
    ['a weak password', { email: 'w@identity.example', password: 'password', fullName: 'Weak' }, ['password']],
    ['a bad email', { email: 'not-an-email', password: 'correct horse 9', fullName: 'X' }, ['email']],
    [
      'an unknown role format',
      { email: 'r@identity.example', password: 'correct horse 9', fullName: 'X', role: 'Boss!' },
      ['role'],
    ],
  ])('create rejects %s, writing nothing', async (_what, input, paths) => {
    const [before] = await query<{ n: number }>(database.url, 'select count(*)::int as n from legal.users');
    const error = await db.withTenant(ctx, (t) => t.users.create(input as never)).catch((e: unknown) => e);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect(await query(database.url, 'select count(*)::int as n from legal.users')).toEqual([before]);
  });

  it('needs users.manage', async () => {
    const [viewer] = await query<{ id: string }>(
      database.url,
      `insert into legal.users (tenant_id, email, password_hash, full_name, role) values ($1, 'v@identity.example', 'x', 'V', 'viewer') returning id`,
      [admin.tenantId],
    );
    const error = await db
      .withTenant({ tenantId: admin.tenantId, userId: viewer?.id as string }, (t) =>
        t.users.create({ email: 'n@identity.example', password: 'correct horse 9', fullName: 'N' }),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN', permission: 'users.manage' });
  });
});

describe('auth', () => {
  const login = (email: string, password: string) =>
    db.auth.login({ tenantSlug: 'identity', email, password, ip: '203.0.113.7', userAgent: 'vitest' });

  it('login returns a session token once, resolves it to a context, and records the events', async () => {
    await db.withTenant(ctx, (t) =>
      t.users.create({ email: 'lou@identity.example', password: 'correct horse 9', fullName: 'Lou Lawyer' }),
    );
    const before = await events('login_succeeded');
    const result = await login('LOU@identity.example', 'correct horse 9');
    expect(result.token).toMatch(/^lgs_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(result.context).toMatchObject({ tenantId: admin.tenantId, userId: result.user.id, ip: '203.0.113.7' });
    expect(result.user).not.toHaveProperty('passwordHash');
    expect(await events('login_succeeded')).toBe(before + 1);
    expect(
      await query(
        database.url,
        'select count(*)::int as n from legal.user_sessions where token_hash = encode(sha256($1::bytea), $2)',
        [result.token, 'hex'],
      ),
    ).toEqual([{ n: 1 }]);
    expect(
      await query(database.url, `select count(*)::int as n from legal.user_sessions where token_hash = $1`, [
        result.token,
      ]),
    ).toEqual([{ n: 0 }]);
    const resolved = await db.auth.resolveSession(result.token);
    expect(resolved).toMatchObject({ tenantId: admin.tenantId, userId: result.user.id });
    // the resolved context works with withTenant
    expect(
      (await db.withTenant(resolved as NonNullable<typeof resolved>, (t) => t.users.get(result.user.id))).email,
    ).toBe('lou@identity.example');
  });

  it('an unknown email and a wrong password fail the same way, and 5 failures lock the account', async () => {
    await db.withTenant(ctx, (t) =>
      t.users.create({ email: 'lock@identity.example', password: 'correct horse 9', fullName: 'Locked Out' }),
    );
    for (const [email, password] of [
      ['nobody@identity.example', 'whatever 1'],
      ['lock@identity.example', 'wrong one 1'],
    ] as const) {
      const error = await login(email, password).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as Error).message).toBe('Invalid email or password');
    }
    for (let i = 0; i < 4; i++) await login('lock@identity.example', 'wrong again 1').catch(() => undefined);
    expect(await events('account_locked')).toBe(1);
    // locked: even the right password fails now
    await expect(login('lock@identity.example', 'correct horse 9')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      db.auth.login({ tenantSlug: 'no-such-firm', email: 'a@b.example', password: 'x1' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('password reset: a single-use token, only its hash stored; it unlocks the account', async () => {
    const token = await db.auth.requestPasswordReset({ tenantSlug: 'identity', email: 'lock@identity.example' });
    expect(token).toMatch(/^lgr_/);
    expect(
      await db.auth.requestPasswordReset({ tenantSlug: 'identity', email: 'nobody@identity.example' }),
    ).toBeUndefined();
    await db.auth.resetPassword({ token: token as string, newPassword: 'brand new pass 2' });
    await expect(
      db.auth.resetPassword({ token: token as string, newPassword: 'again new pass 3' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(login('lock@identity.example', 'brand new pass 2')).resolves.toMatchObject({
      user: { email: 'lock@identity.example' },
    });
    await expect(
      db.auth.resetPassword({ token: 'lgr_forged', newPassword: 'brand new pass 2' }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('a password reset ends every session of the user', async () => {
    await db.withTenant(ctx, (t) =>
      t.users.create({ email: 'reset@identity.example', password: 'correct horse 9', fullName: 'Reset Me' }),
    );
    const first = await login('reset@identity.example', 'correct horse 9');
    const second = await login('reset@identity.example', 'correct horse 9');
    expect(await db.auth.resolveSession(first.token)).toBeDefined();
    const token = await db.auth.requestPasswordReset({ tenantSlug: 'identity', email: 'reset@identity.example' });
    await db.auth.resetPassword({ token: token as string, newPassword: 'brand new pass 4' });
    expect(await db.auth.resolveSession(first.token)).toBeUndefined();
    expect(await db.auth.resolveSession(second.token)).toBeUndefined();
    await expect(login('reset@identity.example', 'correct horse 9')).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      await db.auth.resolveSession((await login('reset@identity.example', 'brand new pass 4')).token),
    ).toBeDefined();
  });

  it('sessions expire and can be revoked; access tokens resolve once created and not after revocation', async () => {
    const { token, context } = await login('lou@identity.example', 'correct horse 9');
    const sessionId = await db.withTenant(context, async (t) => (await t.sessions.list())[0]?.id as string);
    await db.withTenant(context, (t) => t.sessions.revoke(sessionId));
    expect(await db.auth.resolveSession(token)).toBeUndefined();

    const created = await db.withTenant(context, (t) =>
      t.accessTokens.create({ name: 'ci', scopes: ['cases.read_all'] }),
    );
    expect(created.token).toMatch(/^lga_/);
    expect(created.accessToken).not.toHaveProperty('tokenHash');
    expect(await db.auth.resolveAccessToken(created.token)).toEqual({
      tenantId: admin.tenantId,
      userId: context.userId,
      scopes: ['cases.read_all'],
    });
    await db.withTenant(context, (t) => t.accessTokens.revoke(created.accessToken.id));
    expect(await db.auth.resolveAccessToken(created.token)).toBeUndefined();
    expect(await db.auth.resolveSession('not a token')).toBeUndefined();

    const short = await db.withTenant(context, (t) => t.sessions.create({ ttlSeconds: 60 }));
    await query(database.url, "update legal.user_sessions set expires_at = now() - interval '1 second' where id = $1", [
      short.session.id,
    ]);
    expect(await db.auth.resolveSession(short.token)).toBeUndefined();
  });

  it('rejects bad input before any query', async () => {
    for (const [input, path] of [
      [{ tenantSlug: 'Bad Slug', email: 'a@b.example', password: 'x' }, 'tenantSlug'],
      [{ tenantSlug: 'identity', email: 'nope', password: 'x' }, 'email'],
      [{ tenantSlug: 'identity', email: 'a@b.example', password: '' }, 'password'],
    ] as const) {
      const error = await db.auth.login(input as never).catch((e: unknown) => e);
      expect(
        (error as ValidationError).issues.map((i) => i.path),
        path,
      ).toEqual([path]);
    }
    const weak = await db.auth.resetPassword({ token: 'lgr_x', newPassword: 'short' }).catch((e: unknown) => e);
    expect(new Set((weak as ValidationError).issues.map((i) => i.path))).toEqual(new Set(['newPassword']));
  });
});
