import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { createLegalDb, InvalidTransitionError, ValidationError } from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: await appLogin(database),
  maxConnections: 8,
});
const firm = await createFirm(database.url, 'money-a');
const admin = await addUser(database.url, firm.tenantId, 'admin', 'admin@money-a.example');
const associate = await addUser(database.url, firm.tenantId, 'lawyer', 'assoc@money-a.example');
const ctx = { tenantId: firm.tenantId, userId: admin };
const { clientId, caseA, caseB } = await db.withTenant(ctx, async (t) => {
  const client = await t.clients.create({ name: 'Smith Holdings' });
  return {
    clientId: client.id,
    caseA: (await t.cases.create({ title: 'Smith v. Jones', clientId: client.id })).id,
    caseB: (await t.cases.create({ title: 'Smith lease', clientId: client.id })).id,
  };
});

describe('time entries and expenses', () => {
  it('records time (amount computed by the database) and expenses; lists unbilled', async () => {
    await db.withTenant(ctx, async (t) => {
      const entry = await t.timeEntries.create({
        caseId: caseA,
        minutes: 90,
        rate: '250.00',
        description: 'Drafted the claim',
        workDate: '2026-10-05',
      });
      expect(entry).toMatchObject({ amount: '375.00', billable: true, userId: admin, workDate: '2026-10-05' });
      expect(await t.timeEntries.get(entry.id)).toEqual(entry);
      const expense = await t.expenses.create({
        caseId: caseA,
        category: 'filing_fee',
        amount: '350.00',
        description: 'Court fee',
        incurredOn: '2026-10-06',
      });
      expect(expense).toMatchObject({ amount: '350.00', category: 'filing_fee' });
      expect(await t.expenses.get(expense.id)).toEqual(expense);
      expect((await t.timeEntries.list({ caseId: caseA, unbilled: true })).items.map((e) => e.id)).toContain(entry.id);
      expect(
        (await t.expenses.list({ caseId: caseA, from: '2026-10-01', to: '2026-10-31' })).items.map((e) => e.id),
      ).toEqual([expense.id]);
      const float = await t.timeEntries
        .create({ caseId: caseA, minutes: 10, rate: 10.005, description: 'x' })
        .catch((e: unknown) => e);
      expect((float as ValidationError).issues.map((i) => i.path)).toEqual(['rate']);
    });
  });
});

describe('invoices', () => {
  it('totals come from the lines (exact decimals); draft → sent → paid; void; overdue', async () => {
    await db.withTenant(ctx, async (t) => {
      const entry = await t.timeEntries.create({ caseId: caseA, minutes: 60, rate: '200.00', description: 'Advice' });
      const inv = await t.invoices.create({
        clientId,
        caseId: caseA,
        taxRate: '0.20',
        lines: [
          { description: 'Advice', quantity: 1, unitPrice: '200.00', timeEntryId: entry.id },
          { description: 'Copies', quantity: '3', unitPrice: '0.10' },
          { description: 'Copies', quantity: '0.5', unitPrice: '0.35' },
        ],
      });
      // 200.00 + 0.30 + 0.18 (0.175 rounded half up) = 200.48; tax 40.10 (40.096); total 240.58
      expect(inv).toMatchObject({
        status: 'draft',
        subtotal: '200.48',
        tax: '40.10',
        total: '240.58',
        currency: 'USD',
      });
      expect(inv.invoiceNumber).toMatch(/^INV-\d{6}$/);
      expect((await t.timeEntries.get(entry.id)).invoiceId).toBe(inv.id);
      const more = await t.invoices.addLines(inv.id, [{ description: 'Travel', unitPrice: '19.52' }]);
      expect(more).toMatchObject({ subtotal: '220.00', tax: '44.00', total: '264.00' });
      expect((await t.invoices.lines(inv.id)).map((l) => [l.lineNumber, l.amount])).toEqual([
        [1, '200.00'],
        [2, '0.30'],
        [3, '0.18'],
        [4, '19.52'],
      ]);
      const sent = await t.invoices.send(inv.id, { issueDate: '2026-10-01' });
      expect(sent).toMatchObject({ status: 'sent', issueDate: '2026-10-01', dueDate: '2026-10-31' });
      await expect(t.invoices.addLines(inv.id, [{ description: 'Late', unitPrice: '1' }])).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect((await t.invoices.list({ overdue: true, asOf: '2026-11-01' })).items.map((i) => i.id)).toContain(inv.id);
      expect((await t.invoices.list({ overdue: true, asOf: '2026-10-15' })).items.map((i) => i.id)).not.toContain(
        inv.id,
      );
      const partial = await t.invoices.recordPayment(inv.id, { amount: '100.00' });
      expect(partial).toMatchObject({ status: 'sent', amountPaid: '100.00', paidAt: null });
      const over = await t.invoices.recordPayment(inv.id, { amount: '164.01' }).catch((e: unknown) => e);
      expect((over as ValidationError).issues.map((i) => i.path)).toEqual(['amount']);
      const paid = await t.invoices.recordPayment(inv.id, { amount: '164.00', paidOn: '2026-10-20' });
      expect(paid).toMatchObject({ status: 'paid', amountPaid: '264.00' });
      const error = await t.invoices.void(inv.id, 'client disputed').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({ entity: 'invoice', from: 'paid', to: 'void' });

      const draft = await t.invoices.create({ clientId, lines: [{ description: 'Mistake', unitPrice: '5' }] });
      const voided = await t.invoices.void(draft.id, 'raised in error');
      expect(voided.status).toBe('void');
      expect(voided.notes).toContain('Voided: raised in error');
      expect(await t.invoices.get(draft.id)).toEqual(voided);
      expect((await t.invoices.list({ status: ['void'] })).items.map((i) => i.id)).toEqual([draft.id]);
    });
  });

  it('20 concurrent creations in one tenant get 20 distinct consecutive numbers', async () => {
    const before = await query<{ n: number | null }>(
      database.url,
      'select max(invoice_seq) as n from legal.invoices where tenant_id = $1',
      [firm.tenantId],
    );
    const start = (before[0]?.n ?? 0) + 1;
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.withTenant(ctx, (t) =>
          t.invoices.create({ clientId, lines: [{ description: `Concurrent ${i}`, unitPrice: '1.00' }] }),
        ),
      ),
    );
    const seqs = created.map((i) => i.invoiceSeq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => start + i));
    expect(new Set(created.map((i) => i.invoiceNumber)).size).toBe(20);
    // and a failed creation releases its number: the next invoice takes it
    await expect(
      db.withTenant(ctx, async (t) => {
        await t.invoices.create({ clientId, lines: [] });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const next = await db.withTenant(ctx, (t) => t.invoices.create({ clientId }));
    expect(next.invoiceSeq).toBe(start + 20);
  });
});

describe('monthly financial report', () => {
  it('equals sums computed here from the rows the test inserted', async () => {
    const report = await db.withTenant({ tenantId: firm.tenantId, userId: admin }, async (t) => {
      // a separate firm-month: 2026-03
      const rows = {
        time: [
          { caseId: caseA, userId: admin, minutes: 120, rate: '300.00', billable: true, workDate: '2026-03-02' },
          { caseId: caseA, userId: associate, minutes: 45, rate: '180.00', billable: true, workDate: '2026-03-15' },
          { caseId: caseB, userId: associate, minutes: 30, rate: '180.00', billable: false, workDate: '2026-03-31' },
          { caseId: caseB, userId: admin, minutes: 60, rate: '300.00', billable: true, workDate: '2026-04-01' }, // next month
        ],
        expenses: [
          { caseId: caseA, amount: '120.55', billable: true, incurredOn: '2026-03-03' },
          { caseId: caseB, amount: '99.99', billable: false, incurredOn: '2026-03-04' },
        ],
      };
      for (const r of rows.time) await t.timeEntries.create({ ...r, description: 'work' });
      for (const e of rows.expenses) await t.expenses.create({ ...e, description: 'cost' });
      const i1 = await t.invoices.create({
        clientId,
        caseId: caseA,
        lines: [{ description: 'A', unitPrice: '1000.00' }],
        taxRate: '0.10',
      });
      await t.invoices.send(i1.id, { issueDate: '2026-03-10' });
      await t.invoices.recordPayment(i1.id, { amount: '1100.00', paidOn: '2026-03-25' });
      const i2 = await t.invoices.create({
        clientId,
        caseId: caseB,
        lines: [{ description: 'B', quantity: 3, unitPrice: '333.33' }],
      });
      await t.invoices.send(i2.id, { issueDate: '2026-03-20' });
      await t.invoices.recordPayment(i2.id, { amount: '400.00' });
      const i3 = await t.invoices.create({
        clientId,
        caseId: caseA,
        lines: [{ description: 'C', unitPrice: '50.00' }],
      });
      await t.invoices.send(i3.id, { issueDate: '2026-04-02' }); // next month
      await t.invoices.create({ clientId, lines: [{ description: 'draft', unitPrice: '7.00' }] }); // draft: not billed
      const summary = await t.reports.monthly({ year: 2026, month: 3 });
      // the per-matter lines, a page of one at a time: the pages join up, in matter-id order
      const first = await t.reports.monthlyByCase({ year: 2026, month: 3, limit: 1 });
      const second = await t.reports.monthlyByCase({ year: 2026, month: 3, limit: 1, cursor: first.nextCursor });
      expect(second.nextCursor).toBeUndefined();
      return { ...summary, byCase: [...first.items, ...second.items] };
    });

    // independent computation, in integer cents
    const cents = (s: string) => Math.round(Number(s) * 100);
    const fmt = (c: number) => (c / 100).toFixed(2);
    const amount = (minutes: number, rate: string) => Math.round((minutes * cents(rate)) / 60);
    const billed = 110000 + 99999; // i1 (1000 + 10 % tax) + i2 (3 × 333.33)
    const collected = 110000; // i1, settled on 2026-03-25
    // still-sent invoices issued before April, from the whole firm (the earlier tests' sent invoices are paid or void, plus i2)
    const outstanding = await query<{ c: string }>(
      database.url,
      "select coalesce(sum(total - amount_paid), 0)::text as c from legal.invoices where tenant_id = $1 and status = 'sent' and issue_date < '2026-04-01'",
      [firm.tenantId],
    );
    expect(report.month).toBe('2026-03-01');
    expect(report.billed).toBe(fmt(billed));
    expect(report.collected).toBe(fmt(collected));
    expect(report.outstanding).toBe(Number(outstanding[0]?.c).toFixed(2));
    expect(report.outstanding).toBe(fmt(99999 - 40000));
    expect(report.byLawyer).toEqual(
      [
        { userId: admin, minutes: 120, billableMinutes: 120, billableAmount: fmt(amount(120, '300.00')) },
        { userId: associate, minutes: 75, billableMinutes: 45, billableAmount: fmt(amount(45, '180.00')) },
      ].sort((a, b) => (a.userId < b.userId ? -1 : 1)),
    );
    expect(report.byCase).toEqual(
      [
        {
          caseId: caseA,
          timeAmount: fmt(amount(120, '300.00') + amount(45, '180.00')),
          expenseAmount: '120.55',
          billed: fmt(110000),
        },
        { caseId: caseB, timeAmount: '0.00', expenseAmount: '0.00', billed: fmt(99999) },
      ].sort((a, b) => (a.caseId < b.caseId ? -1 : 1)),
    );
  });

  it('needs billing.read or reports.read', async () => {
    const viewer = await addUser(database.url, firm.tenantId, 'viewer', 'viewer@money-a.example');
    await expect(
      db.withTenant({ tenantId: firm.tenantId, userId: viewer }, (t) => t.reports.monthly({ year: 2026, month: 3 })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
