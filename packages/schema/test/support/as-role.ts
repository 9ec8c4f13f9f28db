import { type ContextSigner, contextSigner } from '@legal/data';
import pg from 'pg';
import { readContextKey } from '../../src/index.js';

/** One connection (a superuser, like the migrator) that runs each step inside a rolled-back transaction. */
export class Session {
  private constructor(
    readonly client: pg.Client,
    private readonly url: string,
    private readonly signer: ContextSigner,
  ) {}

  static async open(url: string): Promise<Session> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new Session(client, url, contextSigner(await readContextKey(client)));
  }

  /**
   * Runs `fn` as `role`, then rolls everything back. With `tenantId`, the unit's context is
   * opened as withTenant opens it (a signed ticket to legal.enter_unit) for `userId`, or the
   * firm's first administrator; with `raw`, the context setting is forged by hand (as an
   * attacker would), unsigned; with neither, there is no context at all.
   */
  async as<T>(
    role: 'legal_app' | 'legal_readonly' | 'legal_system',
    context: { tenantId?: string; userId?: string; raw?: string; scopes?: string[] },
    fn: (client: pg.Client) => Promise<T>,
  ): Promise<T> {
    await this.client.query('begin');
    try {
      if (context.raw !== undefined) {
        await this.client.query(`select set_config('legal.tenant_id', $1, true)`, [context.raw]);
        if (context.userId) await this.client.query(`select set_config('legal.user_id', $1, true)`, [context.userId]);
      }
      await this.client.query(`set local role ${role}`);
      if (context.raw === undefined && context.tenantId !== undefined && role !== 'legal_system') {
        const userId = context.userId ?? (await this.firstAdmin(context.tenantId));
        await this.client.query('select legal.enter_unit($1)', [
          this.signer.ticket({ t: context.tenantId, u: userId, s: context.scopes ?? null, at: Date.now(), g: null }),
        ]);
      }
      return await fn(this.client);
    } finally {
      await this.client.query('rollback');
    }
  }

  /** The firm's first administrator (or its first user), read by a superuser connection of its own. */
  private async firstAdmin(tenantId: string): Promise<string> {
    const admin = new pg.Client({ connectionString: this.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ id: string }>(
        `select id from legal.users where tenant_id = $1 order by role <> 'admin', created_at, id limit 1`,
        [tenantId],
      );
      if (!rows[0]) throw new Error(`firm ${tenantId} has no user to open a context for`);
      return rows[0].id;
    } finally {
      await admin.end();
    }
  }

  /** Runs `fn` as the connecting superuser inside a transaction that is rolled back. */
  async rolledBack<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    await this.client.query('begin');
    try {
      return await fn(this.client);
    } finally {
      await this.client.query('rollback');
    }
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** The SQLSTATE a promise rejects with (fails the test if it resolves). */
export async function sqlState(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${(error as Error).message}`;
  }
  throw new Error('expected the statement to fail, but it succeeded');
}
