import { type Selectable, sql } from 'kysely';
import { ValidationError } from '../errors/legal-error.js';
import type { DocumentChunks } from '../generated/db.js';
import { type InsertChunksInput, insertChunksSchema, nearestSchema } from '../schemas/ai.js';
import { id as idSchema } from '../schemas/common.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

/** A text span of a document and its embedding (its matter and grantee lists are the database's business). */
export type DocumentChunk = Omit<Selectable<DocumentChunks>, 'caseId' | 'aclRead' | 'aclWrite'>;
const CHUNK_COLUMNS = [
  'id',
  'tenantId',
  'documentId',
  'chunkIndex',
  'text',
  'startChar',
  'endChar',
  'embedding',
  'embeddingModel',
  'createdAt',
] as const;
export interface ChunkHit {
  chunk: Omit<DocumentChunk, 'embedding'>;
  /** Cosine similarity, -1 to 1 (1: same direction). */
  similarity: number;
}

/**
 * A document's text chunks and their embeddings (seed 003), for retrieval. Storing needs
 * `documents.upload`, searching `documents.read`.
 */
export function chunksRepository(ctx: RepositoryContext) {
  /** The dimension of a model: configured, or fixed by the tenant's first stored chunk of it. */
  async function dimensionOf(model: string): Promise<number | undefined> {
    const configured = ctx.embeddingDimensions[model];
    if (configured) return configured;
    const row = await ctx.db
      .selectFrom('documentChunks')
      .select(sql<number>`cardinality(embedding)`.as('dim'))
      .where('embeddingModel', '=', model)
      .limit(1)
      .executeTakeFirst();
    return row?.dim;
  }

  return {
    /**
     * Replaces a document's chunks in ONE statement (a JSON recordset, not a loop of inserts).
     * Chunk indexes are 0…n-1 in the given order; every embedding must have the model's dimension.
     */
    async replace(input: InsertChunksInput): Promise<number> {
      const v = parseInput(insertChunksSchema, input);
      await requirePermission(ctx, 'documents.upload');
      const dims = v.chunks.find((c) => c.embedding)?.embedding?.length;
      if (v.model && dims !== undefined) {
        const expected = await dimensionOf(v.model);
        if (expected !== undefined && expected !== dims) {
          throw new ValidationError([
            { path: 'chunks.0.embedding', message: `model ${v.model} has ${expected} dimensions, got ${dims}` },
          ]);
        }
      }
      const rows = v.chunks.map((c, i) => ({
        chunk_index: i,
        text: c.text,
        start_char: c.startChar,
        end_char: c.endChar,
        embedding: c.embedding ?? null,
        embedding_model: c.embedding ? (v.model ?? null) : null,
      }));
      await ctx.db.deleteFrom('documentChunks').where('documentId', '=', v.documentId).execute();
      const { rows: inserted } = await sql<{ n: number }>`
        with added as (
          insert into legal.document_chunks (document_id, chunk_index, text, start_char, end_char, embedding, embedding_model)
          select ${v.documentId}::uuid, x.chunk_index, x.text, x.start_char, x.end_char, x.embedding, x.embedding_model
            from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                 as x(chunk_index int, text text, start_char int, end_char int, embedding real[], embedding_model text)
          returning 1)
        select count(*)::int as n from added`.execute(ctx.db);
      const n = (inserted[0] as { n: number }).n;
      await ctx.db.updateTable('documents').set({ totalChunks: n }).where('id', '=', v.documentId).execute();
      return n;
    },
    /** The chunks of a document, in order. */
    async list(documentId: string): Promise<DocumentChunk[]> {
      const v = parseInput(idSchema, documentId, 'documentId');
      await requirePermission(ctx, 'documents.read');
      return ctx.db
        .selectFrom('documentChunks')
        .select(CHUNK_COLUMNS)
        .where('documentId', '=', v)
        .orderBy('chunkIndex')
        .execute();
    },
    /**
     * The `k` chunks most similar to `embedding` (cosine), among chunks of `model`, optionally
     * within a case or some documents. Computed in SQL over `real[]`; uses pgvector's `<=>`
     * when the `vector` extension is installed. Deleted documents are left out.
     */
    async nearest(
      embedding: number[],
      k: number,
      filters: { model: string; caseId?: string; documentIds?: string[] },
    ): Promise<ChunkHit[]> {
      const v = parseInput(nearestSchema, { embedding, k, ...filters });
      await requirePermission(ctx, 'documents.read');
      const expected = await dimensionOf(v.model);
      if (expected !== undefined && expected !== v.embedding.length) {
        throw new ValidationError([
          { path: 'embedding', message: `model ${v.model} has ${expected} dimensions, got ${v.embedding.length}` },
        ]);
      }
      const { rows: ext } = await sql<{ vector: boolean }>`
        select exists (select 1 from pg_extension where extname = 'vector') as vector`.execute(ctx.db);
      const similarity = ext[0]?.vector
        ? sql<number>`1 - (c.embedding::vector <=> ${`[${v.embedding.join(',')}]`}::vector)`
        : sql<number>`(select sum(a * b) / nullif(sqrt(sum(a * a)) * sqrt(sum(b * b)), 0)
                         from unnest(c.embedding, ${v.embedding}::real[]) as u(a, b))`;
      let q = ctx.db
        .selectFrom('documentChunks as c')
        .innerJoin('documents as d', 'd.id', 'c.documentId')
        .select([
          'c.id',
          'c.tenantId',
          'c.documentId',
          'c.chunkIndex',
          'c.text',
          'c.startChar',
          'c.endChar',
          'c.embeddingModel',
          'c.createdAt',
        ])
        .select(similarity.as('similarity'))
        .where('c.embeddingModel', '=', v.model)
        .where(sql<boolean>`cardinality(c.embedding) = ${v.embedding.length}`)
        .where('d.deletedAt', 'is', null)
        .orderBy('similarity', 'desc')
        .orderBy('c.id')
        .limit(v.k);
      if (v.caseId) q = q.where('d.caseId', '=', v.caseId);
      if (v.documentIds?.length) q = q.where('c.documentId', 'in', v.documentIds);
      return (await q.execute()).map(({ similarity: s, ...chunk }) => ({ chunk, similarity: Number(s) }));
    },
  };
}

export type ChunksRepository = ReturnType<typeof chunksRepository>;
