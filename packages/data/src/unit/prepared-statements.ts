import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * The statements prepared on one connection (named, planned once per session): a unit's
 * statements are the same few texts over and over (BEGIN, the context, a repository's
 * queries), and planning a query under row level security costs more than running it.
 * Bounded: past `capacity` distinct texts, further ones run unnamed (planned each time).
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private readonly ready = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  /** The name of a text's prepared statement, or '' (unnamed) when the connection's budget is spent. */
  nameFor(text: string): string {
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= this.capacity) return '';
      name = `legal_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      this.names.set(text, name);
    }
    return name;
  }

  /** Whether the statement was parsed on the server already (Bind is enough). */
  isReady(name: string): boolean {
    return this.ready.has(name);
  }

  /** Records that the server has parsed the statement. */
  markReady(name: string): void {
    this.ready.add(name);
  }
}

const byClient = new WeakMap<pg.ClientBase, PreparedStatements>();

/** The prepared statements of a pooled connection (they live as long as its session). */
export function preparedStatementsOf(client: pg.ClientBase): PreparedStatements {
  let prepared = byClient.get(client);
  if (!prepared) {
    prepared = new PreparedStatements();
    byClient.set(client, prepared);
  }
  return prepared;
}
