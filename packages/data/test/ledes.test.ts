import { describe, expect, it } from 'vitest';
import {
  createLegalDb,
  LEDES_1998B_FIELDS,
  type UtbmsCode,
  ValidationError,
  validateLedes1998B,
} from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({ contextKey: database.contextKey, connectionString: await appLogin(database) });
const firm = await createFirm(database.url, 'ledes-a');
const billing = await addUser(database.url, firm.tenantId, 'admin', 'billing@ledes-a.example');
const ctx = { tenantId: firm.tenantId, userId: billing };

// A litigation matter billed for: a deposition (L330/A109), drafting (L210/A103) and a court fee (E112).
const setup = await db.withTenant(ctx, async (t) => {
  const client = await t.clients.create({ name: 'Acme Corp', externalRef: 'ACME-001' });
  const matter = await t.cases.create({ title: 'Acme v. Initech', clientId: client.id, matterNumber: 'M-2026-017' });
  const deposition = await t.timeEntries.create({
    caseId: matter.id,
    userId: firm.userId,
    workDate: '2026-10-05',
    minutes: 90,
    rate: '300.00',
    description: 'Attend deposition of | J. Smith []',
    utbmsTaskCode: 'L330',
    utbmsActivityCode: 'A109',
  });
  const drafting = await t.timeEntries.create({
    caseId: matter.id,
    workDate: '2026-10-12',
    minutes: 45,
    rate: '180.00',
    description: 'Draft answer\nto the complaint',
    utbmsTaskCode: 'L210',
    utbmsActivityCode: 'A103',
  });
  const fee = await t.expenses.create({
    caseId: matter.id,
    incurredOn: '2026-10-20',
    category: 'filing_fee',
    description: 'Motion filing fee',
    amount: '45.00',
    utbmsExpenseCode: 'E112',
  });
  const uncoded = await t.timeEntries.create({ caseId: matter.id, minutes: 6, rate: '300.00', description: 'Call' });
  const invoice = await t.invoices.create({
    clientId: client.id,
    caseId: matter.id,
    lines: [
      { description: 'Deposition of J. Smith', quantity: '1.50', unitPrice: '300.00', timeEntryId: deposition.id },
      { description: 'Draft answer', quantity: '0.75', unitPrice: '180.00', timeEntryId: drafting.id },
      { description: 'Motion filing fee', quantity: 1, unitPrice: '45.00', expenseId: fee.id },
    ],
  });
  const sent = await t.invoices.send(invoice.id, { issueDate: '2026-10-31' });
  const other = await t.invoices.create({
    clientId: client.id,
    caseId: matter.id,
    lines: [{ description: 'Call', quantity: '0.10', unitPrice: '300.00', timeEntryId: uncoded.id }],
  });
  await t.invoices.send(other.id, { issueDate: '2026-10-31' });
  return { sent, other, codes: await t.invoices.utbmsCodes() };
});

describe('LEDES 1998B export', () => {
  it('exports an invoice with UTBMS codes as a file that passes the format’s field rules', async () => {
    const file = await db.withTenant(ctx, (t) => t.invoices.exportLedes(setup.sent.id, { lawFirmId: '12-3456789' }));
    expect(validateLedes1998B(file, setup.codes)).toEqual([]);
    const lines = file.trimEnd().split('\n');
    expect(lines[0]).toBe('LEDES1998B[]');
    expect(lines[1]).toBe(`${LEDES_1998B_FIELDS.join('|')}[]`);
    const rows = lines.slice(2).map((l) => {
      expect(l.endsWith('[]')).toBe(true);
      const values = l.slice(0, -2).split('|');
      expect(values).toHaveLength(24);
      return Object.fromEntries(LEDES_1998B_FIELDS.map((f, i) => [f, values[i]]));
    });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      INVOICE_DATE: '20261031',
      INVOICE_NUMBER: setup.sent.invoiceNumber,
      CLIENT_ID: 'ACME-001',
      LAW_FIRM_MATTER_ID: 'M-2026-017',
      INVOICE_TOTAL: '630.00', // 450.00 + 135.00 + 45.00
      BILLING_START_DATE: '20261005',
      BILLING_END_DATE: '20261020',
      LINE_ITEM_NUMBER: '1',
      'EXP/FEE/INV_ADJ_TYPE': 'F',
      LINE_ITEM_NUMBER_OF_UNITS: '1.50',
      LINE_ITEM_TOTAL: '450.00',
      LINE_ITEM_DATE: '20261005',
      LINE_ITEM_TASK_CODE: 'L330',
      LINE_ITEM_EXPENSE_CODE: '',
      LINE_ITEM_ACTIVITY_CODE: 'A109',
      LAW_FIRM_ID: '12-3456789',
      LINE_ITEM_UNIT_COST: '300.00',
      TIMEKEEPER_NAME: 'Lee Lawyer',
      TIMEKEEPER_CLASSIFICATION: 'AS',
    });
    expect(rows[1]).toMatchObject({
      LINE_ITEM_TOTAL: '135.00',
      LINE_ITEM_TASK_CODE: 'L210',
      LINE_ITEM_ACTIVITY_CODE: 'A103',
    });
    expect(rows[2]).toMatchObject({
      'EXP/FEE/INV_ADJ_TYPE': 'E',
      LINE_ITEM_EXPENSE_CODE: 'E112',
      LINE_ITEM_TASK_CODE: '',
      TIMEKEEPER_ID: '',
      LINE_ITEM_TOTAL: '45.00',
    });
    // the pipe, "[]" and the line break of the descriptions cannot break the format
    expect(file).not.toMatch(/\| J\. Smith/);
    for (const row of rows) expect(Object.keys(row)).toHaveLength(24);
  });

  it('the checker finds each broken rule: a wrong total, a phase code, a bad date, a short line, an expense without code', () => {
    const codes: UtbmsCode[] = setup.codes;
    const good = [
      'LEDES1998B[]',
      `${LEDES_1998B_FIELDS.join('|')}[]`,
      '20261031|INV-1|ACME-001|M-1|100.00|20261001|20261031||1|F|1.00|0.00|100.00|20261005|L330||A109|TK1|Deposition|FIRM|100.00|Doe, Jane|PT|[]',
    ];
    expect(validateLedes1998B(good.join('\n'), codes)).toEqual([]);
    const broken = (replace: (line: string) => string) =>
      validateLedes1998B([good[0], good[1], replace(good[2] as string)].join('\n'), codes).map((i) => i.field);
    expect(broken((l) => l.replace('|100.00|20261005', '|90.00|20261005'))).toEqual([
      'LINE_ITEM_TOTAL',
      'INVOICE_TOTAL',
    ]);
    expect(broken((l) => l.replace('|L330|', '|L300|'))).toEqual(['LINE_ITEM_TASK_CODE']);
    expect(broken((l) => l.replace('|A109|', '|A199|'))).toEqual(['LINE_ITEM_ACTIVITY_CODE']);
    expect(broken((l) => l.replace('20261005', '20261305'))).toEqual(['LINE_ITEM_DATE']);
    expect(broken((l) => l.replace('20261005', '20261105'))).toEqual(['LINE_ITEM_DATE']);
    expect(broken((l) => l.replace('|Doe, Jane|PT|', '|Doe, Jane|XX|'))).toEqual(['TIMEKEEPER_CLASSIFICATION']);
    expect(broken((l) => l.replace('|F|', '|X|'))).toEqual(['EXP/FEE/INV_ADJ_TYPE']);
    expect(broken((l) => l.replace('|FIRM|', '|'))).toEqual(['FILE']);
    expect(broken((l) => l.replace('[]', ''))).toEqual(['FILE']);
    expect(broken((l) => l.replace('|INV-1|', `|${'I'.repeat(21)}|`))).toEqual(['INVOICE_NUMBER']);
    expect(broken((l) => l.replace('|F|', '|E|').replace('|L330||A109|', '||||'))).toEqual(['LINE_ITEM_EXPENSE_CODE']);
  });

  it('refuses what a LEDES file cannot carry, naming it: an uncoded time entry, a draft invoice, a missing firm id', async () => {
    const uncoded = await db
      .withTenant(ctx, (t) => t.invoices.exportLedes(setup.other.id, { lawFirmId: 'FIRM' }))
      .catch((e: unknown) => e);
    expect(uncoded).toBeInstanceOf(ValidationError);
    expect((uncoded as ValidationError).issues.map((i) => i.path)).toEqual([
      'lines.0.utbmsTaskCode',
      'lines.0.utbmsActivityCode',
    ]);
    const noFirm = await db
      .withTenant(ctx, (t) => t.invoices.exportLedes(setup.sent.id, { lawFirmId: '' }))
      .catch((e: unknown) => e);
    expect((noFirm as ValidationError).issues?.[0]?.path).toBe('lawFirmId');
    const draft = await db.withTenant(ctx, async (t) => {
      const d = await t.invoices.create({ clientId: setup.sent.clientId, lines: [] });
      return t.invoices.exportLedes(d.id, { lawFirmId: 'FIRM' }).catch((e: unknown) => e);
    });
    expect((draft as ValidationError).issues.map((i) => i.path)).toContain('status');
  });

  it('keeps UTBMS codes valid in the database: a phase header or an unknown code is a typed error naming the field', async () => {
    const { caseId } = await db.withTenant(ctx, async (t) => ({ caseId: (await t.cases.list()).items[0]?.id ?? '' }));
    for (const [input, path] of [
      [{ utbmsTaskCode: 'L300' }, 'utbmsTaskCode'],
      [{ utbmsTaskCode: 'L999' }, 'utbmsTaskCode'],
      [{ utbmsActivityCode: 'A199' }, 'utbmsActivityCode'],
    ] as const) {
      const error = await db
        .withTenant(ctx, (t) => t.timeEntries.create({ caseId, minutes: 6, description: 'x', ...input }))
        .catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe(path);
    }
    const expense = await db
      .withTenant(ctx, (t) => t.expenses.create({ caseId, description: 'x', amount: 5, utbmsExpenseCode: 'E999' }))
      .catch((e: unknown) => e);
    expect((expense as ValidationError).issues[0]?.path).toBe('utbmsExpenseCode');
  });
});
