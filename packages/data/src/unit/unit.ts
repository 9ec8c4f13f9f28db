import type pg from 'pg';
import type { LegalLogger } from '../database/options.js';
import {
  ConnectionLostError,
  LegalError,
  ScopeClosedError,
  TransactionAbortedError,
  UnawaitedWorkError,
  UnsupportedStatementError,
  ValidationError,
} from '../errors/legal-error.js';
import { isDatabaseError, wrapError } from '../errors/wrap-error.js';
import { Batch, type BatchOutcome, type StatementResult } from './batch.js';
import { deferCommit, owedCommit } from './deferred-commit.js';
import type { PreparedStatements } from './prepared-statements.js';
import { classifyStatement, type Statement } from './statement.js';

/** How a unit opens: what withTenant / asSystem decided before the first statement. */
export interface UnitSetup {
  /** The pooled connection, checked out for this unit only. */
  readonly client: pg.PoolClient;
  /** `BEGIN …` with the unit's isolation level and access mode (validated literals only). */
  readonly begin: string;
  /** The statements that establish the role and the context, sent after BEGIN with the first statement. */
  readonly context: readonly Statement[];
  /** The error a failing context statement becomes (the caller's statement never ran). */
  readonly contextError: (error: unknown) => LegalError;
  /** Whether a unit that wrote nothing may return before its COMMIT completes (read committed, plain PostgreSQL). */
  readonly earlyCommit: boolean;
  /** Whether such a unit's COMMIT may ride with the next unit's first flight (the SDK owns the pool). */
  readonly coalesceCommits: boolean;
  /** The connection's prepared statements (undefined: every statement unnamed, e.g. behind a pooler that cannot keep them). */
  readonly prepared?: PreparedStatements | undefined;
  /** Receives what the context statements returned, once they ran. */
  readonly onContext?: ((results: readonly StatementResult[]) => void) | undefined;
  readonly logger?: LegalLogger | undefined;
}

/**
 * Reports, after every statement, whether the transaction has written (an XID was assigned).
 * On a server running Citus it always answers yes: a unit's writes may all be on the workers,
 * with no XID on the coordinator, and the caller must not go on before their COMMIT (a next
 * unit on another connection would not see them yet).
 */
const PROBE: Statement = {
  text: "select pg_current_xact_id_if_assigned() is not null or current_setting('citus.max_worker_nodes_tracked', true) is not null as wrote",
};

interface Savepoint {
  readonly name: string;
  readonly open: Statement;
  sent: boolean;
  failure: LegalError | undefined;
}

/**
 * One unit of work on one pooled connection: a transaction that is opened lazily, together
 * with the first statement the caller sends (BEGIN + context + statement + Sync: one round
 * trip), and that fails closed, cannot outlive its callback, never reports an aborted
 * transaction as committed, and leaves the connection as it found it.
 *
 * Round trips: a unit that sends nothing costs none; each statement is one (its batch
 * carries whatever the unit still owes: BEGIN and the context, or a savepoint's
 * SAVEPOINT/RELEASE/ROLLBACK TO); the COMMIT is one more, which the caller does not wait for
 * when the unit wrote nothing under read committed on plain PostgreSQL (nothing can be lost).
 */
export class Unit {
  private state: 'open' | 'draining' | 'closed' = 'open';
  /** BEGIN (and the context) went into a batch that ran; the server holds a transaction. */
  private began = false;
  /** BEGIN has been planned into a batch (sent or about to be). */
  private beginPlanned = false;
  /** Control statements owed to the server, sent in front of the next statement. */
  private pending: Statement[] = [];
  /** Why the unit can no longer run statements: its context failed, its connection died, or a statement failed outside a savepoint. */
  private failure: LegalError | undefined;
  private contextFailed = false;
  private lost = false;
  private wrote = false;
  /** A statement that left state on the connection: it is discarded, not reused. */
  private dirty: string | undefined;
  private inflight = 0;
  private readonly ops = new Map<number, string>();
  private opCounter = 0;
  private savepoints: Savepoint[] = [];
  private savepointCounter = 0;
  private idleWaiters: (() => void)[] = [];
  /** Settles when the batch that carried BEGIN and the context has settled. */
  private opened: Promise<unknown> | undefined;
  private readonly onConnectionError = (error: Error) => {
    this.lost = true;
    this.failure ??= new ConnectionLostError(false, { cause: error });
    this.setup.logger?.warn?.('connection lost during a unit', { code: (error as { code?: string }).code });
  };

  constructor(private readonly setup: UnitSetup) {
    // A connection that dies while checked out must not crash the process with an
    // unhandled 'error' event: the unit records it and fails with ConnectionLostError.
    setup.client.on('error', this.onConnectionError);
  }

  /** Whether statements may still be sent (the scope has not settled). */
  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  /**
   * Runs one statement of the caller inside the unit. Throws `ScopeClosedError` (nothing sent)
   * after the unit settled, `UnsupportedStatementError` for statements that would break the
   * unit, and the unit's failure once it is aborted.
   */
  async execute(statement: Statement): Promise<StatementResult> {
    if (this.state === 'closed') throw new ScopeClosedError();
    const effect = classifyStatement(statement.text);
    if (effect.kind === 'refused') throw new UnsupportedStatementError(effect.statement, effect.hint);
    const blocked = this.blocking();
    if (blocked) throw blocked;
    if (effect.kind === 'session') this.dirty ??= effect.statement;
    this.inflight++;
    try {
      return await this.send(statement);
    } finally {
      this.inflight--;
      this.wakeIdle();
    }
  }

  /**
   * Establishes the unit's context now, without a statement of the caller's (one round trip
   * when it has not been sent yet, none otherwise). Throws the context's failure.
   */
  async open(): Promise<void> {
    if (this.opened) await this.opened;
    else await this.execute({ text: 'select 1' });
    if (this.contextFailed || this.lost) throw this.failure;
  }

  /**
   * Runs `fn` inside a savepoint: if it throws (or a statement inside it failed), its work
   * is rolled back and the unit goes on; the error is rethrown. SAVEPOINT, RELEASE and
   * ROLLBACK TO travel with the next statement, so a savepoint costs no round trip.
   */
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    if (this.state === 'closed') throw new ScopeClosedError();
    const blocked = this.blocking();
    if (blocked) throw blocked;
    const name = `legal_sp_${++this.savepointCounter}`;
    const sp: Savepoint = { name, open: { text: `SAVEPOINT ${name}` }, sent: false, failure: undefined };
    this.pending.push(sp.open);
    this.savepoints.push(sp);
    const close = () => {
      const at = this.savepoints.lastIndexOf(sp);
      if (at >= 0) this.savepoints.splice(at);
    };
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      close();
      this.undo(sp);
      throw isDatabaseError(error) ? wrapError(error) : error;
    }
    close();
    if (sp.failure) {
      this.undo(sp);
      throw new TransactionAbortedError(sp.failure);
    }
    if (sp.sent) this.pending.push({ text: `RELEASE SAVEPOINT ${name}` });
    else this.unqueue(sp.open);
    return value;
  }

  /**
   * Tracks an operation the caller started (a repository method), so that the unit waits
   * for it and can name it when the callback returns without awaiting it.
   */
  track<T>(label: string, run: () => Promise<T>): Promise<T> {
    if (this.state === 'closed') {
      this.setup.logger?.warn?.('a scope was used after its unit settled', { operation: label });
      const closed = Promise.reject(new ScopeClosedError());
      // handled here, so a forgotten await cannot crash the process; an awaiting caller still gets it
      closed.catch(() => {});
      return closed;
    }
    const id = ++this.opCounter;
    this.ops.set(id, label);
    const promise = run().finally(() => {
      this.ops.delete(id);
      this.wakeIdle();
    });
    promise.catch(() => {});
    return promise;
  }

  /**
   * Runs the unit's callback and settles the transaction: commits when it returned and
   * nothing failed, rolls back otherwise. The connection is released (or discarded when
   * broken or left with session state) once the transaction has ended.
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    let value: T | undefined;
    let thrown: unknown;
    let threw = false;
    try {
      value = await fn();
    } catch (error) {
      threw = true;
      thrown = error;
    }
    this.state = 'draining';
    // work the callback started without awaiting it reaches the unit within this turn
    await nextTurn();
    const unawaited = [...this.ops.values()];
    if (unawaited.length === 0 && this.inflight > 0) unawaited.push('a query');
    await this.drain();
    this.state = 'closed';

    if (this.lost) {
      this.release(true);
      throw this.failure ?? new ConnectionLostError(false);
    }
    if (threw || unawaited.length > 0 || this.failure || this.savepoints.some((s) => s.failure)) {
      this.rollback();
      if (threw) throw isDatabaseError(thrown) ? wrapError(thrown) : thrown;
      if (unawaited.length > 0) throw new UnawaitedWorkError(unawaited);
      const failure = this.failure as LegalError;
      throw this.contextFailed ? failure : new TransactionAbortedError(failure);
    }
    if (!this.began && !this.beginPlanned) {
      this.release(false);
      return value as T;
    }
    if (
      this.setup.earlyCommit &&
      this.setup.coalesceCommits &&
      !this.wrote &&
      this.dirty === undefined &&
      this.pending.length === 0
    ) {
      // nothing was written: the COMMIT rides with the next unit on this connection
      deferCommit(this.setup.client, this.setup.prepared, this.setup.logger);
      this.release(false);
      return value as T;
    }
    const commit = this.send({ text: 'COMMIT' }, { commit: true });
    if (this.setup.earlyCommit && !this.wrote && this.dirty === undefined) {
      // nothing was written: the caller does not wait for the COMMIT, the connection does
      commit.then(
        () => this.release(false),
        (error: unknown) => {
          this.setup.logger?.warn?.('the COMMIT of a read-only unit failed', { code: codeOf(error) });
          this.release(true);
        },
      );
      return value as T;
    }
    try {
      await commit;
    } catch (error) {
      this.release(true);
      throw error;
    }
    this.release(false);
    return value as T;
  }

  /** Sends one statement with whatever the unit owes the server in front of it, and a write probe behind it. */
  private async send(statement: Statement, mode: { commit?: boolean } = {}): Promise<StatementResult> {
    let head: Statement[] = [];
    const batch = new Batch(
      () => {
        // planned when the connection is ready: batches queued in front have settled
        const blocked = mode.commit ? undefined : this.blocking();
        if (blocked) throw blocked;
        head = [];
        if (!this.beginPlanned) {
          this.beginPlanned = true;
          // the previous unit's COMMIT, when it left one owed on this connection
          const owed = owedCommit(this.setup.client);
          if (owed) head.push(owed);
          head.push({ text: this.setup.begin }, ...this.setup.context);
        }
        head.push(...this.pending);
        this.pending = [];
        return mode.commit ? [...head, statement] : [...head, statement, PROBE];
      },
      this.setup.client,
      this.setup.prepared,
    );
    this.setup.client.query(batch);
    const settled = batch.outcome.then((outcome) => {
      const beginAt = head.findIndex((s) => s.text === this.setup.begin);
      if (beginAt >= 0) {
        const contextEnd = beginAt + 1 + this.setup.context.length;
        const ran = outcome.failure ? outcome.failure.index : outcome.results.length;
        if (ran >= contextEnd) this.setup.onContext?.(outcome.results.slice(beginAt + 1, contextEnd));
      }
      return outcome;
    });
    // batches are sent in the order they were queued: the first one carries BEGIN and the context
    this.opened ??= settled.catch(() => undefined);
    const outcome = await settled;
    return this.settleBatch(outcome, head, mode.commit === true);
  }

  private settleBatch(outcome: BatchOutcome, head: readonly Statement[], commit: boolean): StatementResult {
    const { results, failure } = outcome;
    const ran = failure ? failure.index : results.length;
    const contextEnd = head.findIndex((s) => !this.isContext(s));
    const contextLength = contextEnd < 0 ? head.length : contextEnd;
    const beginAt = head.findIndex((s) => s.text === this.setup.begin);
    if (beginAt >= 0 && ran > beginAt) this.began = true;
    for (const sp of this.savepoints) if (head.indexOf(sp.open) >= 0 && head.indexOf(sp.open) < ran) sp.sent = true;
    if (!failure) {
      if (!commit) this.wrote = this.wrote || (results[results.length - 1]?.rows[0]?.wrote as boolean) === true;
      const result = results[head.length] as StatementResult;
      if (commit && result.command !== 'COMMIT') {
        // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, without an error
        throw new TransactionAbortedError(
          this.failure ?? new LegalError('DATABASE_ERROR', 'The transaction was aborted'),
        );
      }
      return result;
    }
    const { error, index } = failure;
    if (failure.unsent) {
      if (error instanceof LegalError) throw error;
      // a value node-postgres cannot serialise: nothing was sent, the unit is untouched
      throw new ValidationError(
        [{ path: 'parameters', message: `cannot be sent to PostgreSQL (${(error as Error).message})` }],
        { cause: error },
      );
    }
    if (isConnectionFailure(error)) {
      this.lost = true;
      const lost = new ConnectionLostError(commit, { cause: error });
      this.failure ??= lost;
      throw lost;
    }
    if (index < contextLength) {
      // fail closed: the caller's statement was never executed
      this.contextFailed = true;
      this.failure ??= this.setup.contextError(error);
      throw this.failure;
    }
    const wrapped = wrapError(error);
    if (commit) throw wrapped;
    if (this.failure) {
      // already aborted by an earlier failure: report that one (this one is its echo, 25P02)
      throw this.contextFailed ? this.failure : new TransactionAbortedError(this.failure);
    }
    const innermost = this.savepoints[this.savepoints.length - 1];
    if (index !== head.length || !innermost) this.failure = wrapped;
    else innermost.failure ??= wrapped;
    throw wrapped;
  }

  /** BEGIN, the context, and a COMMIT owed by the connection's previous unit: a failure there fails the unit closed. */
  private isContext(s: Statement): boolean {
    return s.text === this.setup.begin || s.text === 'COMMIT' || this.setup.context.includes(s);
  }

  /** The error that stops new statements: the unit's failure, or the innermost failed savepoint's. */
  private blocking(): LegalError | undefined {
    if (this.failure) return this.contextFailed || this.lost ? this.failure : new TransactionAbortedError(this.failure);
    const failed = this.savepoints.findLast((s) => s.failure);
    return failed?.failure ? new TransactionAbortedError(failed.failure) : undefined;
  }

  /** Queues the statements that undo a savepoint (or drops its unsent SAVEPOINT). */
  private undo(sp: Savepoint): void {
    if (sp.sent) {
      this.pending.push({ text: `ROLLBACK TO SAVEPOINT ${sp.name}` }, { text: `RELEASE SAVEPOINT ${sp.name}` });
    } else {
      this.unqueue(sp.open);
    }
  }

  private unqueue(statement: Statement): void {
    this.pending = this.pending.filter((s) => s !== statement);
  }

  /** Ends the transaction without waiting (the caller is getting an error anyway); releases afterwards. */
  private rollback(): void {
    if (!this.beginPlanned) {
      this.release(this.dirty !== undefined);
      return;
    }
    const batch = new Batch(() => [{ text: 'ROLLBACK' }], this.setup.client, this.setup.prepared);
    this.setup.client.query(batch);
    batch.outcome.then((outcome) => this.release(outcome.failure !== undefined));
  }

  private released = false;
  private release(destroy: boolean): void {
    if (this.released) return;
    this.released = true;
    const discard = destroy || this.lost || this.dirty !== undefined;
    if (this.dirty !== undefined && !this.lost) {
      this.setup.logger?.debug?.('discarding a connection left with session state', { statement: this.dirty });
    }
    this.setup.client.removeListener('error', this.onConnectionError);
    // an error event after release is the pool's to handle (its idle listener)
    this.setup.client.release(discard ? new Error('discarded by @legal/data') : undefined);
  }

  private wakeIdle(): void {
    if (this.inflight > 0 || this.ops.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Waits until no statement and no tracked operation is running, and none starts within a turn. */
  private async drain(): Promise<void> {
    while (this.inflight > 0 || this.ops.size > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      await nextTurn();
    }
  }
}

/** Resolves after the current turn of the event loop: pending promise reactions have run. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/** A socket failure, or a FATAL error that ends the session (terminated backend, idle-in-transaction timeout). */
function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; severity?: string; message?: string } | null;
  if (!e) return true;
  if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
  if (typeof e.code === 'string' && /^(08|57P)/.test(e.code)) return true;
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return false;
  return (
    /Connection terminated|ECONNRESET|EPIPE|not queryable|socket|timeout expired/i.test(e.message ?? '') || !e.code
  );
}
