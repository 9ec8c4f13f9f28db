import { z } from 'zod';
import { day, id, limit, money, text } from './common.js';

export const TRUST_ACCOUNT_KINDS = ['iolta', 'client_trust'] as const;

/** Money that moves: more than zero. */
const positiveMoney = money.refine((v) => Number(v) > 0, 'must be more than zero');
/** A statement line: money in (positive) or out (negative), never zero. */
const signedMoney = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine(
    (v) => /^-?\d{1,13}(\.\d{1,2})?$/.test(v) && Number(v) !== 0,
    'must be a non-zero amount with at most 2 decimals',
  );
const required = (max: number) => text(max).refine((s) => s.trim().length > 0, 'must not be empty');

export const createTrustAccountSchema = z.strictObject({
  name: required(200),
  kind: z.enum(TRUST_ACCOUNT_KINDS).default('iolta'),
  bankName: text(200).optional(),
  /** The last four digits of the bank account number (the full number is not stored). */
  accountLast4: z
    .string()
    .regex(/^[0-9]{4}$/, 'must be the last four digits')
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "USD"')
    .default('USD'),
  openedOn: day.optional(),
});
export type CreateTrustAccountInput = z.input<typeof createTrustAccountSchema>;

const posting = {
  accountId: id,
  clientId: id,
  /** The matter the money is held for, when it is one matter's. */
  caseId: id.optional(),
  amount: positiveMoney,
  /** Default: today. Not on or before the account's last reconciled date. */
  occurredOn: day.optional(),
  description: required(1000),
  reference: text(200).optional(),
};
export const depositSchema = z.strictObject({ ...posting, payee: text(300).optional() });
export type TrustDepositInput = z.input<typeof depositSchema>;
export const disbursementSchema = z.strictObject({ ...posting, payee: required(300) });
export type TrustDisbursementInput = z.input<typeof disbursementSchema>;
export const transferSchema = z.strictObject({ ...posting, invoiceId: id });
export type TrustTransferInput = z.input<typeof transferSchema>;
export const reversalSchema = z.strictObject({
  description: required(1000),
  occurredOn: day.optional(),
});
export type TrustReversalInput = z.input<typeof reversalSchema>;

export const ledgerSchema = z.strictObject({
  accountId: id,
  clientId: id,
  caseId: id.optional(),
  /** Entries up to and including this day. Default: all. */
  until: day.optional(),
});
export type TrustLedgerInput = z.input<typeof ledgerSchema>;

export const statementLineSchema = z.strictObject({
  postedOn: day,
  amount: signedMoney,
  description: text(1000).optional(),
  /** The bank's id of the line: importing the same line twice is a no-op. */
  bankReference: text(200).optional(),
});
export const importStatementSchema = z.strictObject({
  accountId: id,
  lines: z.array(statementLineSchema).min(1).max(10_000),
});
export type TrustStatementImportInput = z.input<typeof importStatementSchema>;

export const threeWaySchema = z.strictObject({ accountId: id, asOf: day });
export type TrustThreeWayInput = z.input<typeof threeWaySchema>;

export const reconcileSchema = z.strictObject({
  accountId: id,
  periodEnd: day,
  /** The closing balance printed on the bank statement for periodEnd. */
  statementBalance: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .refine((v) => /^-?\d{1,13}(\.\d{1,2})?$/.test(v), 'must be an amount with at most 2 decimals'),
  notes: text(2000).optional(),
});
export type TrustReconcileInput = z.input<typeof reconcileSchema>;

export const listTransactionsSchema = z.strictObject({
  accountId: id,
  clientId: id.optional(),
  from: day.optional(),
  until: day.optional(),
  limit: limit.default(100),
});
export type ListTrustTransactionsInput = z.input<typeof listTransactionsSchema>;
