import { sql } from 'kysely';
import { NotFoundError, ValidationError } from '../errors/legal-error.js';
import {
  formatLedes1998B,
  type LedesField,
  type LedesTimekeeperClass,
  ledesDate,
  ledesLineCents,
  ledesText,
  type UtbmsCode,
  validateLedes1998B,
} from '../ledes/ledes-1998b.js';
import { fromCents, toCents } from '../money/decimal.js';
import { id as idSchema } from '../schemas/common.js';
import { type LedesExportOptions, ledesOptionsSchema } from '../schemas/money.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

/** The LEDES classification of a role when the caller gives none: lawyers associates, support staff legal assistants. */
const CLASS_OF_ROLE: Record<string, LedesTimekeeperClass> = {
  lawyer: 'AS',
  paralegal: 'LA',
  clerk: 'LA',
  caseworker: 'LA',
};

/** The UTBMS code sets, as the schema lists them (`legal.utbms_codes()`). */
export async function utbmsCodes(ctx: RepositoryContext): Promise<UtbmsCode[]> {
  const { rows } = await sql<UtbmsCode>`select * from legal.utbms_codes() order by code`.execute(ctx.db);
  return rows;
}

/**
 * An invoice as a LEDES 1998B file (see `t.invoices.exportLedes`). Every fee line must come
 * from a time entry with UTBMS task and activity codes, every expense line from an expense
 * with an expense code; the file is checked with `validateLedes1998B` before it is returned.
 */
export async function exportLedes(
  ctx: RepositoryContext,
  invoiceId: string,
  input: LedesExportOptions,
): Promise<string> {
  const iid = parseInput(idSchema, invoiceId, 'id');
  const o = parseInput(ledesOptionsSchema, input);
  await requirePermission(ctx, 'billing.read');
  const invoice = await ctx.db
    .selectFrom('invoices as i')
    .innerJoin('clients as c', (j) => j.onRef('c.tenantId', '=', 'i.tenantId').onRef('c.id', '=', 'i.clientId'))
    .leftJoin('cases as k', (j) => j.onRef('k.tenantId', '=', 'i.tenantId').onRef('k.id', '=', 'i.caseId'))
    .select([
      'i.invoiceNumber',
      'i.status',
      'i.issueDate',
      'i.tax',
      'i.notes',
      'c.externalRef',
      'k.matterNumber',
      'k.title as caseTitle',
    ])
    .where('i.id', '=', iid)
    .executeTakeFirst();
  if (!invoice) throw new NotFoundError('invoice', invoiceId);
  const problems: { path: string; message: string }[] = [];
  if (invoice.status === 'draft' || invoice.status === 'void')
    problems.push({ path: 'status', message: `a ${invoice.status} invoice is not billed` });
  if (toCents(invoice.tax) !== 0n)
    problems.push({ path: 'tax', message: 'LEDES 1998B carries no tax: bill this invoice as LEDES98BI' });
  const clientId = o.clientId ?? invoice.externalRef ?? '';
  if (!clientId || clientId.length > 20)
    problems.push({
      path: 'clientId',
      message: "give the client's code (or set the client's externalRef, up to 20 characters)",
    });
  const matterId = invoice.matterNumber ?? '';
  if (!matterId || matterId.length > 20)
    problems.push({ path: 'matterNumber', message: 'the matter needs a matter number of up to 20 characters' });
  const lines = await ctx.db
    .selectFrom('invoiceLineItems as l')
    .leftJoin('timeEntries as t', (j) => j.onRef('t.tenantId', '=', 'l.tenantId').onRef('t.id', '=', 'l.timeEntryId'))
    .leftJoin('expenses as e', (j) => j.onRef('e.tenantId', '=', 'l.tenantId').onRef('e.id', '=', 'l.expenseId'))
    .leftJoin('users as u', (j) =>
      j
        .onRef('u.tenantId', '=', 'l.tenantId')
        .on((w) => w.or([w('u.id', '=', w.ref('t.userId')), w('u.id', '=', w.ref('e.userId'))])),
    )
    .select([
      'l.lineNumber',
      'l.description',
      'l.quantity',
      'l.unitPrice',
      'l.timeEntryId',
      'l.expenseId',
      sql<string | null>`coalesce(t.work_date, e.incurred_on)::text`.as('day'),
      't.utbmsTaskCode',
      't.utbmsActivityCode',
      'e.utbmsExpenseCode',
      'u.id as userId',
      'u.fullName',
      'u.firstName',
      'u.lastName',
      'u.role',
    ])
    .where('l.invoiceId', '=', iid)
    .orderBy('l.lineNumber')
    .execute();
  if (lines.length === 0) problems.push({ path: 'lines', message: 'the invoice has no line item' });
  lines.forEach((l, i) => {
    const at = `lines.${i}`;
    if (!l.timeEntryId && !l.expenseId)
      problems.push({ path: at, message: 'a LEDES line is a fee (from a time entry) or an expense (from an expense)' });
    if (l.timeEntryId && !l.utbmsTaskCode)
      problems.push({ path: `${at}.utbmsTaskCode`, message: 'the time entry has no UTBMS task code' });
    if (l.timeEntryId && !l.utbmsActivityCode)
      problems.push({ path: `${at}.utbmsActivityCode`, message: 'the time entry has no UTBMS activity code' });
    if (l.expenseId && !l.utbmsExpenseCode)
      problems.push({ path: `${at}.utbmsExpenseCode`, message: 'the expense has no UTBMS expense code' });
  });
  if (problems.length > 0) throw new ValidationError(problems);

  const days = lines.map((l) => l.day ?? '').sort();
  const start = o.billingStart ?? days[0] ?? '';
  const end = o.billingEnd ?? days.at(-1) ?? '';
  const totals = lines.map((l) => ledesLineCents(l.quantity, l.unitPrice));
  const invoiceTotal = fromCents(totals.reduce((a, b) => a + b, 0n));
  const description = ledesText(o.invoiceDescription ?? invoice.notes ?? invoice.caseTitle ?? '');
  const records = lines.map((l, i): Record<LedesField, string> => {
    const fee = Boolean(l.timeEntryId);
    const keeper = (l.userId && o.timekeepers[l.userId]) || undefined;
    const name = l.lastName && l.firstName ? `${l.lastName}, ${l.firstName}` : (l.fullName ?? '');
    return {
      INVOICE_DATE: ledesDate(invoice.issueDate ?? ''),
      INVOICE_NUMBER: ledesText(invoice.invoiceNumber),
      CLIENT_ID: ledesText(clientId),
      LAW_FIRM_MATTER_ID: ledesText(matterId),
      INVOICE_TOTAL: invoiceTotal,
      BILLING_START_DATE: ledesDate(start),
      BILLING_END_DATE: ledesDate(end),
      INVOICE_DESCRIPTION: description,
      LINE_ITEM_NUMBER: String(l.lineNumber),
      'EXP/FEE/INV_ADJ_TYPE': fee ? 'F' : 'E',
      LINE_ITEM_NUMBER_OF_UNITS: l.quantity,
      LINE_ITEM_ADJUSTMENT_AMOUNT: '0.00',
      LINE_ITEM_TOTAL: fromCents(totals[i] ?? 0n),
      LINE_ITEM_DATE: ledesDate(l.day ?? ''),
      LINE_ITEM_TASK_CODE: fee ? (l.utbmsTaskCode ?? '') : '',
      LINE_ITEM_EXPENSE_CODE: fee ? '' : (l.utbmsExpenseCode ?? ''),
      LINE_ITEM_ACTIVITY_CODE: fee ? (l.utbmsActivityCode ?? '') : '',
      TIMEKEEPER_ID: fee ? ledesText(keeper?.id ?? (l.userId ?? '').replaceAll('-', '').slice(0, 20)) : '',
      LINE_ITEM_DESCRIPTION: ledesText(l.description),
      LAW_FIRM_ID: ledesText(o.lawFirmId),
      LINE_ITEM_UNIT_COST: l.unitPrice,
      TIMEKEEPER_NAME: fee ? ledesText(keeper?.name ?? name).slice(0, 30) : '',
      TIMEKEEPER_CLASSIFICATION: fee ? (keeper?.classification ?? CLASS_OF_ROLE[l.role ?? ''] ?? 'OT') : '',
      CLIENT_MATTER_ID: ledesText(o.clientMatterId ?? ''),
    };
  });
  const file = formatLedes1998B(records);
  const issues = validateLedes1998B(file, await utbmsCodes(ctx));
  if (issues.length > 0)
    throw new ValidationError(issues.map((x) => ({ path: `ledes.line${x.line}.${x.field}`, message: x.message })));
  return file;
}
