import { toUnits } from '../money/decimal.js';

/**
 * LEDES 1998B: the pipe-delimited e-billing format US corporate legal departments take in
 * (LEDES Oversight Committee). A file is `LEDES1998B[]`, a header line of the 24 field names,
 * then one line per line item; every line ends with `[]`.
 */
export const LEDES_1998B_FIELDS = [
  'INVOICE_DATE',
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'INVOICE_DESCRIPTION',
  'LINE_ITEM_NUMBER',
  'EXP/FEE/INV_ADJ_TYPE',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_DATE',
  'LINE_ITEM_TASK_CODE',
  'LINE_ITEM_EXPENSE_CODE',
  'LINE_ITEM_ACTIVITY_CODE',
  'TIMEKEEPER_ID',
  'LINE_ITEM_DESCRIPTION',
  'LAW_FIRM_ID',
  'LINE_ITEM_UNIT_COST',
  'TIMEKEEPER_NAME',
  'TIMEKEEPER_CLASSIFICATION',
  'CLIENT_MATTER_ID',
] as const;
export type LedesField = (typeof LEDES_1998B_FIELDS)[number];

/** Timekeeper classifications of LEDES 1998B: partner, associate, of counsel, legal assistant, other. */
export const LEDES_TIMEKEEPER_CLASSES = ['PT', 'AS', 'OC', 'LA', 'OT'] as const;
export type LedesTimekeeperClass = (typeof LEDES_TIMEKEEPER_CLASSES)[number];

/** A UTBMS code of a set (as `legal.utbms_codes()` lists them). */
export interface UtbmsCode {
  codeSet: string;
  code: string;
  description: string;
  phase: boolean;
}

/** Something a LEDES file breaks: the line (1-based) and field it is in. */
export interface LedesIssue {
  line: number;
  field: LedesField | 'FILE';
  message: string;
}

const MAX_LENGTH: Partial<Record<LedesField, number>> = {
  INVOICE_NUMBER: 20,
  CLIENT_ID: 20,
  LAW_FIRM_MATTER_ID: 20,
  INVOICE_DESCRIPTION: 15_000,
  LINE_ITEM_NUMBER: 20,
  LINE_ITEM_TASK_CODE: 20,
  LINE_ITEM_EXPENSE_CODE: 20,
  LINE_ITEM_ACTIVITY_CODE: 20,
  TIMEKEEPER_ID: 20,
  LINE_ITEM_DESCRIPTION: 15_000,
  LAW_FIRM_ID: 20,
  TIMEKEEPER_NAME: 30,
  CLIENT_MATTER_ID: 20,
};
const REQUIRED: readonly LedesField[] = [
  'INVOICE_DATE',
  'INVOICE_NUMBER',
  'CLIENT_ID',
  'LAW_FIRM_MATTER_ID',
  'INVOICE_TOTAL',
  'BILLING_START_DATE',
  'BILLING_END_DATE',
  'LINE_ITEM_NUMBER',
  'EXP/FEE/INV_ADJ_TYPE',
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_DATE',
  'LAW_FIRM_ID',
  'LINE_ITEM_UNIT_COST',
];
const DATES: readonly LedesField[] = ['INVOICE_DATE', 'BILLING_START_DATE', 'BILLING_END_DATE', 'LINE_ITEM_DATE'];
/** Amounts: up to 4 decimals (the spec's 10.4 / 14.4); the invoice total is currency 14.2. */
const AMOUNTS: readonly LedesField[] = [
  'LINE_ITEM_NUMBER_OF_UNITS',
  'LINE_ITEM_ADJUSTMENT_AMOUNT',
  'LINE_ITEM_TOTAL',
  'LINE_ITEM_UNIT_COST',
];
const HEADER = `${LEDES_1998B_FIELDS.join('|')}[]`;

/** A value as LEDES carries it: no `|`, no `[]`, no line break (replaced), trimmed. */
export function ledesText(value: string | null | undefined): string {
  return (value ?? '')
    .replace(/\r?\n|\r/g, ' ')
    .replaceAll('|', '/')
    .replaceAll('[]', '()')
    .trim();
}

/** An ISO day (`2026-11-04`) as LEDES writes it (`20261104`). */
export function ledesDate(day: string): string {
  return day.slice(0, 10).replaceAll('-', '');
}

/** Builds a LEDES 1998B file from its line items (each a record of the 24 fields). */
export function formatLedes1998B(lines: ReadonlyArray<Record<LedesField, string>>): string {
  const rows = lines.map((l) => `${LEDES_1998B_FIELDS.map((f) => l[f]).join('|')}[]`);
  return `${['LEDES1998B[]', HEADER, ...rows].join('\n')}\n`;
}

const validDate = (s: string): boolean => {
  if (!/^\d{8}$/.test(s)) return false;
  const d = new Date(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))));
  return ledesDate(d.toISOString()) === s;
};
/** A decimal string as ten-thousandths (exact; no floats). */
const units4 = (s: string): bigint => toUnits(s, 4);

/** A line's units × unit cost in cents, rounded half away from zero (what the export writes and the checker expects). */
export function ledesLineCents(units: string, unitCost: string): bigint {
  const product = units4(units) * units4(unitCost); // hundred-millionths
  return (product + (product >= 0n ? 500_000n : -500_000n)) / 1_000_000n;
}

/**
 * Checks a LEDES 1998B file against the format's field rules: the two first lines, 24 fields
 * and the `[]` ending on every line, the required fields, `YYYYMMDD` dates (line dates within
 * the billing period), the line type (F, E, IF, IE), amounts (at most 4 decimals, the invoice
 * total at most 2), field lengths, each line's total (units × unit cost + adjustment), each
 * invoice's total (the sum of its lines, the same on each of its lines, as its date and
 * client), unique line numbers, the UTBMS codes (a fee has a billable task code and an
 * activity code, an expense an expense code, from `codes`), the timekeeper of a fee and its
 * classification. Returns every issue; an empty array is a valid file.
 * @example
 * ```ts
 * const issues = validateLedes1998B(file, await t.invoices.utbmsCodes());
 * ```
 */
export function validateLedes1998B(file: string, codes: readonly UtbmsCode[]): LedesIssue[] {
  const issues: LedesIssue[] = [];
  const lines = file.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines[0] !== 'LEDES1998B[]')
    issues.push({ line: 1, field: 'FILE', message: 'the first line must be "LEDES1998B[]"' });
  if (lines[1] !== HEADER) issues.push({ line: 2, field: 'FILE', message: 'the second line must name the 24 fields' });
  if (lines.length < 3) issues.push({ line: lines.length, field: 'FILE', message: 'there is no line item' });
  const billable = (set: string) => new Set(codes.filter((c) => c.codeSet === set && !c.phase).map((c) => c.code));
  const tasks = billable('litigation_task');
  const activities = billable('activity');
  const expenses = billable('expense');
  const invoices = new Map<
    string,
    { total: string; date: string; client: string; sum: bigint; numbers: Set<string> }
  >();

  lines.slice(2).forEach((text, i) => {
    const line = i + 3;
    const add = (field: LedesField | 'FILE', message: string) => issues.push({ line, field, message });
    if (!text.endsWith('[]')) {
      add('FILE', 'the line must end with "[]"');
      return;
    }
    const values = text.slice(0, -2).split('|');
    if (values.length !== 24) {
      add('FILE', `the line has ${values.length} fields instead of 24`);
      return;
    }
    const v = Object.fromEntries(LEDES_1998B_FIELDS.map((f, k) => [f, values[k] ?? ''])) as Record<LedesField, string>;
    for (const f of REQUIRED) if (v[f] === '') add(f, 'is required');
    for (const f of DATES) if (v[f] !== '' && !validDate(v[f])) add(f, 'must be a date YYYYMMDD');
    for (const f of AMOUNTS)
      if (v[f] !== '' && !/^-?\d{1,10}(\.\d{1,4})?$/.test(v[f])) add(f, 'must be an amount with at most 4 decimals');
    if (v.INVOICE_TOTAL !== '' && !/^-?\d{1,12}(\.\d{1,2})?$/.test(v.INVOICE_TOTAL))
      add('INVOICE_TOTAL', 'must be an amount with at most 2 decimals');
    for (const [f, max] of Object.entries(MAX_LENGTH) as [LedesField, number][])
      if (v[f].length > max) add(f, `is longer than ${max} characters`);
    for (const f of LEDES_1998B_FIELDS) if (v[f].includes('[]')) add(f, 'must not contain "[]"');
    const type = v['EXP/FEE/INV_ADJ_TYPE'];
    if (!['F', 'E', 'IF', 'IE'].includes(type)) add('EXP/FEE/INV_ADJ_TYPE', 'must be F, E, IF or IE');
    if (validDate(v.LINE_ITEM_DATE) && validDate(v.BILLING_START_DATE) && validDate(v.BILLING_END_DATE)) {
      if (v.BILLING_START_DATE > v.BILLING_END_DATE) add('BILLING_END_DATE', 'is before BILLING_START_DATE');
      if (v.LINE_ITEM_DATE < v.BILLING_START_DATE || v.LINE_ITEM_DATE > v.BILLING_END_DATE)
        add('LINE_ITEM_DATE', 'is outside the billing period');
    }
    const numeric = (f: LedesField) => /^-?\d{1,10}(\.\d{1,4})?$/.test(v[f]);
    if (numeric('LINE_ITEM_NUMBER_OF_UNITS') && numeric('LINE_ITEM_UNIT_COST') && numeric('LINE_ITEM_TOTAL')) {
      if (units4(v.LINE_ITEM_NUMBER_OF_UNITS) < 0n) add('LINE_ITEM_NUMBER_OF_UNITS', 'must not be negative');
      const adjustment = v.LINE_ITEM_ADJUSTMENT_AMOUNT === '' ? 0n : units4(v.LINE_ITEM_ADJUSTMENT_AMOUNT);
      // units × unit cost (ten-thousandths squared), rounded to cents, plus the adjustment
      const cents = ledesLineCents(v.LINE_ITEM_NUMBER_OF_UNITS, v.LINE_ITEM_UNIT_COST);
      const expected = cents * 100n + adjustment;
      if (expected !== units4(v.LINE_ITEM_TOTAL))
        add('LINE_ITEM_TOTAL', 'is not LINE_ITEM_NUMBER_OF_UNITS × LINE_ITEM_UNIT_COST + LINE_ITEM_ADJUSTMENT_AMOUNT');
    }
    if (type === 'F') {
      if (!tasks.has(v.LINE_ITEM_TASK_CODE)) add('LINE_ITEM_TASK_CODE', 'must be a billable UTBMS task code on a fee');
      if (!activities.has(v.LINE_ITEM_ACTIVITY_CODE))
        add('LINE_ITEM_ACTIVITY_CODE', 'must be a UTBMS activity code on a fee');
      if (v.LINE_ITEM_EXPENSE_CODE !== '') add('LINE_ITEM_EXPENSE_CODE', 'must be empty on a fee');
      if (v.TIMEKEEPER_ID === '') add('TIMEKEEPER_ID', 'is required on a fee');
      if (v.TIMEKEEPER_NAME === '') add('TIMEKEEPER_NAME', 'is required on a fee');
      if (!(LEDES_TIMEKEEPER_CLASSES as readonly string[]).includes(v.TIMEKEEPER_CLASSIFICATION))
        add('TIMEKEEPER_CLASSIFICATION', `must be one of ${LEDES_TIMEKEEPER_CLASSES.join(', ')} on a fee`);
    }
    if (type === 'E') {
      if (!expenses.has(v.LINE_ITEM_EXPENSE_CODE))
        add('LINE_ITEM_EXPENSE_CODE', 'must be a UTBMS expense code on an expense');
      if (v.LINE_ITEM_TASK_CODE !== '' && !tasks.has(v.LINE_ITEM_TASK_CODE))
        add('LINE_ITEM_TASK_CODE', 'must be a billable UTBMS task code');
      if (v.LINE_ITEM_ACTIVITY_CODE !== '') add('LINE_ITEM_ACTIVITY_CODE', 'must be empty on an expense');
    }
    const invoice = invoices.get(v.INVOICE_NUMBER) ?? {
      total: v.INVOICE_TOTAL,
      date: v.INVOICE_DATE,
      client: v.CLIENT_ID,
      sum: 0n,
      numbers: new Set<string>(),
    };
    invoices.set(v.INVOICE_NUMBER, invoice);
    if (invoice.total !== v.INVOICE_TOTAL) add('INVOICE_TOTAL', 'differs from the first line of the invoice');
    if (invoice.date !== v.INVOICE_DATE) add('INVOICE_DATE', 'differs from the first line of the invoice');
    if (invoice.client !== v.CLIENT_ID) add('CLIENT_ID', 'differs from the first line of the invoice');
    if (invoice.numbers.has(v.LINE_ITEM_NUMBER)) add('LINE_ITEM_NUMBER', 'is used twice in the invoice');
    invoice.numbers.add(v.LINE_ITEM_NUMBER);
    if (numeric('LINE_ITEM_TOTAL')) invoice.sum += units4(v.LINE_ITEM_TOTAL);
  });
  for (const [number, invoice] of invoices) {
    if (/^-?\d{1,12}(\.\d{1,2})?$/.test(invoice.total) && units4(invoice.total) !== invoice.sum) {
      issues.push({
        line: 0,
        field: 'INVOICE_TOTAL',
        message: `invoice ${number}: INVOICE_TOTAL is not the sum of its LINE_ITEM_TOTAL values`,
      });
    }
  }
  return issues;
}
