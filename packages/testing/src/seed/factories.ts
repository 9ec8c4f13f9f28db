import type {
  Case,
  Client,
  Communication,
  Conversation,
  CreateCaseInput,
  CreateClientInput,
  CreateCommunicationInput,
  CreateConversationInput,
  CreateExpenseInput,
  CreateInvoiceInput,
  CreatePartyInput,
  CreateTaskInput,
  CreateTemplateInput,
  CreateTimeEntryInput,
  CreateUserInput,
  Document,
  Expense,
  Invoice,
  Party,
  RegisterDocumentInput,
  Task,
  TenantScope,
  TimeEntry,
  User,
} from '@legal/data';
import { seededRandom } from './random.js';

/** Options of {@link createFactories}. */
export interface FactoryOptions {
  /** Same seed, same sequence of objects. Default: 1. */
  seed?: number;
}

const FIRST = ['Jane', 'John', 'Ada', 'Kofi', 'Mei', 'Luis', 'Eva', 'Raj', 'Priya', 'Tom'] as const;
const LAST = ['Smith', 'Jones', 'Okafor', 'Nakamura', 'Silva', 'Weber', 'Larsen', 'Haddad', 'Patel', 'Novak'] as const;
const OPPONENTS = ['Jones Logistics', 'Acme Corp', 'City Council', 'Northwind', 'Globex', 'Initech'] as const;
const CASE_TYPES = ['litigation', 'transactional', 'estate', 'corporate', 'real_estate', 'criminal', 'family'] as const;
const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

/**
 * Factories for every aggregate: `build*` returns valid plain input (override any field),
 * `create*` persists it through the repositories inside a tenant scope, so permissions,
 * RLS and the audit trail apply exactly as in the application. Deterministic given `seed`.
 *
 * @example
 * ```ts
 * const f = createFactories({ seed: 7 });
 * await db.withTenant(ctx, async (t) => {
 *   const c = await f.createCase(t, { priority: 'urgent' });
 *   await f.createDocument(t, { caseId: c.id });
 * });
 * ```
 */
export function createFactories(options: FactoryOptions = {}) {
  const r = seededRandom(options.seed ?? 1);
  let n = 0;
  const seq = () => ++n;
  const person = () => `${r.pick(FIRST)} ${r.pick(LAST)}`;
  const hex64 = () => Array.from({ length: 64 }, () => r.int(0, 15).toString(16)).join('');
  const day = (fromDays: number, toDays: number) =>
    new Date(Date.UTC(2026, 0, 1) + r.int(fromDays, toDays) * 86_400_000).toISOString().slice(0, 10);

  const f = {
    buildClient: (o: Partial<CreateClientInput> = {}): CreateClientInput => {
      const name = person();
      return { name, email: `${name.toLowerCase().replace(' ', '.')}.${seq()}@client.example`, ...o };
    },
    /** A party for conflict checks: an organisation of the usual opponents, or a person. */
    buildParty: (o: Partial<CreatePartyInput> = {}): CreatePartyInput =>
      r.int(0, 1) === 0
        ? { kind: 'organization', name: `${r.pick(OPPONENTS)} ${seq()} Ltd`, ...o }
        : { kind: 'person', name: `${person()} ${seq()}`, ...o },
    buildCase: (o: Partial<CreateCaseInput> = {}): CreateCaseInput => ({
      title: `${r.pick(LAST)} v. ${r.pick(OPPONENTS)} (${seq()})`,
      description: 'Breach of contract: the indemnification clause of the supply agreement.',
      caseType: r.pick(CASE_TYPES),
      priority: r.pick(PRIORITIES),
      caseValue: `${r.int(1000, 900000)}.00`,
      ...o,
    }),
    buildUser: (o: Partial<CreateUserInput> = {}): CreateUserInput => {
      const name = person();
      return {
        email: `${name.toLowerCase().replace(' ', '.')}.${seq()}@firm.example`,
        password: `factory passphrase ${r.int(1000, 9999)}`,
        fullName: name,
        role: 'lawyer',
        ...o,
      };
    },
    buildDocument: (o: Partial<RegisterDocumentInput> & { caseId: string }): RegisterDocumentInput => {
      const i = seq();
      return {
        logicalPath: `documents/file-${i}.pdf`,
        fileName: `file-${i}.pdf`,
        mimeType: 'application/pdf',
        fileSize: r.int(1000, 5_000_000),
        contentHash: hex64(),
        ...o,
      };
    },
    buildTask: (o: Partial<CreateTaskInput> = {}): CreateTaskInput => ({
      title: r.pick(['File the defence', 'Serve the claim', 'Prepare the bundle', 'Call the client']),
      kind: 'deadline',
      priority: r.pick(PRIORITIES),
      dueAt: `${day(200, 400)}T17:00:00Z`,
      ...o,
    }),
    buildCommunication: (o: Partial<CreateCommunicationInput> & { caseId: string }): CreateCommunicationInput => ({
      kind: r.pick(['email', 'phone', 'meeting', 'letter'] as const),
      direction: r.pick(['inbound', 'outbound'] as const),
      subject: `Update ${seq()}`,
      durationMinutes: r.int(5, 60),
      ...o,
    }),
    buildTimeEntry: (o: Partial<CreateTimeEntryInput> & { caseId: string }): CreateTimeEntryInput => ({
      minutes: 6 * r.int(1, 40),
      rate: r.pick(['150.00', '220.00', '300.00']),
      description: r.pick(['Drafting', 'Research', 'Client call', 'Court attendance']),
      workDate: day(0, 150),
      ...o,
    }),
    buildExpense: (o: Partial<CreateExpenseInput> & { caseId: string }): CreateExpenseInput => ({
      category: r.pick(['filing_fee', 'court_cost', 'travel', 'courier'] as const),
      description: `Expense ${seq()}`,
      amount: `${r.int(10, 2000)}.${String(r.int(0, 99)).padStart(2, '0')}`,
      incurredOn: day(0, 150),
      ...o,
    }),
    buildInvoice: (o: Partial<CreateInvoiceInput> & { clientId: string }): CreateInvoiceInput => ({
      taxRate: '0.20',
      lines: [
        { description: 'Professional services', quantity: r.int(1, 10), unitPrice: r.pick(['150.00', '250.00']) },
      ],
      ...o,
    }),
    buildTemplate: (o: Partial<CreateTemplateInput> = {}): CreateTemplateInput => ({
      name: `Letter ${seq()}`,
      body: 'Dear {{client_name}}, regarding {{matter}}.',
      variables: [{ name: 'client_name' }, { name: 'matter' }],
      ...o,
    }),
    buildConversation: (o: Partial<CreateConversationInput> = {}): CreateConversationInput => ({
      title: `Question ${seq()}`,
      ...o,
    }),

    createClient: (t: TenantScope, o?: Partial<CreateClientInput>): Promise<Client> =>
      t.clients.create(f.buildClient(o)),
    /** A party of the firm (needs `conflicts.check`). */
    createParty: (t: TenantScope, o?: Partial<CreatePartyInput>): Promise<Party> =>
      t.conflicts.addParty(f.buildParty(o)),
    /** A case, with a new client unless `clientId` is given. */
    createCase: async (t: TenantScope, o: Partial<CreateCaseInput> = {}): Promise<Case> =>
      t.cases.create(f.buildCase({ clientId: o.clientId ?? (await f.createClient(t)).id, ...o })),
    createUser: (t: TenantScope, o?: Partial<CreateUserInput>): Promise<User> => t.users.create(f.buildUser(o)),
    /** A completed upload, in a new case unless `caseId` is given. */
    createDocument: async (t: TenantScope, o: Partial<RegisterDocumentInput> = {}): Promise<Document> => {
      const input = f.buildDocument({ caseId: o.caseId ?? (await f.createCase(t)).id, ...o });
      const doc = await t.documents.register(input);
      return t.documents.completeUpload(doc.id, { contentHash: input.contentHash ?? hex64() });
    },
    createTask: (t: TenantScope, o?: Partial<CreateTaskInput>): Promise<Task> => t.tasks.create(f.buildTask(o)),
    createCommunication: async (t: TenantScope, o: Partial<CreateCommunicationInput> = {}): Promise<Communication> =>
      t.communications.create(f.buildCommunication({ caseId: o.caseId ?? (await f.createCase(t)).id, ...o })),
    createTimeEntry: async (t: TenantScope, o: Partial<CreateTimeEntryInput> = {}): Promise<TimeEntry> =>
      t.timeEntries.create(f.buildTimeEntry({ caseId: o.caseId ?? (await f.createCase(t)).id, ...o })),
    createExpense: async (t: TenantScope, o: Partial<CreateExpenseInput> = {}): Promise<Expense> =>
      t.expenses.create(f.buildExpense({ caseId: o.caseId ?? (await f.createCase(t)).id, ...o })),
    createInvoice: async (t: TenantScope, o: Partial<CreateInvoiceInput> = {}): Promise<Invoice> =>
      t.invoices.create(f.buildInvoice({ clientId: o.clientId ?? (await f.createClient(t)).id, ...o })),
    createTemplate: (t: TenantScope, o?: Partial<CreateTemplateInput>) => t.templates.create(f.buildTemplate(o)),
    createConversation: (t: TenantScope, o?: Partial<CreateConversationInput>): Promise<Conversation> =>
      t.conversations.create(f.buildConversation(o)),
  };
  return f;
}

export type Factories = ReturnType<typeof createFactories>;
