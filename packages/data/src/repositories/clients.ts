import { type Selectable, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { Clients } from '../generated/db.js';
import {
  type CreateClientInput,
  createClientSchema,
  type ListClientsInput,
  listClientsSchema,
  type UpdateClientInput,
  updateClientSchema,
} from '../schemas/clients.js';
import { id as idSchema } from '../schemas/common.js';
import { decodeCursor, type Page, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

export type Client = Omit<Selectable<Clients>, 'dateOfBirthEncrypted' | 'nationalIdEncrypted' | 'searchVector'>;

const COLUMNS = [
  'id',
  'tenantId',
  'kind',
  'name',
  'firstName',
  'lastName',
  'companyName',
  'email',
  'phone',
  'address',
  'externalRef',
  'caseNumber',
  'caseType',
  'notes',
  'encryptionKeyId',
  'createdBy',
  'createdAt',
  'updatedAt',
  'archivedAt',
] as const;

/** Clients of the tenant (persons or companies). Reading needs `clients.read`, writing `clients.manage`. */
export function clientsRepository(ctx: RepositoryContext) {
  const find = async (id: string): Promise<Client | undefined> => {
    const clientId = parseInput(idSchema, id, 'id');
    await requirePermission(ctx, 'clients.read');
    return ctx.db.selectFrom('clients').select(COLUMNS).where('id', '=', clientId).executeTakeFirst();
  };
  return {
    /** @example `const client = await t.clients.create({ name: 'Jane Smith', email: 'jane@example.com' });` */
    async create(input: CreateClientInput): Promise<Client> {
      const values = parseInput(createClientSchema, input);
      await requirePermission(ctx, 'clients.manage');
      return ctx.db
        .insertInto('clients')
        .values({ ...values, address: JSON.stringify(values.address ?? {}), createdBy: ctx.context.userId })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
    },
    find,
    /** Like `find`, but throws NotFoundError. */
    async get(id: string): Promise<Client> {
      const client = await find(id);
      if (!client) throw new NotFoundError('client', id);
      return client;
    },
    async update(id: string, patch: UpdateClientInput): Promise<Client> {
      const clientId = parseInput(idSchema, id, 'id');
      const values = parseInput(updateClientSchema, patch, 'patch');
      await requirePermission(ctx, 'clients.manage');
      const { address, ...rest } = values;
      const client = await ctx.db
        .updateTable('clients')
        .set({ ...rest, ...(address ? { address: JSON.stringify(address) } : {}) })
        .where('id', '=', clientId)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (!client) throw new NotFoundError('client', id);
      return client;
    },
    /** Newest first, keyset-paginated. */
    async list(input: ListClientsInput = {}): Promise<Page<Client>> {
      const { limit, cursor } = parseInput(listClientsSchema, input);
      await requirePermission(ctx, 'clients.read');
      let query = ctx.db
        .selectFrom('clients')
        .select(COLUMNS)
        .select(sql<string>`clients.created_at::text`.as('sortKey'))
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (cursor) {
        const at = decodeCursor(cursor);
        query = query.where(
          sql<boolean>`(clients.created_at, clients.id) < (${at.sortValue}::timestamptz, ${at.id}::uuid)`,
        );
      }
      const page = toPage(await query.execute(), limit, (row) => row.sortKey);
      return { items: page.items.map(({ sortKey: _sortKey, ...client }) => client), nextCursor: page.nextCursor };
    },
  };
}

export type ClientsRepository = ReturnType<typeof clientsRepository>;
