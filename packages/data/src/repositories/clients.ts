import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { type FieldCipher, requireCipher } from '../crypto/field-encryption.js';
import { NotFoundError } from '../errors/legal-error.js';
import type { Clients } from '../generated/db.js';
import {
  type CreateClientInput,
  createClientSchema,
  identifierSchema,
  type ListClientsInput,
  listClientsSchema,
  type UpdateClientInput,
  updateClientSchema,
} from '../schemas/clients.js';
import { id as idSchema } from '../schemas/common.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = { sort: sql`clients.created_at`, id: sql`clients.id`, type: 'timestamptz', direction: 'desc' };

type ClientRow = Selectable<Clients>;
/** A client, its encrypted fields decrypted (null when not set). */
export type Client = Omit<
  ClientRow,
  | 'dateOfBirthEncrypted'
  | 'nationalIdEncrypted'
  | 'taxIdEncrypted'
  | 'notesEncrypted'
  | 'taxIdBidx'
  | 'nationalIdBidx'
  | 'searchVector'
> & { notes: string | null; taxId: string | null; nationalId: string | null; dateOfBirth: string | null };

/** The encrypted fields of a client: input name → column (and blind index column). */
export const CLIENT_ENCRYPTED_FIELDS = [
  { input: 'notes', column: 'notesEncrypted', field: 'clients.notes' },
  { input: 'taxId', column: 'taxIdEncrypted', field: 'clients.tax_id', bidx: 'taxIdBidx' },
  { input: 'nationalId', column: 'nationalIdEncrypted', field: 'clients.national_id', bidx: 'nationalIdBidx' },
  { input: 'dateOfBirth', column: 'dateOfBirthEncrypted', field: 'clients.date_of_birth' },
] as const;

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
  'notesEncrypted',
  'taxIdEncrypted',
  'nationalIdEncrypted',
  'dateOfBirthEncrypted',
  'encryptionKeyId',
  'createdBy',
  'createdAt',
  'updatedAt',
  'archivedAt',
] as const;

type Selected = Pick<ClientRow, (typeof COLUMNS)[number]>;

/** Decrypts a row's encrypted fields (the cipher is needed only when one is set). */
export function decryptClient(row: Selected, cipher: FieldCipher | undefined): Client {
  const { notesEncrypted, taxIdEncrypted, nationalIdEncrypted, dateOfBirthEncrypted, ...rest } = row;
  const open = (value: Buffer | null, field: string) =>
    value === null
      ? null
      : requireCipher(cipher, field).decrypt(value, { tenantId: row.tenantId, field, rowId: row.id });
  return {
    ...rest,
    notes: open(notesEncrypted, 'clients.notes'),
    taxId: open(taxIdEncrypted, 'clients.tax_id'),
    nationalId: open(nationalIdEncrypted, 'clients.national_id'),
    dateOfBirth: open(dateOfBirthEncrypted, 'clients.date_of_birth'),
  };
}

/** The column values of the encrypted fields present in `values` (undefined: untouched, null: cleared). */
function sealFields(
  values: Partial<Record<(typeof CLIENT_ENCRYPTED_FIELDS)[number]['input'], string | null | undefined>>,
  cipher: FieldCipher | undefined,
  tenantId: string,
  rowId: string,
): Record<string, Buffer | string | null> {
  const out: Record<string, Buffer | string | null> = {};
  for (const f of CLIENT_ENCRYPTED_FIELDS) {
    const value = values[f.input];
    if (value === undefined) continue;
    if (value === null) {
      out[f.column] = null;
      if ('bidx' in f) out[f.bidx] = null;
      continue;
    }
    const c = requireCipher(cipher, f.field);
    out[f.column] = c.encrypt(value, { tenantId, field: f.field, rowId });
    if ('bidx' in f) out[f.bidx] = c.blindIndex(value, tenantId, f.field);
    out.encryptionKeyId = c.activeKeyId;
  }
  return out;
}

/**
 * Clients of the tenant (persons or companies). Reading needs `clients.read`, writing
 * `clients.manage`. Notes, tax id, national id and date of birth are encrypted in the SDK
 * (see docs/encryption.md); tax and national ids are found through blind indexes.
 */
export function clientsRepository(ctx: RepositoryContext) {
  const tenantId = ctx.context.tenantId;
  const find = async (id: string): Promise<Client | undefined> => {
    const clientId = parseInput(idSchema, id, 'id');
    await requirePermission(ctx, 'clients.read');
    const row = await ctx.db.selectFrom('clients').select(COLUMNS).where('id', '=', clientId).executeTakeFirst();
    return row && decryptClient(row, ctx.cipher);
  };
  const findByIndex = async (value: string, argument: 'taxId' | 'nationalId'): Promise<Client | undefined> => {
    const v = parseInput(identifierSchema, value, argument);
    await requirePermission(ctx, 'clients.read');
    const f = CLIENT_ENCRYPTED_FIELDS.find((x) => x.input === argument) as {
      field: string;
      bidx: 'taxIdBidx' | 'nationalIdBidx';
    };
    const index = requireCipher(ctx.cipher, f.field).blindIndex(v, tenantId, f.field);
    const row = await ctx.db.selectFrom('clients').select(COLUMNS).where(f.bidx, '=', index).executeTakeFirst();
    return row && decryptClient(row, ctx.cipher);
  };
  return {
    /** @example `const client = await t.clients.create({ name: 'Jane Smith', taxId: '123-45-6789' });` */
    async create(input: CreateClientInput): Promise<Client> {
      const { notes, taxId, nationalId, dateOfBirth, ...values } = parseInput(createClientSchema, input);
      await requirePermission(ctx, 'clients.manage');
      const id = randomUUID();
      const sealed = sealFields({ notes, taxId, nationalId, dateOfBirth }, ctx.cipher, tenantId, id);
      const row = await ctx.db
        .insertInto('clients')
        .values({
          ...values,
          ...sealed,
          id,
          address: JSON.stringify(values.address ?? {}),
          createdBy: ctx.context.userId,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      return decryptClient(row, ctx.cipher);
    },
    find,
    /** Like `find`, but throws NotFoundError. */
    async get(id: string): Promise<Client> {
      const client = await find(id);
      if (!client) throw new NotFoundError('client', id);
      return client;
    },
    /** The client with this tax id (blind index lookup; the id is never sent to SQL), or undefined. */
    findByTaxId: (taxId: string) => findByIndex(taxId, 'taxId'),
    /** The client with this national id (blind index lookup), or undefined. */
    findByNationalId: (nationalId: string) => findByIndex(nationalId, 'nationalId'),
    async update(id: string, patch: UpdateClientInput): Promise<Client> {
      const clientId = parseInput(idSchema, id, 'id');
      const { address, notes, taxId, nationalId, dateOfBirth, ...rest } = parseInput(
        updateClientSchema,
        patch,
        'patch',
      );
      await requirePermission(ctx, 'clients.manage');
      const sealed = sealFields({ notes, taxId, nationalId, dateOfBirth }, ctx.cipher, tenantId, clientId);
      const row = await ctx.db
        .updateTable('clients')
        .set({ ...rest, ...sealed, ...(address ? { address: JSON.stringify(address) } : {}) })
        .where('id', '=', clientId)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (!row) throw new NotFoundError('client', id);
      return decryptClient(row, ctx.cipher);
    },
    /** Newest first, keyset-paginated. */
    async list(input: ListClientsInput = {}): Promise<Page<Client>> {
      const { limit, cursor } = parseInput(listClientsSchema, input);
      await requirePermission(ctx, 'clients.read');
      let query = ctx.db
        .selectFrom('clients')
        .select(COLUMNS)
        .select(sortKey(KEYSET))
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1);
      if (cursor) query = query.where(afterCursor(cursor, KEYSET));
      const page = toPage(await query.execute(), limit);
      return {
        items: page.items.map((row) => decryptClient(row, ctx.cipher)),
        nextCursor: page.nextCursor,
      };
    },
  };
}

export type ClientsRepository = ReturnType<typeof clientsRepository>;
