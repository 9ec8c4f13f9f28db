import { z } from 'zod';
import { day, id, limit, money, text } from './common.js';

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD')
  .default('USD');
const positiveMoney = money.refine((v) => Number(v) > 0, 'must be more than 0');

export const createTimeEntrySchema = z.strictObject({
  caseId: id,
  userId: id.optional(),
  workDate: day.optional(),
  minutes: z.number().int().min(1).max(1440),
  rate: money.default('0'),
  currency,
  billable: z.boolean().default(true),
  description: z.string().trim().min(1).max(5000),
  /** The UTBMS litigation task code, e.g. "L330" (Depositions): LEDES invoices need one per fee. */
  utbmsTaskCode: z
    .string()
    .regex(/^L[1-5][0-9]{2}$/, 'must be a UTBMS litigation task code such as "L330"')
    .optional(),
  /** The UTBMS activity code, e.g. "A103" (Draft/revise). */
  utbmsActivityCode: z
    .string()
    .regex(/^A1[0-9]{2}$/, 'must be a UTBMS activity code such as "A103"')
    .optional(),
});
export type CreateTimeEntryInput = z.input<typeof createTimeEntrySchema>;

export const listTimeSchema = z.strictObject({
  caseId: id.optional(),
  userId: id.optional(),
  from: day.optional(),
  to: day.optional(),
  unbilled: z.boolean().optional(),
  limit,
  cursor: z.string().optional(),
});
export type ListTimeInput = z.input<typeof listTimeSchema>;

export const EXPENSE_CATEGORIES = [
  'filing_fee',
  'court_cost',
  'travel',
  'expert',
  'courier',
  'copying',
  'research',
  'other',
] as const;
export const createExpenseSchema = z.strictObject({
  caseId: id,
  userId: id.optional(),
  incurredOn: day.optional(),
  category: z.enum(EXPENSE_CATEGORIES).default('other'),
  description: z.string().trim().min(1).max(5000),
  amount: positiveMoney,
  currency,
  billable: z.boolean().default(true),
  receiptDocumentId: id.optional(),
  /** The UTBMS expense code, e.g. "E112" (Court fees): LEDES invoices need one per expense. */
  utbmsExpenseCode: z
    .string()
    .regex(/^E1[0-9]{2}$/, 'must be a UTBMS expense code such as "E112"')
    .optional(),
});
export type CreateExpenseInput = z.input<typeof createExpenseSchema>;
/** Expenses are listed by the same filters as time entries. */
export type ListExpensesInput = ListTimeInput;

export const lineSchema = z.strictObject({
  description: z.string().trim().min(1).max(2000),
  quantity: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .refine((v) => /^\d{1,10}(\.\d{1,2})?$/.test(v) && Number(v) > 0, 'must be more than 0 with at most 2 decimals')
    .default('1'),
  unitPrice: money,
  timeEntryId: id.optional(),
  expenseId: id.optional(),
});
export type InvoiceLineInput = z.input<typeof lineSchema>;
export const addLinesSchema = z.strictObject({ lines: z.array(lineSchema).min(1).max(1000) });

export const createInvoiceSchema = z
  .strictObject({
    clientId: id,
    caseId: id.optional(),
    currency,
    issueDate: day.optional(),
    dueDate: day.optional(),
    /** A tax rate applied to the subtotal, e.g. "0.20". */
    taxRate: z
      .string()
      .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be a rate between 0 and 1, e.g. "0.20"')
      .default('0'),
    notes: text(5000).optional(),
    lines: z.array(lineSchema).max(1000).default([]),
  })
  .refine((i) => !i.issueDate || !i.dueDate || i.dueDate >= i.issueDate, {
    path: ['dueDate'],
    message: 'must not be before the issue date',
  });
export type CreateInvoiceInput = z.input<typeof createInvoiceSchema>;

export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'void'] as const;
export const listInvoicesSchema = z.strictObject({
  clientId: id.optional(),
  caseId: id.optional(),
  status: z.array(z.enum(INVOICE_STATUSES)).min(1).optional(),
  /** Sent, unpaid and past their due date (as of `asOf`, default today). */
  overdue: z.boolean().optional(),
  asOf: day.optional(),
  limit,
  cursor: z.string().optional(),
});
export type ListInvoicesInput = z.input<typeof listInvoicesSchema>;

export const sendSchema = z.strictObject({ issueDate: day.optional(), dueDate: day.optional() });
export const paymentSchema = z.strictObject({ amount: positiveMoney, paidOn: day.optional() });
export const voidSchema = z.strictObject({ reason: z.string().trim().min(3).max(1000) });

export const monthSchema = z.strictObject({
  year: z.number().int().min(1900).max(9999),
  month: z.number().int().min(1).max(12),
});
export type MonthInput = z.input<typeof monthSchema>;

export const monthlyByCaseSchema = monthSchema.extend({ limit, cursor: z.string().optional() });
export type MonthlyByCaseInput = z.input<typeof monthlyByCaseSchema>;

const code20 = z
  .string()
  .min(1)
  .max(20)
  .refine((s) => !/[|\r\n]|\[\]/.test(s), 'must not contain "|", "[]" or a line break');
export const ledesOptionsSchema = z.strictObject({
  /** The firm's id for the client's e-billing system (LAW_FIRM_ID), e.g. its tax id. */
  lawFirmId: code20,
  /** The client's code (CLIENT_ID). Default: the client's `externalRef`. */
  clientId: code20.optional(),
  /** The client's own matter id (CLIENT_MATTER_ID). */
  clientMatterId: code20.optional(),
  /** INVOICE_DESCRIPTION. Default: the invoice's notes, else the matter's title. */
  invoiceDescription: z.string().max(15_000).optional(),
  /** The billing period. Default: the first and last day of the invoice's line items. */
  billingStart: day.optional(),
  billingEnd: day.optional(),
  /** Per timekeeper (user id): LEDES id, name and classification. Default: from the user and their role. */
  timekeepers: z
    .record(
      id,
      z.strictObject({
        id: code20.optional(),
        name: z.string().max(30).optional(),
        classification: z.enum(['PT', 'AS', 'OC', 'LA', 'OT']),
      }),
    )
    .default({}),
});
export type LedesExportOptions = z.input<typeof ledesOptionsSchema>;
