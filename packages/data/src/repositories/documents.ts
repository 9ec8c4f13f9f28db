import { randomUUID } from 'node:crypto';
import { type Selectable, sql, type UpdateObject } from 'kysely';
import type { z } from 'zod';
import { ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '../errors/legal-error.js';
import type { DB, DocumentCategories, DocumentPermissions, Documents, DocumentVersions } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type CategoryInput,
  categorySchema,
  completeUploadSchema,
  type DerivedDocumentInput,
  derivedSchema,
  documentSearchSchema,
  extractedTextSchema,
  type GrantInput,
  grantSchema,
  hashLookupSchema,
  holdSchema,
  type ListDocumentsInput,
  listDocumentsSchema,
  type NewVersionInput,
  newVersionSchema,
  type RegisterDocumentInput,
  registerDocumentSchema,
} from '../schemas/documents.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

const KEYSET: Keyset = {
  sort: sql`documents.created_at`,
  id: sql`documents.id`,
  type: 'timestamptz',
  direction: 'desc',
};

/** A document's record (its grantee lists are the database's business: see `permissions()`). */
export type Document = Omit<
  Selectable<Documents>,
  'searchVector' | 'extractedText' | 'aclRead' | 'aclWrite' | 'aclDelete'
>;
export type DocumentVersion = Omit<Selectable<DocumentVersions>, 'caseId' | 'aclRead' | 'aclWrite'>;
const VERSION_COLUMNS = [
  'id',
  'tenantId',
  'documentId',
  'versionNumber',
  'storageKey',
  'versionId',
  'fileSize',
  'contentHash',
  'mimeType',
  'comment',
  'uploadedBy',
  'createdAt',
] as const;
export type DocumentCategory = Selectable<DocumentCategories>;
export type DocumentPermission = Selectable<DocumentPermissions>;
export interface DocumentSearchHit {
  document: Document;
  rank: number;
  /** `ts_headline` snippet of the extracted text, matches in `<b>…</b>`. */
  headline: string;
}
export interface FileNameHit {
  document: Document;
  /** pg_trgm similarity, 0-1. */
  similarity: number;
}

type Access = 'read' | 'write' | 'delete';
const ROLE_PERMISSION: Record<Access, string> = {
  read: 'documents.read',
  write: 'documents.upload',
  delete: 'documents.delete',
};
const UPLOAD_FLOW: Record<string, readonly string[]> = {
  pending: ['uploading', 'completed', 'failed'],
  uploading: ['completed', 'failed'],
  failed: ['uploading'],
  completed: [],
};

const COLUMNS = [
  'id',
  'tenantId',
  'caseId',
  'clientId',
  'categoryId',
  'logicalPath',
  'fileName',
  'title',
  'fileType',
  'mimeType',
  'fileSize',
  'contentHash',
  'storageKey',
  'versionId',
  'currentVersion',
  'isDerived',
  'derivedFrom',
  'derivationKind',
  'uploadStatus',
  'metadata',
  'mission',
  'project',
  'totalChunks',
  'uploadedBy',
  'legalHold',
  'legalHoldReason',
  'legalHoldSetAt',
  'legalHoldSetBy',
  'deletedAt',
  'deletedBy',
  'createdAt',
  'updatedAt',
] as const;
const Q = COLUMNS.map((c) => `documents.${c}` as const);

/**
 * Documents of cases and clients: upload registration and status, versions, derived files,
 * content-hash lookup, categories, per-document permissions, legal hold, soft delete,
 * full-text and file-name search. Bytes live in your object store; the SDK keeps the record.
 *
 * Access: `documents.read` / `documents.upload` / `documents.delete`; a document with
 * permission grants (`grant`) is restricted to its grantees for that kind of access, except
 * for users holding `documents.manage_permissions`.
 */
export function documentsRepository(ctx: RepositoryContext) {
  const me = ctx.context.userId;
  const tenantId = ctx.context.tenantId;

  /**
   * Whether a document's grants let the user in for `access` (unrestricted, granted to them or
   * their role, or they manage permissions): the grant list on the row, as the policies read it.
   */
  const grantedTo = (access: Access) => sql<boolean>`legal.document_allowed(${sql.ref(`documents.acl_${access}`)})`;

  /** Throws ForbiddenError unless the user may `access` documents at all; returns the grant filter to apply. */
  async function may(access: Access) {
    await requirePermission(ctx, ROLE_PERMISSION[access]);
    return grantedTo(access);
  }

  async function load(id: string, access: Access, argument = 'id'): Promise<Document> {
    const documentId = parseInput(idSchema, id, argument);
    const filter = await may(access);
    // the row and, for restricted documents, whether a grant lets this user in: one query
    const found = await ctx.db
      .selectFrom('documents')
      .select(Q)
      .select(filter.as('allowed'))
      .where('documents.id', '=', documentId)
      .executeTakeFirst();
    if (!found) throw new NotFoundError('document', id);
    const { allowed, ...row } = found;
    if (!allowed) {
      throw new ForbiddenError(`This document is restricted: ${access} needs a grant`, ROLE_PERMISSION[access]);
    }
    return row;
  }

  const update = async (id: string, values: UpdateObject<DB, 'documents'>) =>
    ctx.db.updateTable('documents').set(values).where('id', '=', id).returning(Q).executeTakeFirstOrThrow();

  async function setStatus(id: string, to: string, extra: UpdateObject<DB, 'documents'> = {}): Promise<Document> {
    const doc = await load(id, 'write');
    const allowed = UPLOAD_FLOW[doc.uploadStatus] ?? [];
    if (!allowed.includes(to)) throw new InvalidTransitionError(doc.uploadStatus, to, allowed, { entity: 'upload' });
    return update(doc.id, { uploadStatus: to, ...extra });
  }

  async function event(action: 'read' | 'download', doc: Document) {
    await sql`select legal.log_event(${action}, 'documents', ${doc.id}, '{}'::jsonb, ${doc.caseId}::uuid, ${doc.id}::uuid)`.execute(
      ctx.db,
    );
  }

  return {
    /**
     * Registers an upload (status `pending`, version 1) and returns the record with its
     * `storageKey`; upload the bytes there, then `completeUpload`.
     * @example `const doc = await t.documents.register({ caseId, logicalPath: 'pleadings/claim.pdf', fileName: 'claim.pdf', fileSize: 48_213 });`
     */
    async register(input: RegisterDocumentInput): Promise<Document> {
      const v = parseInput(registerDocumentSchema, input);
      await requirePermission(ctx, 'documents.upload');
      const id = randomUUID();
      const storageKey = `${tenantId}/documents/${id}/v1`;
      const doc = await ctx.db
        .insertInto('documents')
        .values({
          ...v,
          id,
          storageKey,
          fileType: v.fileName.includes('.') ? (v.fileName.split('.').pop()?.toLowerCase() ?? null) : null,
          metadata: JSON.stringify(v.metadata ?? {}),
          uploadedBy: me,
        })
        .returning(Q)
        .executeTakeFirstOrThrow();
      await ctx.db
        .insertInto('documentVersions')
        .values({
          documentId: id,
          versionNumber: 1,
          storageKey,
          fileSize: v.fileSize,
          contentHash: v.contentHash ?? null,
          mimeType: v.mimeType ?? null,
          uploadedBy: me,
        })
        .execute();
      return doc;
    },
    /** pending → uploading. */
    markUploading: (id: string) => setStatus(id, 'uploading'),
    /** pending | uploading → completed, with the stored bytes' SHA-256. */
    async completeUpload(id: string, input: z.input<typeof completeUploadSchema>): Promise<Document> {
      const v = parseInput(completeUploadSchema, input);
      const doc = await setStatus(id, 'completed', v);
      await ctx.db
        .updateTable('documentVersions')
        .set({ contentHash: v.contentHash, ...(v.fileSize !== undefined ? { fileSize: v.fileSize } : {}) })
        .where('documentId', '=', doc.id)
        .where('versionNumber', '=', doc.currentVersion)
        .execute();
      return doc;
    },
    /** pending | uploading → failed. */
    failUpload: (id: string) => setStatus(id, 'failed'),
    find: async (id: string): Promise<Document | undefined> => {
      try {
        return await load(id, 'read');
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    get: (id: string) => load(id, 'read'),
    /** Newest first; soft-deleted documents only with `deleted: true`; restricted ones only for their grantees. */
    async list(input: ListDocumentsInput = {}): Promise<Page<Document>> {
      const f = parseInput(listDocumentsSchema, input);
      const filter = await may('read');
      let q = ctx.db
        .selectFrom('documents')
        .select(Q)
        .select(sortKey(KEYSET))
        .where('documents.deletedAt', f.deleted ? 'is not' : 'is', null)
        .orderBy('documents.createdAt', 'desc')
        .orderBy('documents.id', 'desc')
        .limit(f.limit + 1);
      q = q.where(filter);
      if (f.caseId) q = q.where('documents.caseId', '=', f.caseId);
      if (f.clientId) q = q.where('documents.clientId', '=', f.clientId);
      if (f.categoryId) q = q.where('documents.categoryId', '=', f.categoryId);
      if (f.uploadStatus) q = q.where('documents.uploadStatus', '=', f.uploadStatus);
      if (f.cursor) q = q.where(afterCursor(f.cursor, KEYSET));
      return toPage(await q.execute(), f.limit);
    },
    /** A new version: the old one stays in `versions()`, the document points at the new one. */
    async addVersion(id: string, input: NewVersionInput): Promise<Document> {
      const v = parseInput(newVersionSchema, input);
      const doc = await load(id, 'write');
      const locked = await ctx.db
        .selectFrom('documents')
        .select('currentVersion')
        .where('id', '=', doc.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const versionNumber = locked.currentVersion + 1;
      const storageKey = `${tenantId}/documents/${doc.id}/v${versionNumber}`;
      await ctx.db
        .insertInto('documentVersions')
        .values({ documentId: doc.id, versionNumber, storageKey, ...v, uploadedBy: me })
        .execute();
      return update(doc.id, {
        currentVersion: versionNumber,
        storageKey,
        fileSize: v.fileSize,
        contentHash: v.contentHash,
        ...(v.mimeType ? { mimeType: v.mimeType } : {}),
        uploadStatus: 'completed',
      });
    },
    /** Every version, oldest first. */
    async versions(id: string): Promise<DocumentVersion[]> {
      const doc = await load(id, 'read');
      return ctx.db
        .selectFrom('documentVersions')
        .select(VERSION_COLUMNS)
        .where('documentId', '=', doc.id)
        .orderBy('versionNumber')
        .execute();
    },
    /** Documents of the case whose current or any earlier version has this SHA-256 (is this file already here?). */
    async findByHash(caseId: string, contentHash: string): Promise<Document[]> {
      const v = parseInput(hashLookupSchema, { caseId, contentHash });
      const filter = await may('read');
      let q = ctx.db
        .selectFrom('documents')
        .select(Q)
        .where('documents.caseId', '=', v.caseId)
        .where('documents.deletedAt', 'is', null)
        .where((eb) =>
          eb.or([
            eb('documents.contentHash', '=', v.contentHash),
            eb.exists(
              eb
                .selectFrom('documentVersions as dv')
                .whereRef('dv.documentId', '=', 'documents.id')
                .where('dv.contentHash', '=', v.contentHash)
                .select(sql`1`.as('one')),
            ),
          ]),
        )
        .orderBy('documents.createdAt');
      q = q.where(filter);
      return q.execute();
    },
    /** A file derived from a document (OCR text, a conversion, a redaction), linked to its source. */
    async addDerived(sourceId: string, input: DerivedDocumentInput): Promise<Document> {
      const v = parseInput(derivedSchema, input);
      const source = await load(sourceId, 'write', 'sourceId');
      const id = randomUUID();
      return ctx.db
        .insertInto('documents')
        .values({
          id,
          caseId: source.caseId,
          clientId: source.clientId,
          categoryId: source.categoryId,
          logicalPath: `${source.logicalPath}.${v.kind}/${v.fileName}`,
          fileName: v.fileName,
          mimeType: v.mimeType ?? null,
          fileSize: v.fileSize,
          contentHash: v.contentHash ?? null,
          extractedText: v.extractedText ?? null,
          storageKey: `${tenantId}/documents/${id}/v1`,
          isDerived: true,
          derivedFrom: source.id,
          derivationKind: v.kind,
          uploadStatus: 'completed',
          uploadedBy: me,
        })
        .returning(Q)
        .executeTakeFirstOrThrow();
    },
    /** The files derived from a document. */
    async derivatives(sourceId: string): Promise<Document[]> {
      const source = await load(sourceId, 'read', 'sourceId');
      return ctx.db.selectFrom('documents').select(Q).where('documents.derivedFrom', '=', source.id).execute();
    },
    /** Stores the text extracted from the file (feeds full-text search). */
    async setExtractedText(id: string, text: string): Promise<Document> {
      const v = parseInput(extractedTextSchema, { id, text });
      const doc = await load(v.id, 'write');
      return update(doc.id, { extractedText: v.text });
    },
    /**
     * Full-text search (English stemming) of file name, title and extracted text, best first,
     * with snippets. Found and ranked by `legal.search_documents` (index-driven, with the
     * access rules in its query), read back through row level security.
     */
    async search(query: string, options: { caseId?: string; limit?: number } = {}): Promise<DocumentSearchHit[]> {
      const v = parseInput(documentSearchSchema, { query, ...options });
      await may('read');
      const tsquery = sql`websearch_to_tsquery('english'::regconfig, ${v.query})`;
      const { rows } = await sql<Document & { rank: number; headline: string }>`
        select ${sql.join(Q.map((c) => sql.ref(c)))}, s.rank,
               ts_headline('english'::regconfig, coalesce(documents.extracted_text, documents.file_name), ${tsquery},
                           'MaxFragments=2, MaxWords=20, MinWords=5') as headline
          from legal.search_documents(${v.query}, ${v.caseId ?? null}::uuid, ${v.limit}) s
          join legal.documents on documents.tenant_id = ${tenantId}::uuid and documents.id = s.id
         order by s.rank desc, documents.id`.execute(ctx.db);
      return rows.map(({ rank, headline, ...document }) => ({ document, rank, headline }));
    },
    /** Fuzzy file-name search (pg_trgm), most similar first. */
    async searchFileNames(query: string, options: { caseId?: string; limit?: number } = {}): Promise<FileNameHit[]> {
      const v = parseInput(documentSearchSchema, { query, ...options });
      const filter = await may('read');
      let q = ctx.db
        .selectFrom('documents')
        .select(Q)
        .select(sql<number>`extensions.similarity(documents.file_name, ${v.query})`.as('similarity'))
        .where(sql<boolean>`extensions.similarity(documents.file_name, ${v.query}) > 0.2`)
        .where('documents.deletedAt', 'is', null)
        .orderBy('similarity', 'desc')
        .orderBy('documents.id')
        .limit(v.limit);
      q = q.where(filter);
      if (v.caseId) q = q.where('documents.caseId', '=', v.caseId);
      return (await q.execute()).map(({ similarity, ...document }) => ({ document, similarity }));
    },
    /** Places a legal hold: the document can then be neither deleted nor purged. Needs `documents.legal_hold`. */
    async placeHold(id: string, reason: string): Promise<Document> {
      const v = parseInput(holdSchema, { id, reason });
      await requirePermission(ctx, 'documents.legal_hold');
      const doc = await load(v.id, 'read');
      return update(doc.id, {
        legalHold: true,
        legalHoldReason: v.reason,
        legalHoldSetAt: sql`now()`,
        legalHoldSetBy: me,
      });
    },
    /** Lifts a legal hold. Needs `documents.legal_hold`. */
    async releaseHold(id: string): Promise<Document> {
      await requirePermission(ctx, 'documents.legal_hold');
      const doc = await load(id, 'read');
      return update(doc.id, { legalHold: false, legalHoldReason: null, legalHoldSetAt: null, legalHoldSetBy: null });
    },
    /** Soft delete (restorable). A held document refuses (ForbiddenError). */
    async delete(id: string): Promise<Document> {
      const doc = await load(id, 'delete');
      return update(doc.id, { deletedAt: sql`now()`, deletedBy: me });
    },
    async restore(id: string): Promise<Document> {
      const doc = await load(id, 'delete');
      return update(doc.id, { deletedAt: null, deletedBy: null });
    },
    /** Removes a soft-deleted document and its versions for good. A held document refuses (ForbiddenError). */
    async purge(id: string): Promise<void> {
      const doc = await load(id, 'delete');
      if (!doc.deletedAt) {
        throw new ValidationError([{ path: 'id', message: 'only a deleted document can be purged; delete it first' }]);
      }
      await ctx.db.deleteFrom('documents').where('id', '=', doc.id).execute();
    },
    /** Records that the user viewed the document (an audit `read` event). */
    async markViewed(id: string): Promise<void> {
      await event('read', await load(id, 'read'));
    },
    /** Records that the user downloaded the document (an audit `download` event). */
    async markDownloaded(id: string): Promise<void> {
      await event('download', await load(id, 'read'));
    },
    async createCategory(input: CategoryInput): Promise<DocumentCategory> {
      const v = parseInput(categorySchema, input);
      await requirePermission(ctx, 'documents.upload');
      return ctx.db.insertInto('documentCategories').values(v).returningAll().executeTakeFirstOrThrow();
    },
    async categories(): Promise<DocumentCategory[]> {
      await requirePermission(ctx, 'documents.read');
      return ctx.db.selectFrom('documentCategories').selectAll().orderBy('name').orderBy('id').execute();
    },
    /** Grants a user or a role read, write or delete on one document (which then becomes restricted). */
    async grant(input: GrantInput): Promise<DocumentPermission> {
      const v = parseInput(grantSchema, input);
      await requirePermission(ctx, 'documents.manage_permissions');
      await load(v.documentId, 'read', 'documentId');
      return ctx.db
        .insertInto('documentPermissions')
        .values({
          documentId: v.documentId,
          userId: v.userId ?? null,
          roleId: v.roleId ?? null,
          permissionType: v.permission,
          grantedBy: me,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
    /** Removes one grant; true when it existed. */
    async revoke(permissionId: string): Promise<boolean> {
      const pid = parseInput(idSchema, permissionId, 'permissionId');
      await requirePermission(ctx, 'documents.manage_permissions');
      const removed = await ctx.db.deleteFrom('documentPermissions').where('id', '=', pid).executeTakeFirst();
      return removed.numDeletedRows > 0n;
    },
    /** The grants of a document. */
    async permissions(documentId: string): Promise<DocumentPermission[]> {
      const doc = await load(documentId, 'read', 'documentId');
      return ctx.db
        .selectFrom('documentPermissions')
        .selectAll()
        .where('documentId', '=', doc.id)
        .orderBy('createdAt')
        .execute();
    },
  };
}

export type DocumentsRepository = ReturnType<typeof documentsRepository>;
