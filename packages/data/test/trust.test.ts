import { openUnit, query } from '@legal/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ConflictError, createLegalDb, ForbiddenError, ValidationError } from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const appUrl = await appLogin(database);
const db = createLegalDb({ contextKey: database.contextKey, connectionString: appUrl, maxConnections: 12 });
const firm = await createFirm(database.url, 'trust-a');
const rival = await createFirm(database.url, 'trust-b');
const bookkeeper = await addUser(database.url, firm.tenantId, 'admin', 'books@trust-a.example');
const lawyer = await addUser(database.url, firm.tenantId, 'lawyer', 'lawyer@trust-a.example');
const rivalAdmin = await addUser(database.url, rival.tenantId, 'admin', 'books@trust-b.example');
const asBooks = { tenantId: firm.tenantId, userId: bookkeeper };
const asLawyer = { tenantId: firm.tenantId, userId: lawyer };

const setup = await db.withTenant(asBooks, async (t) => {
  const iolta = await t.trust.createAccount({ name: 'IOLTA', bankName: 'First Bank', accountLast4: '4321' });
  const second = await t.trust.createAccount({ name: 'IOLTA 2' });
  const acme = await t.clients.create({ name: 'Acme Corp' });
  const zed = await t.clients.create({ name: 'Zed Holdings' });
  const matter = await t.cases.create({ title: 'Acme v. Initech', clientId: acme.id });
  return { iolta, second, acme, zed, matter };
});
const { iolta, acme, zed } = setup;

/** A pg client logged in as the application role with the bookkeeper's unit open (raw SQL, no SDK). */
async function rawUnit<T>(fn: (client: pg.Client) => Promise<T>, as = asBooks): Promise<T> {
  const client = new pg.Client({ connectionString: appUrl });
  await client.connect();
  try {
    await client.query('begin');
    await openUnit(client, { ...as, contextKey: database.contextKey });
    return await fn(client);
  } finally {
    await client.query('rollback').catch(() => {});
    await client.end();
  }
}
const codeOf = (e: unknown) => (e as { code?: string }).code;
const constraintOf = (e: unknown) => (e as { constraint?: string }).constraint;

describe('trust accounting', () => {
  it("posts deposits and disbursements as double entries and keeps each client's ledger with its running balance", async () => {
    const account = await db.withTenant(asBooks, (t) => t.trust.createAccount({ name: 'Ledger test' }));
    const result = await db.withTenant(asBooks, async (t) => {
      const d = await t.trust.deposit({
        accountId: account.id,
        clientId: acme.id,
        caseId: setup.matter.id,
        amount: '2500.00',
        occurredOn: '2026-10-01',
        description: 'Retainer',
      });
      const out = await t.trust.disburse({
        accountId: account.id,
        clientId: acme.id,
        caseId: setup.matter.id,
        amount: '400.25',
        occurredOn: '2026-10-05',
        description: 'Court filing fee',
        payee: 'Clerk of Court',
      });
      await t.trust.deposit({ accountId: account.id, clientId: zed.id, amount: 100, description: 'Deposit' });
      return { d, out, ledger: await t.trust.ledger({ accountId: account.id, clientId: acme.id }) };
    });
    expect(result.d.clientBalance).toBe('2500.00');
    expect(result.out.clientBalance).toBe('2099.75');
    expect(result.ledger.lines.map((l) => [l.kind, l.amount, l.balance])).toEqual([
      ['deposit', '2500.00', '2500.00'],
      ['disbursement', '-400.25', '2099.75'],
    ]);
    // every transaction's entries sum to zero: one bank line, one client-ledger line
    const entries = await query<{ transaction_id: string; n: number; total: string }>(
      database.url,
      `select transaction_id, count(*)::int as n, sum(amount)::text as total from legal.trust_entries
        where trust_account_id = $1 group by transaction_id`,
      [account.id],
    );
    expect(entries).toHaveLength(3);
    for (const e of entries) expect(e).toMatchObject({ n: 2, total: '0.00' });
  });

  it("refuses a disbursement above the client's balance with a typed error on amount, and writes nothing", async () => {
    await db.withTenant(asBooks, (t) =>
      t.trust.deposit({ accountId: iolta.id, clientId: zed.id, amount: '50.00', description: 'Small deposit' }),
    );
    const error = await db
      .withTenant(asBooks, (t) =>
        t.trust.disburse({
          accountId: iolta.id,
          clientId: zed.id,
          amount: '50.01',
          description: 'Too much',
          payee: 'X',
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'amount', message: "is more than the client's trust balance" },
    ]);
    const [after] = await query<{ n: number; balance: string }>(
      database.url,
      `select (select count(*)::int from legal.trust_transactions where trust_account_id = $1 and client_id = $2) as n,
              (select balance::text from legal.trust_client_balances where trust_account_id = $1 and client_id = $2) as balance`,
      [iolta.id, zed.id],
    );
    expect(after).toEqual({ n: 1, balance: '50.00' });
    // another client's money is not this client's: Acme's balance elsewhere does not help Zed
    const other = await db
      .withTenant(asBooks, (t) =>
        t.trust.disburse({ accountId: iolta.id, clientId: acme.id, amount: '1.00', description: 'x', payee: 'X' }),
      )
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ValidationError);
  });

  it('lets exactly as many concurrent disbursements through as the balance covers (no overdraft under a race)', async () => {
    const account = await db.withTenant(asBooks, (t) => t.trust.createAccount({ name: 'Race' }));
    await db.withTenant(asBooks, (t) =>
      t.trust.deposit({ accountId: account.id, clientId: acme.id, amount: '1000.00', description: 'Settlement funds' }),
    );
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        db.withTenant(asBooks, (t) =>
          t.trust.disburse({
            accountId: account.id,
            clientId: acme.id,
            amount: '150.00',
            description: `Payment ${i}`,
            payee: `Payee ${i}`,
          }),
        ),
      ),
    );
    const passed = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(passed).toHaveLength(6);
    expect(refused).toHaveLength(4);
    for (const r of refused) expect(r.reason).toBeInstanceOf(ValidationError);
    const [state] = await query<{ balance: string; book: string; postings: number }>(
      database.url,
      `select (select balance::text from legal.trust_client_balances where trust_account_id = $1) as balance,
              (select sum(amount)::text from legal.trust_entries where trust_account_id = $1 and side = 'bank') as book,
              (select count(*)::int from legal.trust_transactions where trust_account_id = $1) as postings`,
      [account.id],
    );
    expect(state).toEqual({ balance: '100.00', book: '100.00', postings: 7 });
  });

  it('the same race in raw SQL as legal_app (no SDK): the database alone refuses the overdraft', async () => {
    const account = await db.withTenant(asBooks, (t) => t.trust.createAccount({ name: 'Raw race' }));
    await db.withTenant(asBooks, (t) =>
      t.trust.deposit({ accountId: account.id, clientId: zed.id, amount: '300.00', description: 'Funds' }),
    );
    const clients = await Promise.all(
      [0, 1].map(async () => {
        const c = new pg.Client({ connectionString: appUrl });
        await c.connect();
        await c.query('begin');
        await openUnit(c, { ...asBooks, contextKey: database.contextKey });
        return c;
      }),
    );
    try {
      const insert = `insert into legal.trust_transactions (trust_account_id, kind, client_id, amount, description, payee, created_by)
                      values ($1, 'disbursement', $2, 200, 'race', 'p', $3)`;
      const [a, b] = clients as [pg.Client, pg.Client];
      await a.query(insert, [account.id, zed.id, bookkeeper]);
      // b waits for a's row lock on the balance, then sees 100 left
      const second = b.query(insert, [account.id, zed.id, bookkeeper]).catch((e: unknown) => e);
      await a.query('commit');
      const error = await second;
      expect(codeOf(error)).toBe('23514');
      expect(constraintOf(error)).toBe('trust_client_balances_not_negative');
      await b.query('rollback');
    } finally {
      for (const c of clients) await c.end();
    }
    const [balance] = await query<{ balance: string }>(
      database.url,
      'select balance::text from legal.trust_client_balances where trust_account_id = $1',
      [account.id],
    );
    expect(balance?.balance).toBe('100.00');
  });

  it('refuses direct SQL as legal_app that would forge the books: entries, balances, edits and deletions', async () => {
    const posted = await db.withTenant(asBooks, (t) =>
      t.trust.deposit({ accountId: iolta.id, clientId: acme.id, amount: '700.00', description: 'For the attack' }),
    );
    const attacks: Array<[string, string, unknown[], string]> = [
      [
        'an entry written by hand',
        `insert into legal.trust_entries (transaction_id, trust_account_id, side, client_id, amount, occurred_on)
         values ($1, $2, 'client_ledger', $3, -1000000, current_date)`,
        [posted.id, iolta.id, acme.id],
        '42501',
      ],
      ['a balance raised by hand', 'update legal.trust_client_balances set balance = 1000000', [], '42501'],
      [
        'a balance row written by hand',
        `insert into legal.trust_client_balances (trust_account_id, client_id, balance) values ($1, $2, 5)`,
        [iolta.id, zed.id],
        '42501',
      ],
      ['a balance deleted', 'delete from legal.trust_client_balances', [], '42501'],
      ['a posting edited', 'update legal.trust_transactions set amount = 1', [], '42501'],
      ['a posting deleted', 'delete from legal.trust_transactions', [], '42501'],
      ['an entry deleted', 'delete from legal.trust_entries', [], '42501'],
      ['an entry edited', 'update legal.trust_entries set amount = amount * 2', [], '42501'],
      ['a reconciliation deleted', 'delete from legal.trust_reconciliations', [], '42501'],
      [
        'a posting in another user’s name',
        `insert into legal.trust_transactions (trust_account_id, kind, client_id, amount, description, created_by)
         values ($1, 'deposit', $2, 5, 'forged', $3)`,
        [iolta.id, acme.id, lawyer],
        '42501',
      ],
      [
        'a reversal of another amount',
        `insert into legal.trust_transactions (trust_account_id, kind, client_id, amount, description, reverses_id, created_by)
         values ($1, 'reversal', $2, 1, 'partial', $3, $4)`,
        [iolta.id, acme.id, posted.id, bookkeeper],
        '23514',
      ],
      [
        'a disbursement without payee',
        `insert into legal.trust_transactions (trust_account_id, kind, client_id, amount, description, created_by)
         values ($1, 'disbursement', $2, 5, 'who?', $3)`,
        [iolta.id, acme.id, bookkeeper],
        '23514',
      ],
      [
        'a negative deposit',
        `insert into legal.trust_transactions (trust_account_id, kind, client_id, amount, description, created_by)
         values ($1, 'deposit', $2, -5000, 'negative', $3)`,
        [iolta.id, acme.id, bookkeeper],
        '23514',
      ],
    ];
    for (const [what, statement, values, code] of attacks) {
      const error = await rawUnit((c) => c.query(statement, values)).catch((e: unknown) => e);
      expect(codeOf(error), what).toBe(code);
    }
    // even the schema owner cannot edit or delete a record: the trigger refuses (a superuser session as legal_owner)
    for (const statement of [
      'update legal.trust_transactions set amount = 1 where id = $1',
      'delete from legal.trust_entries where transaction_id = $1',
    ]) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query('begin; set local role legal_owner');
        const error = await client.query(statement, [posted.id]).catch((e: unknown) => e);
        expect(constraintOf(error), statement).toBe('trust_records_immutable');
      } finally {
        await client.end();
      }
    }
    const [row] = await query<{ amount: string; entries: number }>(
      database.url,
      `select amount::text, (select count(*)::int from legal.trust_entries where transaction_id = t.id) as entries
         from legal.trust_transactions t where id = $1`,
      [posted.id],
    );
    expect(row).toEqual({ amount: '700.00', entries: 2 });
  });

  it('corrects by reversal only: the posting negated, once; a reversal is not reversed; an overdrawing reversal is refused', async () => {
    const account = await db.withTenant(asBooks, (t) => t.trust.createAccount({ name: 'Reversals' }));
    const { deposit, reversal } = await db.withTenant(asBooks, async (t) => {
      const deposit = await t.trust.deposit({
        accountId: account.id,
        clientId: acme.id,
        amount: '90.00',
        description: 'Typo',
      });
      const reversal = await t.trust.reverse(deposit.id, { description: 'Entered twice' });
      return { deposit, reversal };
    });
    expect(reversal).toMatchObject({
      kind: 'reversal',
      reversesId: deposit.id,
      amount: '90.00',
      clientBalance: '0.00',
    });
    const again = await db
      .withTenant(asBooks, (t) => t.trust.reverse(deposit.id, { description: 'again' }))
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    const ofReversal = await db
      .withTenant(asBooks, (t) => t.trust.reverse(reversal.id, { description: 'undo the undo' }))
      .catch((e: unknown) => e);
    expect(constraintOf((ofReversal as { cause?: unknown }).cause)).toBe('trust_transactions_reversal_of_reversal');
    const spent = await db.withTenant(asBooks, async (t) => {
      const d = await t.trust.deposit({ accountId: account.id, clientId: zed.id, amount: '60.00', description: 'In' });
      await t.trust.disburse({
        accountId: account.id,
        clientId: zed.id,
        amount: '60.00',
        description: 'Out',
        payee: 'P',
      });
      return d;
    });
    const overdraw = await db
      .withTenant(asBooks, (t) => t.trust.reverse(spent.id, { description: 'late' }))
      .catch((e: unknown) => e);
    expect(overdraw).toBeInstanceOf(ValidationError);
  });

  it('transfers earned fees to operating only against a sent invoice of the same client', async () => {
    const { draft, sent, others } = await db.withTenant(asBooks, async (t) => {
      await t.trust.deposit({
        accountId: setup.second.id,
        clientId: acme.id,
        amount: '1000.00',
        description: 'Retainer',
      });
      const draft = await t.invoices.create({
        clientId: acme.id,
        lines: [{ description: 'Advice', unitPrice: '300.00' }],
      });
      const sentDraft = await t.invoices.create({
        clientId: acme.id,
        lines: [{ description: 'Advice', unitPrice: '300.00' }],
      });
      const sent = await t.invoices.send(sentDraft.id);
      const zedDraft = await t.invoices.create({
        clientId: zed.id,
        lines: [{ description: 'Work', unitPrice: '10.00' }],
      });
      const others = await t.invoices.send(zedDraft.id);
      return { draft, sent, others };
    });
    const transfer = (invoiceId: string) =>
      db.withTenant(asBooks, (t) =>
        t.trust.transferToOperating({
          accountId: setup.second.id,
          clientId: acme.id,
          amount: '300.00',
          description: 'Fees earned',
          invoiceId,
        }),
      );
    for (const invoiceId of [draft.id, others.id]) {
      const error = await transfer(invoiceId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('invoiceId');
    }
    await expect(transfer(sent.id)).resolves.toMatchObject({ kind: 'transfer_to_operating', clientBalance: '700.00' });
  });

  it('three-way reconciliation: flags the bank fee and the unmatched lines, refuses to close a period that differs, locks one that agrees', async () => {
    const account = await db.withTenant(asBooks, (t) => t.trust.createAccount({ name: 'Reconcile' }));
    const report = await db.withTenant(asBooks, async (t) => {
      await t.trust.deposit({
        accountId: account.id,
        clientId: acme.id,
        amount: '1000.00',
        occurredOn: '2026-09-03',
        description: 'Retainer',
      });
      await t.trust.deposit({
        accountId: account.id,
        clientId: zed.id,
        amount: '250.00',
        occurredOn: '2026-09-08',
        description: 'Costs',
      });
      await t.trust.disburse({
        accountId: account.id,
        clientId: acme.id,
        amount: '200.00',
        occurredOn: '2026-09-10',
        description: 'Expert',
        payee: 'Dr. Expert',
      });
      const imported = await t.trust.importStatement({
        accountId: account.id,
        lines: [
          { postedOn: '2026-09-04', amount: '1000.00', bankReference: 'S1', description: 'DEPOSIT' },
          { postedOn: '2026-09-09', amount: 250, bankReference: 'S2' },
          { postedOn: '2026-09-12', amount: '-200.00', bankReference: 'S3', description: 'CHQ 101' },
          { postedOn: '2026-09-30', amount: '-15.00', bankReference: 'S4', description: 'SERVICE FEE' },
        ],
      });
      const again = await t.trust.importStatement({
        accountId: account.id,
        lines: [{ postedOn: '2026-09-04', amount: '1000.00', bankReference: 'S1' }],
      });
      const matching = await t.trust.matchStatement(account.id);
      return {
        imported,
        again,
        matching,
        report: await t.trust.threeWay({ accountId: account.id, asOf: '2026-09-30' }),
      };
    });
    expect(report.imported).toEqual({ imported: 4, skipped: 0 });
    expect(report.again).toEqual({ imported: 0, skipped: 1 });
    expect(report.matching).toEqual({ matched: 3, unmatched: 1 });
    expect(report.report).toMatchObject({
      bankBalance: '1035.00',
      bookBalance: '1050.00',
      clientLedgersTotal: '1050.00',
      clientLedgers: [
        { clientName: 'Acme Corp', balance: '800.00' },
        { clientName: 'Zed Holdings', balance: '250.00' },
      ],
      balanced: false,
      differences: [
        { kind: 'bank_vs_book', amount: '-15.00' },
        { kind: 'unmatched_bank_line', postedOn: '2026-09-30', amount: '-15.00', description: 'SERVICE FEE' },
      ],
    });
    const refused = await db
      .withTenant(asBooks, (t) =>
        t.trust.reconcile({ accountId: account.id, periodEnd: '2026-09-30', statementBalance: '1035.00' }),
      )
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues[0]?.path).toBe('statementBalance');

    // a day on which the three agree (before the fee) is reconciled, and locks its period
    const closed = await db.withTenant(asBooks, (t) =>
      t.trust.reconcile({ accountId: account.id, periodEnd: '2026-09-29', statementBalance: '1050.00' }),
    );
    expect(closed).toMatchObject({ bookBalance: '1050.00', clientLedgers: '1050.00', statementBalance: '1050.00' });
    const locked = [
      () =>
        db.withTenant(asBooks, (t) =>
          t.trust.deposit({
            accountId: account.id,
            clientId: acme.id,
            amount: 5,
            occurredOn: '2026-09-15',
            description: 'Backdated',
          }),
        ),
      () =>
        db.withTenant(asBooks, (t) =>
          t.trust.importStatement({
            accountId: account.id,
            lines: [{ postedOn: '2026-09-20', amount: 5, bankReference: 'LATE' }],
          }),
        ),
      () =>
        db.withTenant(asBooks, (t) =>
          t.trust.reconcile({ accountId: account.id, periodEnd: '2026-09-20', statementBalance: '1050.00' }),
        ),
    ];
    const paths = [];
    for (const attempt of locked)
      paths.push(((await attempt().catch((e: unknown) => e)) as ValidationError).issues?.[0]?.path);
    expect(paths).toEqual(['occurredOn', 'postedOn', 'periodEnd']);
    // …and in raw SQL too, by the reconciled period's lock, and the reconciliation itself is a record
    const raw = await rawUnit((c) =>
      c.query(
        `insert into legal.trust_transactions (trust_account_id, kind, client_id, amount, occurred_on, description, created_by)
         values ($1, 'deposit', $2, 5, '2026-09-01', 'backdated', $3)`,
        [account.id, acme.id, bookkeeper],
      ),
    ).catch((e: unknown) => e);
    expect(constraintOf(raw)).toBe('trust_transactions_period_locked');
    const forged = await rawUnit((c) =>
      c.query(
        `insert into legal.trust_reconciliations (trust_account_id, period_end, statement_balance, book_balance, client_ledgers, reconciled_by)
         values ($1, '2026-09-30', 1035, 1035, 1035, $2)`,
        [account.id, bookkeeper],
      ),
    ).catch((e: unknown) => e);
    expect(constraintOf(forged)).toBe('trust_reconciliations_three_way');
  });

  it('audits every posting: the transaction, its two entries and the balance it changed, with who and why', async () => {
    const posted = await db.withTenant({ ...asBooks, requestId: 'req-trust-1', reason: 'client retainer' }, (t) =>
      t.trust.deposit({ accountId: iolta.id, clientId: zed.id, amount: '12.34', description: 'Audited' }),
    );
    const rows = await query<{
      table_name: string;
      action: string;
      actor_id: string;
      request_id: string;
      reason: string;
    }>(
      database.url,
      `select table_name, action, actor_id, request_id, reason from legal.audit_log
        where tenant_id = $1 and request_id = 'req-trust-1' order by seq`,
      [firm.tenantId],
    );
    expect(rows.map((r) => `${r.action} ${r.table_name}`).sort()).toEqual([
      'create trust_entries',
      'create trust_entries',
      'create trust_transactions',
      'update trust_client_balances',
    ]);
    for (const r of rows) expect(r).toMatchObject({ actor_id: bookkeeper, reason: 'client retainer' });
    expect(posted.clientBalance).toBe('62.34');
    const verify = await query<{ problem: string | null }>(
      database.url,
      'select problem from legal.verify_audit_chain($1)',
      [firm.tenantId],
    );
    expect(verify[0]?.problem).toBeNull();
  });

  it('is for those given trust permissions (a lawyer sees no account and cannot post), and never crosses firms', async () => {
    const seen = await db.withTenant(asLawyer, (t) => t.trust.listAccounts());
    expect(seen).toEqual([]);
    const posting = await db
      .withTenant(asLawyer, (t) =>
        t.trust.deposit({ accountId: iolta.id, clientId: acme.id, amount: 1, description: 'x' }),
      )
      .catch((e: unknown) => e);
    expect(posting).toBeInstanceOf(ForbiddenError);
    expect((posting as ForbiddenError).permission).toBe('trust.manage');
    const rivalView = await db.withTenant({ tenantId: rival.tenantId, userId: rivalAdmin }, async (t) => ({
      accounts: await t.trust.listAccounts(),
      account: await t.trust.findAccount(iolta.id),
    }));
    expect(rivalView).toEqual({ accounts: [], account: undefined });
  });
});
