import { z } from 'zod';
import { id, limit, text } from './common.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');
/** A relative path inside the case: no leading /, no //, no .. segment. */
const logicalPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !/(^\/|\/\/|(^|\/)\.\.(\/|$))/.test(p), 'must be a relative path without .. or //');
const fileName = z
  .string()
  .max(255)
  .refine(
    (n) => n.trim().length > 0 && !/[/\\]/.test(n) && !n.includes('\u0000'),
    'must be a file name without / or \\',
  );
const fileSize = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const registerDocumentSchema = z
  .strictObject({
    caseId: id.optional(),
    clientId: id.optional(),
    categoryId: id.optional(),
    logicalPath,
    fileName,
    title: text(500).optional(),
    mimeType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type')
      .optional(),
    fileSize,
    contentHash: sha256.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((d) => d.caseId || d.clientId, { path: ['caseId'], message: 'a document belongs to a case or a client' });
export type RegisterDocumentInput = z.input<typeof registerDocumentSchema>;

export const completeUploadSchema = z.strictObject({
  contentHash: sha256,
  fileSize: fileSize.optional(),
  versionId: text(255).optional(),
});

export const newVersionSchema = z.strictObject({
  fileSize,
  contentHash: sha256,
  mimeType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type')
    .optional(),
  comment: text(2000).optional(),
});
export type NewVersionInput = z.input<typeof newVersionSchema>;

export const derivedSchema = z.strictObject({
  kind: z.enum(['ocr', 'conversion', 'redaction', 'extract', 'other']),
  fileName,
  mimeType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type')
    .optional(),
  fileSize,
  contentHash: sha256.optional(),
  extractedText: text(10_000_000).optional(),
});
export type DerivedDocumentInput = z.input<typeof derivedSchema>;

export const listDocumentsSchema = z.strictObject({
  caseId: id.optional(),
  clientId: id.optional(),
  categoryId: id.optional(),
  uploadStatus: z.enum(['pending', 'uploading', 'completed', 'failed']).optional(),
  deleted: z.boolean().default(false),
  limit,
  cursor: z.string().optional(),
});
export type ListDocumentsInput = z.input<typeof listDocumentsSchema>;

export const documentSearchSchema = z.strictObject({
  query: z.string().trim().min(1).max(500),
  caseId: id.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

export const categorySchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  parentId: id.optional(),
  description: text(2000).optional(),
});
export type CategoryInput = z.input<typeof categorySchema>;

export const grantSchema = z
  .strictObject({
    documentId: id,
    userId: id.optional(),
    roleId: id.optional(),
    permission: z.enum(['read', 'write', 'delete']),
  })
  .refine((g) => Boolean(g.userId) !== Boolean(g.roleId), { path: ['userId'], message: 'give a userId or a roleId' });
export type GrantInput = z.input<typeof grantSchema>;

export const holdSchema = z.strictObject({ id, reason: z.string().trim().min(3).max(1000) });
export const extractedTextSchema = z.strictObject({ id, text: z.string().max(10_000_000) });
export const hashLookupSchema = z.strictObject({ caseId: id, contentHash: sha256 });
