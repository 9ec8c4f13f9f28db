import { type Selectable, sql } from 'kysely';
import { InvalidTransitionError, NotFoundError, ValidationError } from '../errors/legal-error.js';
import type { InvoiceLineItems, Invoices } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  addLinesSchema,
  type CreateInvoiceInput,
  createInvoiceSchema,
  type InvoiceLineInput,
  type LedesExportOptions,
  type ListInvoicesInput,
  type lineSchema,
  listInvoicesSchema,
  paymentSchema,
  sendSchema,
  voidSchema,
} from '../schemas/money.js';
import { exportLedes, utbmsCodes } from './invoice-ledes.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = { sort: sql`invoices.invoice_seq`, id: sql`invoices.id`, type: 'int', direction: 'desc' };

/** An invoice; money columns are exact decimal strings. */
export type Invoice = Selectable<Invoices>;
export type InvoiceLine = Selectable<InvoiceLineItems>;

const FLOW: Record<string, readonly string[]> = { draft: ['sent', 'void'], sent: ['paid', 'void'], paid: [], void: [] };

/**
 * Invoices with line items. Numbers (`INV-000001`, …) are gapless per tenant even under
 * concurrency (taken under a per-tenant lock at creation; invoices are voided, never
 * deleted). Totals are computed in SQL from the lines (numeric, never floats).
 * Workflow: draft → sent → paid, draft | sent → void. Reading needs `billing.read`,
 * writing `billing.manage`.
 */
export function invoicesRepository(ctx: RepositoryContext) {
  const find = async (id: string): Promise<Invoice | undefined> => {
    const iid = parseInput(idSchema, id, 'id');
    await requirePermission(ctx, 'billing.read');
    return ctx.db.selectFrom('invoices').selectAll().where('id', '=', iid).executeTakeFirst();
  };
  const get = async (id: string): Promise<Invoice> => {
    const found = await find(id);
    if (!found) throw new NotFoundError('invoice', id);
    return found;
  };

  /** subtotal = Σ line amounts, tax = round(subtotal × rate, 2), total = subtotal + tax. */
  const recompute = (invoiceId: string) =>
    ctx.db
      .updateTable('invoices')
      .from(
        ctx.db
          .selectFrom('invoiceLineItems')
          .select(sql<string>`coalesce(sum(amount), 0)`.as('sum'))
          .where('invoiceId', '=', invoiceId)
          .as('lines'),
      )
      .set({
        subtotal: sql`lines.sum`,
        tax: sql`round(lines.sum * invoices.tax_rate, 2)`,
        total: sql`lines.sum + round(lines.sum * invoices.tax_rate, 2)`,
        updatedAt: sql`now()`,
      })
      .where('invoices.id', '=', invoiceId)
      .returningAll('invoices')
      .executeTakeFirstOrThrow();

  /**
   * Adds lines after the invoice's last one. The invoice row is locked first, so concurrent
   * additions number their lines one after another; the database claims each billed time
   * entry or expense for this invoice (refusing one billed on another live invoice).
   */
  async function insertLines(invoiceId: string, currency: string, lines: ReturnType<typeof lineSchema.parse>[]) {
    if (!lines.length) return;
    await sql`select 1 from legal.invoices where tenant_id = ${ctx.context.tenantId}::uuid and id = ${invoiceId}::uuid for update`.execute(
      ctx.db,
    );
    const { max } = await ctx.db
      .selectFrom('invoiceLineItems')
      .select(sql<number>`coalesce(max(line_number), 0)::int`.as('max'))
      .where('invoiceId', '=', invoiceId)
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('invoiceLineItems')
      .values(lines.map((l, i) => ({ ...l, invoiceId, currency, lineNumber: max + i + 1 })))
      .execute();
  }

  async function move(id: string, to: string) {
    const invoice = await get(id);
    const allowed = FLOW[invoice.status] ?? [];
    if (!allowed.includes(to)) throw new InvalidTransitionError(invoice.status, to, allowed, { entity: 'invoice' });
    return invoice;
  }

  return {
    /**
     * A draft with its number and lines; linked time entries and expenses are marked billed.
     * @example `await t.invoices.create({ clientId, caseId, taxRate: '0.20', lines: [{ description: 'Advice', quantity: 2, unitPrice: '250.00' }] });`
     */
    async create(input: CreateInvoiceInput): Promise<Invoice> {
      const { lines, ...v } = parseInput(createInvoiceSchema, input);
      await requirePermission(ctx, 'billing.manage');
      const { seq } = await sql<{ seq: number }>`select legal.next_invoice_seq() as seq`
        .execute(ctx.db)
        .then((r) => r.rows[0] as { seq: number });
      const invoice = await ctx.db
        .insertInto('invoices')
        .values({
          ...v,
          invoiceSeq: seq,
          invoiceNumber: `INV-${String(seq).padStart(6, '0')}`,
          createdBy: ctx.context.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await insertLines(invoice.id, invoice.currency, lines);
      return recompute(invoice.id);
    },
    find,
    get,
    /** Adds lines to a draft and recomputes its totals. */
    async addLines(id: string, lines: InvoiceLineInput[]): Promise<Invoice> {
      const invoiceId = parseInput(idSchema, id, 'id');
      const parsed = parseInput(addLinesSchema, { lines }).lines;
      await requirePermission(ctx, 'billing.manage');
      const invoice = await get(invoiceId);
      if (invoice.status !== 'draft') throw new ValidationError([{ path: 'id', message: 'only a draft can change' }]);
      await insertLines(invoice.id, invoice.currency, parsed);
      return recompute(invoice.id);
    },
    /**
     * The invoice as a LEDES 1998B e-billing file (UTBMS-coded fees from time entries, expenses
     * from expenses), checked against the format's field rules before it is returned. Needs `billing.read`.
     * @throws {ValidationError} naming what the file would lack (a line's UTBMS code, the client's code, …)
     * @example
     * ```ts
     * const file = await t.invoices.exportLedes(invoiceId, { lawFirmId: '12-3456789' });
     * ```
     */
    exportLedes: (id: string, options: LedesExportOptions) => exportLedes(ctx, id, options),
    /** The UTBMS code sets (litigation tasks, activities, expenses) a LEDES invoice uses. */
    utbmsCodes: () => utbmsCodes(ctx),
    async lines(id: string): Promise<InvoiceLine[]> {
      const invoice = await get(id);
      return ctx.db
        .selectFrom('invoiceLineItems')
        .selectAll()
        .where('invoiceId', '=', invoice.id)
        .orderBy('lineNumber')
        .execute();
    },
    /** draft → sent: issue date (default today) and due date (default 30 days later). */
    async send(id: string, options: { issueDate?: string; dueDate?: string } = {}): Promise<Invoice> {
      const o = parseInput(sendSchema, options, 'options');
      await requirePermission(ctx, 'billing.manage');
      const invoice = await move(id, 'sent');
      return ctx.db
        .updateTable('invoices')
        .set({
          status: 'sent',
          sentAt: sql`now()`,
          issueDate: o.issueDate ?? invoice.issueDate ?? sql`current_date`,
          // (no now()/current_date inside COALESCE or CASE: Citus refuses them in an UPDATE)
          dueDate:
            o.dueDate ??
            invoice.dueDate ??
            ((o.issueDate ?? invoice.issueDate)
              ? sql`${o.issueDate ?? invoice.issueDate}::date + 30`
              : sql`current_date + 30`),
          updatedAt: sql`now()`,
        })
        .where('id', '=', invoice.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** Records a payment on a sent invoice; paid in full → `paid`. More than the balance is refused. */
    async recordPayment(id: string, payment: { amount: string | number; paidOn?: string }): Promise<Invoice> {
      const p = parseInput(paymentSchema, payment, 'payment');
      await requirePermission(ctx, 'billing.manage');
      const invoice = await get(id);
      if (invoice.status !== 'sent') {
        throw new InvalidTransitionError(invoice.status, 'paid', FLOW[invoice.status] ?? [], { entity: 'invoice' });
      }
      const updated = await ctx.db
        .updateTable('invoices')
        .set({
          amountPaid: sql`amount_paid + ${p.amount}::numeric`,
          status: sql`case when amount_paid + ${p.amount}::numeric >= total then 'paid' else status end`,
          // the payment's day (default now) when it pays the invoice in full, else NULL; now()
          // stays outside the CASE (Citus refuses it inside one in an UPDATE)
          paidAt: sql`${p.paidOn ? sql`${p.paidOn}::date::timestamptz` : sql`now()`} + (case when amount_paid + ${p.amount}::numeric >= total then interval '0' end)`,
          updatedAt: sql`now()`,
        })
        .where('id', '=', invoice.id)
        .where('status', '=', 'sent')
        .where(sql<boolean>`amount_paid + ${p.amount}::numeric <= total`)
        .returningAll()
        .executeTakeFirst();
      if (!updated) {
        // the row as the statement found it: voided or paid meanwhile, or the amount is too much
        const now = await get(invoice.id);
        if (now.status !== 'sent') {
          throw new InvalidTransitionError(now.status, 'paid', FLOW[now.status] ?? [], { entity: 'invoice' });
        }
        throw new ValidationError([{ path: 'amount', message: 'is more than the balance of the invoice' }]);
      }
      return updated;
    },
    /**
     * draft | sent → void (the number stays used); the reason is kept in the notes and the
     * audit trail; its time entries and expenses can be billed again.
     * @throws {InvalidTransitionError} the invoice is paid (or was paid while this ran)
     */
    async void(id: string, reason: string): Promise<Invoice> {
      const v = parseInput(voidSchema, { reason });
      await requirePermission(ctx, 'billing.manage');
      const invoice = await move(id, 'void');
      // the database refuses the step if the invoice was paid meanwhile, and releases its billed time and expenses
      return ctx.db
        .updateTable('invoices')
        .set({
          status: 'void',
          voidedAt: sql`now()`,
          notes: sql`concat_ws(E'\n', notes, ${`Voided: ${v.reason}`}::text)`,
          updatedAt: sql`now()`,
        })
        .where('id', '=', invoice.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** By number, newest first; `overdue: true`: sent, unpaid and past due (as of `asOf`, default today). */
    async list(input: ListInvoicesInput = {}): Promise<Page<Invoice>> {
      const f = parseInput(listInvoicesSchema, input);
      await requirePermission(ctx, 'billing.read');
      let q = ctx.db
        .selectFrom('invoices')
        .selectAll()
        .select(sortKey(KEYSET))
        .orderBy('invoiceSeq', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.clientId) q = q.where('clientId', '=', f.clientId);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.status) q = q.where('status', 'in', f.status);
      if (f.overdue) {
        q = q
          .where('status', '=', 'sent')
          .where(sql<boolean>`invoices.due_date < coalesce(${f.asOf ?? null}::date, current_date)`);
      }
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      return toPage(await q.execute(), f.limit);
    },
  };
}

export type InvoicesRepository = ReturnType<typeof invoicesRepository>;
