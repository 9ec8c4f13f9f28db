import { z } from 'zod';
import { day, id, limit, text } from './common.js';

export const createConversationSchema = z.strictObject({
  clientId: id.optional(),
  caseId: id.optional(),
  title: text(500).optional(),
});
export type CreateConversationInput = z.input<typeof createConversationSchema>;

export const messageSchema = z.strictObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string().min(1).max(1_000_000),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type MessageInput = z.input<typeof messageSchema>;

export const listConversationsSchema = z.strictObject({
  clientId: id.optional(),
  caseId: id.optional(),
  archived: z.boolean().default(false),
  limit,
  cursor: z.string().optional(),
});
export type ListConversationsInput = z.input<typeof listConversationsSchema>;

export const recordQuerySchema = z
  .strictObject({
    queryText: z.string().trim().min(1).max(100_000),
    conversationId: id.optional(),
    caseId: id.optional(),
    retrievedDocuments: z
      .array(z.strictObject({ documentId: id, chunkId: id.optional(), score: z.number() }))
      .max(1000)
      .default([]),
    answer: text(1_000_000).optional(),
    confidenceScore: z.number().min(0).max(1).optional(),
    refusalReason: text(5000).optional(),
    sources: z
      .array(z.strictObject({ documentId: id, page: z.number().int().min(0).optional(), quote: text(5000).optional() }))
      .max(1000)
      .default([]),
    responseTimeMs: z.number().int().min(0).max(3_600_000),
    model: text(200).optional(),
  })
  .refine((q) => q.answer !== undefined || q.refusalReason !== undefined, {
    path: ['answer'],
    message: 'give an answer or a refusal reason',
  });
export type RecordQueryInput = z.input<typeof recordQuerySchema>;

export const listQueriesSchema = z.strictObject({
  userId: id.optional(),
  caseId: id.optional(),
  from: day.optional(),
  to: day.optional(),
  limit,
  cursor: z.string().optional(),
});
export type ListQueriesInput = z.input<typeof listQueriesSchema>;

export const chunkSchema = z.strictObject({
  text: z.string().min(1).max(1_000_000),
  startChar: z.number().int().min(0),
  endChar: z.number().int().min(0),
  embedding: z.array(z.number().finite()).min(1).max(16_000).optional(),
});
export const insertChunksSchema = z
  .strictObject({
    documentId: id,
    model: text(200).optional(),
    chunks: z.array(chunkSchema).min(1).max(10_000),
  })
  .superRefine((input, issue) => {
    input.chunks.forEach((c, i) => {
      if (c.endChar < c.startChar)
        issue.addIssue({ code: 'custom', path: ['chunks', i, 'endChar'], message: 'must not be before startChar' });
      if (c.embedding && !input.model)
        issue.addIssue({ code: 'custom', path: ['model'], message: 'is required with embeddings' });
    });
    const dims = new Set(input.chunks.map((c) => c.embedding?.length).filter((n) => n !== undefined));
    if (dims.size > 1)
      issue.addIssue({ code: 'custom', path: ['chunks'], message: 'embeddings of one model must have one dimension' });
  });
export type InsertChunksInput = z.input<typeof insertChunksSchema>;

export const nearestSchema = z.strictObject({
  embedding: z.array(z.number().finite()).min(1).max(16_000),
  k: z.number().int().min(1).max(200),
  model: text(200),
  caseId: id.optional(),
  documentIds: z.array(id).max(1000).optional(),
});
