import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { type FieldCipher, requireCipher } from '../crypto/field-encryption.js';
import { NotFoundError } from '../errors/legal-error.js';
import type { Communications } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type CreateCommunicationInput,
  createCommunicationSchema,
  type ListCommunicationsInput,
  listCommunicationsSchema,
} from '../schemas/work.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = {
  sort: sql`communications.occurred_at`,
  id: sql`communications.id`,
  type: 'timestamptz',
  direction: 'desc',
};

/** A communication, its body decrypted. */
export type Communication = Omit<Selectable<Communications>, 'bodyEncrypted'> & { body: string | null };
type Row = Selectable<Communications>;

export const COMMUNICATION_BODY_FIELD = 'communications.body';

export function decryptCommunication(row: Row, cipher: FieldCipher | undefined): Communication {
  const { bodyEncrypted, ...rest } = row;
  return {
    ...rest,
    body:
      bodyEncrypted === null
        ? null
        : requireCipher(cipher, COMMUNICATION_BODY_FIELD).decrypt(bodyEncrypted, {
            tenantId: row.tenantId,
            field: COMMUNICATION_BODY_FIELD,
            rowId: row.id,
          }),
  };
}

/** Emails, calls, meetings and letters of a case or client. The body is encrypted in the SDK. */
export function communicationsRepository(ctx: RepositoryContext) {
  const find = async (id: string): Promise<Communication | undefined> => {
    const cid = parseInput(idSchema, id, 'id');
    const row = await ctx.db.selectFrom('communications').selectAll().where('id', '=', cid).executeTakeFirst();
    return row && decryptCommunication(row, ctx.cipher);
  };
  return {
    /** @example `await t.communications.create({ caseId, kind: 'phone', direction: 'inbound', body: 'Client called about…', durationMinutes: 12 });` */
    async create(input: CreateCommunicationInput): Promise<Communication> {
      const { body, participants, ...v } = parseInput(createCommunicationSchema, input);
      const id = randomUUID();
      const sealed =
        body === undefined
          ? {}
          : (() => {
              const c = requireCipher(ctx.cipher, COMMUNICATION_BODY_FIELD);
              return {
                bodyEncrypted: c.encrypt(body, {
                  tenantId: ctx.context.tenantId,
                  field: COMMUNICATION_BODY_FIELD,
                  rowId: id,
                }),
                encryptionKeyId: c.activeKeyId,
              };
            })();
      const row = await ctx.db
        .insertInto('communications')
        .values({ ...v, ...sealed, id, participants: JSON.stringify(participants), recordedBy: ctx.context.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      return decryptCommunication(row, ctx.cipher);
    },
    find,
    async get(id: string): Promise<Communication> {
      const found = await find(id);
      if (!found) throw new NotFoundError('communication', id);
      return found;
    },
    /** Newest first, keyset-paginated. */
    async list(input: ListCommunicationsInput = {}): Promise<Page<Communication>> {
      const f = parseInput(listCommunicationsSchema, input);
      let q = ctx.db
        .selectFrom('communications')
        .selectAll()
        .select(sortKey(KEYSET))
        .orderBy('occurredAt', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.clientId) q = q.where('clientId', '=', f.clientId);
      if (f.kind) q = q.where('kind', '=', f.kind);
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      const page = toPage(await q.execute(), f.limit);
      return {
        items: page.items.map((row) => decryptCommunication(row, ctx.cipher)),
        nextCursor: page.nextCursor,
      };
    },
  };
}

export type CommunicationsRepository = ReturnType<typeof communicationsRepository>;
