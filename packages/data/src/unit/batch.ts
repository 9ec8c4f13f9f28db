import type pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import type { PreparedStatements } from './prepared-statements.js';
import type { Statement } from './statement.js';

/** What one statement of a batch returned. */
export interface StatementResult {
  /** The command tag's verb: `SELECT`, `INSERT`, `COMMIT`, … */
  readonly command: string;
  /** Rows affected or returned, when the tag carries a count. */
  readonly rowCount: number | null;
  readonly rows: Record<string, unknown>[];
}

/** The outcome of a batch: the results of the statements that ran, and the failure that stopped it, if any. */
export interface BatchOutcome {
  readonly results: StatementResult[];
  /**
   * The first failure: `index` is the statement it stopped at (`results.length`); `unsent`
   * when a value could not be serialised and nothing at all was sent.
   */
  readonly failure?: { readonly index: number; readonly error: unknown; readonly unsent?: boolean };
}

/** The message writers of node-postgres' Connection this batch uses (one call, one protocol message). */
interface WireConnection {
  close(message: { type: 'S' | 'P'; name: string }): void;
  parse(message: { text: string; name: string; types: number[] }): void;
  bind(message: { portal: string; statement: string; values: unknown[]; binary: boolean }): void;
  describe(message: { type: 'P' | 'S'; name: string }): void;
  execute(message: { portal: string; rows: number }): void;
}

interface TypeSource {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown;
}

/**
 * Several statements sent in ONE extended-protocol message sequence — Parse/Bind/Describe/
 * Execute for each, then a single Sync — so they cost one round trip. If one fails, the
 * server skips the rest up to the Sync: a later statement never runs after an earlier one
 * failed (the unit's context is always in front of the caller's statement).
 *
 * It is a node-postgres "submittable": `client.query(batch)` queues it like any query.
 */
export class Batch implements pg.Submittable {
  readonly outcome: Promise<BatchOutcome>;
  private readonly results: StatementResult[] = [];
  private parsers: ((value: string) => unknown)[] = [];
  private names: string[] = [];
  /** A row with every column null: each row starts as a copy (one hidden class per result). */
  private emptyRow: Record<string, unknown> = {};
  private rows: Record<string, unknown>[] = [];
  private statements: readonly Statement[] = [];
  private settle!: (outcome: BatchOutcome) => void;
  private settled = false;

  /**
   * @param plan called when the connection is ready to send this batch (not before), so the
   *   statements can depend on what the batches queued in front of it did.
   */
  /** Names sent with Parse in this batch, by statement index: ready once their statement ran. */
  private parsed: { index: number; name: string }[] = [];

  /**
   * @param prepared the connection's prepared statements: statements are sent by name (a
   *   Bind alone once the server has parsed them); undefined: every statement unnamed.
   */
  constructor(
    private readonly plan: () => readonly Statement[],
    private readonly types: TypeSource,
    private readonly prepared?: PreparedStatements,
  ) {
    this.outcome = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  submit(connection: pg.Connection): Error | undefined {
    let statements: readonly Statement[];
    try {
      statements = this.plan();
    } catch (error) {
      // the unit decided not to send anything after all (it failed while this batch waited)
      this.finish({ index: 0, error, unsent: true });
      return error instanceof Error ? error : new Error(String(error));
    }
    // values are serialised before anything is written: a value that cannot be (a circular
    // object, a BigInt inside JSON) fails the batch at that statement with nothing sent
    const prepared: unknown[][] = [];
    for (const s of statements) {
      try {
        prepared.push((s.values ?? []).map((v) => pgUtils.prepareValue(v)));
      } catch (error) {
        this.finish({ index: prepared.length, error, unsent: true });
        // node-postgres reports a returned error through handleError (already settled) and moves on
        return error instanceof Error ? error : new Error(String(error));
      }
    }
    this.statements = statements;
    if (statements.length === 0) {
      this.finish(undefined);
      return new Error('empty batch');
    }
    const stream = (connection as unknown as { stream: { cork?(): void; uncork?(): void } }).stream;
    stream.cork?.();
    try {
      statements.forEach((s, i) => {
        const wire = connection as unknown as WireConnection;
        const name = s.prepare === false ? '' : (this.prepared?.nameFor(s.text) ?? '');
        if (!name || !this.prepared?.isReady(name)) {
          // a name that failed before may or may not exist on the server: Close is harmless either way
          if (name) wire.close({ type: 'S', name });
          wire.parse({ text: s.text, name, types: [] });
          if (name) this.parsed.push({ index: i, name });
        }
        wire.bind({ portal: '', statement: name, values: prepared[i] as unknown[], binary: false });
        wire.describe({ type: 'P', name: '' });
        wire.execute({ portal: '', rows: 0 });
      });
      connection.sync();
    } finally {
      stream.uncork?.();
    }
    return undefined;
  }

  handleRowDescription(msg: { fields: { name: string; dataTypeID: number; format: string }[] }): void {
    const columnName = this.statements[this.results.length]?.columnName;
    this.names = msg.fields.map((f) => (columnName ? columnName(f.name) : f.name));
    this.parsers = msg.fields.map((f) =>
      this.types.getTypeParser(f.dataTypeID, f.format === 'binary' ? 'binary' : 'text'),
    );
    const empty: Record<string, unknown> = {};
    for (const name of this.names) empty[name] = null;
    this.emptyRow = empty;
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    const row: Record<string, unknown> = { ...this.emptyRow };
    const { names, parsers } = this;
    for (let i = 0; i < names.length; i++) {
      const raw = msg.fields[i];
      if (raw !== null && raw !== undefined) row[names[i] as string] = (parsers[i] as (value: string) => unknown)(raw);
    }
    this.rows.push(row);
  }

  handleCommandComplete(msg: { text: string }): void {
    const [command = '', ...rest] = msg.text.split(' ');
    const count = rest.length ? Number(rest[rest.length - 1]) : Number.NaN;
    this.results.push({ command, rowCount: Number.isFinite(count) ? count : null, rows: this.rows });
    this.rows = [];
    this.names = [];
    this.parsers = [];
    this.emptyRow = {};
  }

  handleEmptyQuery(): void {
    this.results.push({ command: '', rowCount: null, rows: [] });
  }

  handlePortalSuspended(): void {}

  handleParseComplete(): void {}

  handleCopyInResponse(connection: pg.Connection): void {
    (connection as unknown as { sendCopyFail(msg: string): void }).sendCopyFail('COPY is not supported inside a unit');
  }

  handleCopyData(): void {}

  handleError(error: unknown): void {
    this.finish({ index: this.results.length, error });
  }

  handleReadyForQuery(): void {
    this.finish(undefined);
  }

  private finish(failure: BatchOutcome['failure']): void {
    if (this.settled) return;
    this.settled = true;
    // a statement that ran was parsed; the one that failed, and those after it, may not have been
    const ran = failure ? failure.index : Number.POSITIVE_INFINITY;
    for (const { index, name } of this.parsed) if (index < ran) this.prepared?.markReady(name);
    this.settle(failure ? { results: this.results, failure } : { results: this.results });
  }
}
