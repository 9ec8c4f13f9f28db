import { type Selectable, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { TrustAccounts, TrustBankLines, TrustReconciliations, TrustTransactions } from '../generated/db.js';
import { fromCents, toCents } from '../money/decimal.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type CreateTrustAccountInput,
  createTrustAccountSchema,
  depositSchema,
  disbursementSchema,
  importStatementSchema,
  type ListTrustTransactionsInput,
  ledgerSchema,
  listTransactionsSchema,
  reconcileSchema,
  reversalSchema,
  type TrustDepositInput,
  type TrustDisbursementInput,
  type TrustLedgerInput,
  type TrustReconcileInput,
  type TrustReversalInput,
  type TrustStatementImportInput,
  type TrustThreeWayInput,
  type TrustTransferInput,
  threeWaySchema,
  transferSchema,
} from '../schemas/trust.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

/** A trust bank account (IOLTA, or one client's trust account). */
export type TrustAccount = Selectable<TrustAccounts>;
/** A posting: a deposit, a disbursement, a transfer to operating, or the reversal of one. */
export type TrustTransaction = Selectable<TrustTransactions>;
/** A posting and what its client holds in the account after it. */
export type TrustPosting = TrustTransaction & { clientBalance: string };
/** A line of an imported bank statement. */
export type TrustBankLine = Selectable<TrustBankLines>;
/** A reconciled period (which locks it). */
export type TrustReconciliation = Selectable<TrustReconciliations>;

/** One line of a client's ledger: `amount` as the client sees it (in +, out -), `balance` after it. */
export interface TrustLedgerLine {
  transactionId: string;
  kind: string;
  occurredOn: string;
  caseId: string | null;
  description: string;
  amount: string;
  balance: string;
}

/** Something a three-way reconciliation found that does not agree. */
export type TrustDifference =
  | { kind: 'bank_vs_book'; amount: string }
  | { kind: 'book_vs_client_ledgers'; amount: string }
  | { kind: 'unmatched_bank_line'; lineId: string; postedOn: string; amount: string; description: string | null }
  | { kind: 'unmatched_posting'; transactionId: string; occurredOn: string; amount: string; description: string }
  | { kind: 'negative_client_ledger'; clientId: string; balance: string };

/** The three balances of a trust account on a day, and every difference among them. */
export interface TrustThreeWay {
  accountId: string;
  asOf: string;
  /** The bank's balance: the imported statement lines up to asOf. */
  bankBalance: string;
  /** The book: the bank side of every posting up to asOf. */
  bookBalance: string;
  /** Each client's ledger up to asOf (clients with a zero balance left out), and their sum. */
  clientLedgers: Array<{ clientId: string; clientName: string; balance: string }>;
  clientLedgersTotal: string;
  /** True when the three agree and nothing is unmatched. */
  balanced: boolean;
  differences: TrustDifference[];
}

/**
 * Trust (IOLTA) accounting: trust bank accounts, postings with their double entries, a ledger
 * per client (and matter), imported bank statements and the three-way reconciliation. What
 * must hold is enforced by the database whatever the caller: a client's balance never below
 * zero (also when disbursements race), postings never changed or deleted (a mistake is
 * reversed), a reconciled period locked. Reading needs `trust.read`; posting and importing
 * `trust.manage`; reconciling `trust.reconcile`.
 */
export function trustRepository(ctx: RepositoryContext) {
  const findAccount = async (id: string): Promise<TrustAccount | undefined> =>
    ctx.db
      .selectFrom('trustAccounts')
      .selectAll()
      .where('id', '=', parseInput(idSchema, id, 'id'))
      .executeTakeFirst();

  const clientBalance = async (accountId: string, clientId: string): Promise<string> => {
    const row = await ctx.db
      .selectFrom('trustClientBalances')
      .select('balance')
      .where('trustAccountId', '=', accountId)
      .where('clientId', '=', clientId)
      .executeTakeFirst();
    return row?.balance ?? '0.00';
  };

  const post = async (values: {
    kind: TrustTransaction['kind'];
    trustAccountId: string;
    clientId: string;
    caseId?: string | undefined;
    amount: string;
    occurredOn?: string | undefined;
    description: string;
    payee?: string | undefined;
    reference?: string | undefined;
    invoiceId?: string | undefined;
    reversesId?: string | undefined;
  }): Promise<TrustPosting> => {
    await requirePermission(ctx, 'trust.manage');
    const row = await ctx.db
      .insertInto('trustTransactions')
      .values({
        kind: values.kind,
        trustAccountId: values.trustAccountId,
        clientId: values.clientId,
        caseId: values.caseId ?? null,
        amount: values.amount,
        ...(values.occurredOn ? { occurredOn: values.occurredOn } : {}),
        description: values.description,
        payee: values.payee ?? null,
        reference: values.reference ?? null,
        invoiceId: values.invoiceId ?? null,
        reversesId: values.reversesId ?? null,
        createdBy: ctx.context.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ...row, clientBalance: await clientBalance(row.trustAccountId, row.clientId) };
  };

  return {
    /**
     * Opens a trust bank account. Needs `trust.manage`.
     * @example `const iolta = await t.trust.createAccount({ name: 'IOLTA', bankName: 'First Bank', accountLast4: '4321' });`
     */
    async createAccount(input: CreateTrustAccountInput): Promise<TrustAccount> {
      const v = parseInput(createTrustAccountSchema, input);
      await requirePermission(ctx, 'trust.manage');
      return ctx.db
        .insertInto('trustAccounts')
        .values({ ...v, createdBy: ctx.context.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    findAccount,
    async getAccount(id: string): Promise<TrustAccount> {
      const found = await findAccount(id);
      if (!found) throw new NotFoundError('trust account', id);
      return found;
    },
    /** The firm's trust accounts, by name. */
    async listAccounts(): Promise<TrustAccount[]> {
      return ctx.db.selectFrom('trustAccounts').selectAll().orderBy('name').execute();
    },
    /**
     * Money received for a client (and matter) into the trust account. Needs `trust.manage`.
     * @example
     * ```ts
     * const d = await t.trust.deposit({ accountId, clientId, amount: '2500.00', description: 'Retainer' });
     * d.clientBalance; // '2500.00'
     * ```
     */
    async deposit(input: TrustDepositInput): Promise<TrustPosting> {
      const { accountId, ...v } = parseInput(depositSchema, input);
      return post({ kind: 'deposit', trustAccountId: accountId, ...v });
    },
    /**
     * Money paid out of the client's trust money to `payee`. Refused (a `ValidationError` on
     * `amount`) when it is more than the client holds in the account — checked by the database
     * under the balance's row lock, so two disbursements racing cannot both pass. Needs `trust.manage`.
     */
    async disburse(input: TrustDisbursementInput): Promise<TrustPosting> {
      const { accountId, ...v } = parseInput(disbursementSchema, input);
      return post({ kind: 'disbursement', trustAccountId: accountId, ...v });
    },
    /**
     * Earned fees moved to the firm's operating account against a sent invoice of the same
     * client. Like a disbursement, never more than the client holds. Needs `trust.manage`.
     */
    async transferToOperating(input: TrustTransferInput): Promise<TrustPosting> {
      const { accountId, ...v } = parseInput(transferSchema, input);
      return post({ kind: 'transfer_to_operating', trustAccountId: accountId, ...v });
    },
    /**
     * Corrects a posting by its reversal (postings are never changed or deleted): the same
     * account, client, matter and amount in the other direction. A posting is reversed once;
     * reversing a deposit the client has already spent is refused like any overdraft.
     * Needs `trust.manage`.
     */
    async reverse(transactionId: string, input: TrustReversalInput): Promise<TrustPosting> {
      const tid = parseInput(idSchema, transactionId, 'transactionId');
      const v = parseInput(reversalSchema, input);
      const original = await ctx.db
        .selectFrom('trustTransactions')
        .selectAll()
        .where('id', '=', tid)
        .executeTakeFirst();
      if (!original) throw new NotFoundError('trust transaction', transactionId);
      return post({
        kind: 'reversal',
        trustAccountId: original.trustAccountId,
        clientId: original.clientId,
        caseId: original.caseId ?? undefined,
        amount: original.amount,
        occurredOn: v.occurredOn,
        description: v.description,
        reversesId: original.id,
      });
    },
    /** What a client holds in a trust account now. */
    async balance(input: { accountId: string; clientId: string }): Promise<string> {
      const v = parseInput(ledgerSchema, input);
      return clientBalance(v.accountId, v.clientId);
    },
    /** A client's ledger in an account (optionally one matter's, up to a day), oldest first, with the running balance. */
    async ledger(input: TrustLedgerInput): Promise<{ lines: TrustLedgerLine[]; balance: string }> {
      const v = parseInput(ledgerSchema, input);
      let q = ctx.db
        .selectFrom('trustEntries as e')
        .innerJoin('trustTransactions as x', (j) =>
          j.onRef('x.tenantId', '=', 'e.tenantId').onRef('x.id', '=', 'e.transactionId'),
        )
        .select([
          'e.transactionId',
          'x.kind',
          'e.occurredOn',
          'e.caseId',
          'x.description',
          sql<string>`(-e.amount)::text`.as('amount'),
          sql<string>`(sum(-e.amount) over (order by e.occurred_on, x.created_at, e.id))::text`.as('balance'),
        ])
        .where('e.side', '=', 'client_ledger')
        .where('e.trustAccountId', '=', v.accountId)
        .where('e.clientId', '=', v.clientId)
        .orderBy('e.occurredOn')
        .orderBy('x.createdAt')
        .orderBy('e.id');
      if (v.caseId) q = q.where('e.caseId', '=', v.caseId);
      if (v.until) q = q.where('e.occurredOn', '<=', v.until);
      const lines = await q.execute();
      return { lines, balance: lines.at(-1)?.balance ?? '0.00' };
    },
    /** Postings of an account (optionally one client's, between two days), newest first. */
    async listTransactions(input: ListTrustTransactionsInput): Promise<TrustTransaction[]> {
      const v = parseInput(listTransactionsSchema, input);
      let q = ctx.db
        .selectFrom('trustTransactions')
        .selectAll()
        .where('trustAccountId', '=', v.accountId)
        .orderBy('occurredOn', 'desc')
        .orderBy('createdAt', 'desc')
        .limit(v.limit);
      if (v.clientId) q = q.where('clientId', '=', v.clientId);
      if (v.from) q = q.where('occurredOn', '>=', v.from);
      if (v.until) q = q.where('occurredOn', '<=', v.until);
      return q.execute();
    },
    /**
     * Imports bank statement lines (money in positive, out negative). A line whose
     * `bankReference` was imported before is skipped, so a statement can be imported again.
     * Lines on or before the last reconciled day are refused. Needs `trust.manage`.
     */
    async importStatement(input: TrustStatementImportInput): Promise<{ imported: number; skipped: number }> {
      const v = parseInput(importStatementSchema, input);
      await requirePermission(ctx, 'trust.manage');
      const rows = await ctx.db
        .insertInto('trustBankLines')
        .values(
          v.lines.map((l) => ({
            trustAccountId: v.accountId,
            postedOn: l.postedOn,
            amount: l.amount,
            description: l.description ?? null,
            bankReference: l.bankReference ?? null,
            importedBy: ctx.context.userId,
          })),
        )
        .onConflict((c) => c.columns(['tenantId', 'trustAccountId', 'bankReference']).doNothing())
        .returning('id')
        .execute();
      return { imported: rows.length, skipped: v.lines.length - rows.length };
    },
    /**
     * Matches unmatched statement lines to unmatched postings of the same account and amount,
     * the nearest day first (within 7 days). Needs `trust.manage`.
     */
    async matchStatement(accountId: string): Promise<{ matched: number; unmatched: number }> {
      const aid = parseInput(idSchema, accountId, 'accountId');
      await requirePermission(ctx, 'trust.manage');
      const lines = await ctx.db
        .selectFrom('trustBankLines')
        .select(['id', 'postedOn', 'amount'])
        .where('trustAccountId', '=', aid)
        .where('matchedTransactionId', 'is', null)
        .orderBy('postedOn')
        .orderBy('id')
        .execute();
      let matched = 0;
      for (const line of lines) {
        const candidate = await ctx.db
          .selectFrom('trustEntries as e')
          .select('e.transactionId')
          .where('e.trustAccountId', '=', aid)
          .where('e.side', '=', 'bank')
          .where('e.amount', '=', line.amount)
          .where(sql<boolean>`abs(e.occurred_on - ${line.postedOn}::date) <= 7`)
          .where((w) =>
            w.not(
              w.exists(
                w
                  .selectFrom('trustBankLines as l')
                  .select('l.id')
                  .whereRef('l.tenantId', '=', 'e.tenantId')
                  .whereRef('l.matchedTransactionId', '=', 'e.transactionId'),
              ),
            ),
          )
          .orderBy(sql`abs(e.occurred_on - ${line.postedOn}::date)`)
          .orderBy('e.occurredOn')
          .limit(1)
          .executeTakeFirst();
        if (!candidate) continue;
        await ctx.db
          .updateTable('trustBankLines')
          .set({ matchedTransactionId: candidate.transactionId })
          .where('id', '=', line.id)
          .execute();
        matched++;
      }
      return { matched, unmatched: lines.length - matched };
    },
    /** Matches one statement line to a posting (same account and amount). Needs `trust.manage`. */
    async match(lineId: string, transactionId: string): Promise<TrustBankLine> {
      const lid = parseInput(idSchema, lineId, 'lineId');
      const tid = parseInput(idSchema, transactionId, 'transactionId');
      await requirePermission(ctx, 'trust.manage');
      const row = await ctx.db
        .updateTable('trustBankLines')
        .set({ matchedTransactionId: tid })
        .where('id', '=', lid)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('bank statement line', lineId);
      return row;
    },
    /**
     * The three-way reconciliation of an account on a day: the bank balance (imported
     * statement lines), the book balance (the postings) and every client's ledger, with each
     * difference: the totals that differ, statement lines and postings not matched, a client
     * ledger below zero. Needs `trust.read`.
     * @example
     * ```ts
     * const report = await t.trust.threeWay({ accountId, asOf: '2026-11-30' });
     * if (!report.balanced) console.table(report.differences);
     * ```
     */
    async threeWay(input: TrustThreeWayInput): Promise<TrustThreeWay> {
      const v = parseInput(threeWaySchema, input);
      const account = await findAccount(v.accountId);
      if (!account) throw new NotFoundError('trust account', v.accountId);
      const { rows: totals } = await sql<{ bank: string; book: string; ledgers: string }>`
        select coalesce((select sum(amount) from legal.trust_bank_lines
                          where trust_account_id = ${v.accountId} and posted_on <= ${v.asOf}), 0)::numeric(15, 2)::text as bank,
               coalesce((select sum(amount) from legal.trust_entries
                          where trust_account_id = ${v.accountId} and side = 'bank' and occurred_on <= ${v.asOf}), 0)::numeric(15, 2)::text as book,
               coalesce((select -sum(amount) from legal.trust_entries
                          where trust_account_id = ${v.accountId} and side = 'client_ledger' and occurred_on <= ${v.asOf}), 0)::numeric(15, 2)::text as ledgers`.execute(
        ctx.db,
      );
      const { rows: ledgers } = await sql<{ clientId: string; clientName: string; balance: string }>`
        select e.client_id, c.name as client_name, (-sum(e.amount))::numeric(15, 2)::text as balance
          from legal.trust_entries e join legal.clients c on c.tenant_id = e.tenant_id and c.id = e.client_id
         where e.trust_account_id = ${v.accountId} and e.side = 'client_ledger' and e.occurred_on <= ${v.asOf}
         group by e.client_id, c.name
        having sum(e.amount) <> 0
         order by c.name, e.client_id`.execute(ctx.db);
      const { rows: lines } = await sql<{ id: string; postedOn: string; amount: string; description: string | null }>`
        select id, posted_on, amount::text, description from legal.trust_bank_lines
         where trust_account_id = ${v.accountId} and posted_on <= ${v.asOf} and matched_transaction_id is null
         order by posted_on, id`.execute(ctx.db);
      const { rows: postings } = await sql<{
        transactionId: string;
        occurredOn: string;
        amount: string;
        description: string;
      }>`
        select e.transaction_id, e.occurred_on, e.amount::text, x.description
          from legal.trust_entries e join legal.trust_transactions x on x.tenant_id = e.tenant_id and x.id = e.transaction_id
         where e.trust_account_id = ${v.accountId} and e.side = 'bank' and e.occurred_on <= ${v.asOf}
           and not exists (select 1 from legal.trust_bank_lines l
                            where l.tenant_id = e.tenant_id and l.matched_transaction_id = e.transaction_id
                              and l.posted_on <= ${v.asOf})
         order by e.occurred_on, e.transaction_id`.execute(ctx.db);
      const t = totals[0] ?? { bank: '0.00', book: '0.00', ledgers: '0.00' };
      const diff = (a: string, b: string) => fromCents(toCents(a) - toCents(b));
      const differences: TrustDifference[] = [];
      if (toCents(t.bank) !== toCents(t.book)) differences.push({ kind: 'bank_vs_book', amount: diff(t.bank, t.book) });
      if (toCents(t.book) !== toCents(t.ledgers))
        differences.push({ kind: 'book_vs_client_ledgers', amount: diff(t.book, t.ledgers) });
      for (const l of lines)
        differences.push({
          kind: 'unmatched_bank_line',
          lineId: l.id,
          postedOn: l.postedOn,
          amount: l.amount,
          description: l.description,
        });
      for (const p of postings) differences.push({ kind: 'unmatched_posting', ...p });
      for (const l of ledgers)
        if (toCents(l.balance) < 0n)
          differences.push({ kind: 'negative_client_ledger', clientId: l.clientId, balance: l.balance });
      return {
        accountId: v.accountId,
        asOf: v.asOf,
        bankBalance: t.bank,
        bookBalance: t.book,
        clientLedgers: ledgers,
        clientLedgersTotal: t.ledgers,
        balanced: differences.length === 0,
        differences,
      };
    },
    /**
     * Reconciles the account up to `periodEnd`, which locks the period: accepted only when the
     * statement's closing balance, the imported lines, the book and the client ledgers agree
     * on that day (the database computes them). Needs `trust.reconcile`.
     * @throws {ValidationError} on `statementBalance` when they differ ({@link threeWay} says where)
     */
    async reconcile(input: TrustReconcileInput): Promise<TrustReconciliation> {
      const v = parseInput(reconcileSchema, input);
      await requirePermission(ctx, 'trust.reconcile');
      return ctx.db
        .insertInto('trustReconciliations')
        .values({
          trustAccountId: v.accountId,
          periodEnd: v.periodEnd,
          statementBalance: v.statementBalance,
          notes: v.notes ?? null,
          reconciledBy: ctx.context.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** The account's reconciled periods, newest first. */
    async listReconciliations(accountId: string): Promise<TrustReconciliation[]> {
      const aid = parseInput(idSchema, accountId, 'accountId');
      return ctx.db
        .selectFrom('trustReconciliations')
        .selectAll()
        .where('trustAccountId', '=', aid)
        .orderBy('periodEnd', 'desc')
        .execute();
    },
  };
}

export type TrustRepository = ReturnType<typeof trustRepository>;
