import pg from 'pg';

/** One connection (a superuser, like the migrator) that runs each step inside a rolled-back transaction. */
export class Session {
  private constructor(readonly client: pg.Client) {}

  static async open(url: string): Promise<Session> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new Session(client);
  }

  /**
   * Runs `fn` as `role` with the tenant context set by hand (`tenantId` undefined: no
   * context at all), exactly as withTenant will, then rolls everything back.
   */
  async as<T>(
    role: 'legal_app' | 'legal_readonly' | 'legal_system',
    context: { tenantId?: string; userId?: string; raw?: string },
    fn: (client: pg.Client) => Promise<T>,
  ): Promise<T> {
    await this.client.query('begin');
    try {
      await this.client.query(`set local role ${role}`);
      const tenant = context.raw ?? context.tenantId;
      if (tenant !== undefined) await this.client.query(`select set_config('legal.tenant_id', $1, true)`, [tenant]);
      if (context.userId) await this.client.query(`select set_config('legal.user_id', $1, true)`, [context.userId]);
      return await fn(this.client);
    } finally {
      await this.client.query('rollback');
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
