import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import {
  CheckViolationError,
  createLegalDb,
  ForbiddenError,
  InvalidTransitionError,
  LegalHoldError,
  NotFoundError,
  ValidationError,
} from '../src/index.js';
import { addUser, appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const db = createLegalDb({
  contextKey: database.contextKey,
  connectionString: await appLogin(database),
  embeddingDimensions: { 'mini-3': 3 },
});
const firm = await createFirm(database.url, 'docs-a');
const other = await createFirm(database.url, 'docs-b');
const paralegal = await addUser(database.url, firm.tenantId, 'paralegal', 'para@docs-a.example');
const viewer = await addUser(database.url, firm.tenantId, 'viewer', 'view@docs-a.example');
const ctx = { tenantId: firm.tenantId, userId: firm.userId };
const hash = (c: string) => c.repeat(64).slice(0, 64);

const caseId = await db.withTenant(ctx, async (t) => (await t.cases.create({ title: 'Documents matter' })).id);

describe('documents', () => {
  it('registers an upload and walks pending → uploading → completed; refuses completed → uploading', async () => {
    await db.withTenant(ctx, async (t) => {
      const doc = await t.documents.register({
        caseId,
        logicalPath: 'pleadings/claim.pdf',
        fileName: 'claim.pdf',
        mimeType: 'application/pdf',
        fileSize: 48_213,
      });
      expect(doc).toMatchObject({
        uploadStatus: 'pending',
        currentVersion: 1,
        fileType: 'pdf',
        uploadedBy: firm.userId,
      });
      expect(doc.storageKey).toBe(`${firm.tenantId}/documents/${doc.id}/v1`);
      expect((await t.documents.markUploading(doc.id)).uploadStatus).toBe('uploading');
      const done = await t.documents.completeUpload(doc.id, { contentHash: hash('a') });
      expect(done).toMatchObject({ uploadStatus: 'completed', contentHash: hash('a') });
      const error = await t.documents.markUploading(doc.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({ entity: 'upload', from: 'completed', to: 'uploading' });
      const failed = await t.documents.register({
        caseId,
        logicalPath: 'x/failed.pdf',
        fileName: 'failed.pdf',
        fileSize: 1,
      });
      expect((await t.documents.failUpload(failed.id)).uploadStatus).toBe('failed');
      expect(await t.documents.get(doc.id)).toEqual(done);
      expect(await t.documents.find('0a0a0a0a-0000-4000-8000-000000000000')).toBeUndefined();
      await expect(t.documents.get('0a0a0a0a-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  it('keeps every version; the document points at the newest; a content hash finds the file in the case', async () => {
    await db.withTenant(ctx, async (t) => {
      const doc = await t.documents.register({
        caseId,
        logicalPath: 'contracts/supply.docx',
        fileName: 'supply.docx',
        fileSize: 10,
        contentHash: hash('1'),
      });
      const v2 = await t.documents.addVersion(doc.id, {
        fileSize: 12,
        contentHash: hash('2'),
        comment: 'client edits',
      });
      const v3 = await t.documents.addVersion(doc.id, { fileSize: 14, contentHash: hash('3') });
      expect(v2.currentVersion).toBe(2);
      expect(v3).toMatchObject({
        currentVersion: 3,
        contentHash: hash('3'),
        fileSize: '14',
        storageKey: `${firm.tenantId}/documents/${doc.id}/v3`,
      });
      const versions = await t.documents.versions(doc.id);
      expect(versions.map((v) => [v.versionNumber, v.contentHash, v.comment])).toEqual([
        [1, hash('1'), null],
        [2, hash('2'), 'client edits'],
        [3, hash('3'), null],
      ]);
      // the old file and the current one are both found; an unknown hash is not
      expect((await t.documents.findByHash(caseId, hash('1'))).map((d) => d.id)).toEqual([doc.id]);
      expect((await t.documents.findByHash(caseId, hash('3'))).map((d) => d.id)).toEqual([doc.id]);
      expect(await t.documents.findByHash(caseId, hash('9'))).toEqual([]);
    });
  });

  it('links derived files to their source, and keeps the logical path unique per case', async () => {
    await db.withTenant(ctx, async (t) => {
      const scan = await t.documents.register({
        caseId,
        logicalPath: 'evidence/scan.tiff',
        fileName: 'scan.tiff',
        fileSize: 900,
      });
      const ocr = await t.documents.addDerived(scan.id, {
        kind: 'ocr',
        fileName: 'scan.txt',
        fileSize: 40,
        extractedText: 'Witness statement',
      });
      expect(ocr).toMatchObject({ isDerived: true, derivedFrom: scan.id, derivationKind: 'ocr', caseId });
      expect((await t.documents.derivatives(scan.id)).map((d) => d.id)).toEqual([ocr.id]);
      // a failed statement aborts the unit; a savepoint lets the unit go on without it
      await expect(
        t.savepoint((sp) =>
          sp.documents.register({ caseId, logicalPath: 'evidence/scan.tiff', fileName: 'scan.tiff', fileSize: 1 }),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT', constraint: 'documents_case_logical_path_key' });
      expect((await t.documents.derivatives(scan.id)).map((d) => d.id)).toEqual([ocr.id]);
    });
  });

  it('enforces the size limit (100 MB by default, per tenant when set)', async () => {
    const big = (fileSize: number) =>
      db.withTenant(ctx, (t) =>
        t.documents.register({ caseId, logicalPath: `big/${fileSize}.bin`, fileName: 'big.bin', fileSize }),
      );
    await expect(big(100 * 1024 * 1024)).resolves.toBeDefined();
    const error = await big(100 * 1024 * 1024 + 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckViolationError);
    expect(error).toMatchObject({ constraint: 'documents_file_size_limit' });
    await query(database.url, 'update legal.tenants set max_document_size_bytes = 1000 where id = $1', [firm.tenantId]);
    try {
      await expect(big(1001)).rejects.toBeInstanceOf(CheckViolationError);
      await expect(big(1000)).resolves.toBeDefined();
    } finally {
      await query(database.url, 'update legal.tenants set max_document_size_bytes = 104857600 where id = $1', [
        firm.tenantId,
      ]);
    }
  });

  it('categories', async () => {
    await db.withTenant(ctx, async (t) => {
      const parent = await t.documents.createCategory({ name: 'Court filings' });
      const child = await t.documents.createCategory({ name: 'Motions', parentId: parent.id });
      expect(child.parentId).toBe(parent.id);
      const names = (await t.documents.categories()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['Court filings', 'Motions']));
      const doc = await t.documents.register({
        caseId,
        categoryId: child.id,
        logicalPath: 'motions/m1.pdf',
        fileName: 'm1.pdf',
        fileSize: 1,
      });
      expect((await t.documents.list({ categoryId: child.id })).items.map((d) => d.id)).toEqual([doc.id]);
    });
  });

  it('per-document permissions: a granted document is restricted to its grantees (users or roles)', async () => {
    const docId = await db.withTenant(ctx, async (t) => {
      const doc = await t.documents.register({
        caseId,
        logicalPath: 'privileged/memo.pdf',
        fileName: 'memo.pdf',
        fileSize: 5,
      });
      // paralegal role may read before any grant
      return doc.id;
    });
    const asParalegal = { tenantId: firm.tenantId, userId: paralegal };
    expect((await db.withTenant(asParalegal, (t) => t.documents.get(docId))).id).toBe(docId);
    // a grant opens a document of a matter the grantee sees (the viewer: as a collaborator)
    const grant = await db.withTenant(ctx, async (t) => {
      await t.cases.addCollaborator(caseId, viewer, 'viewer');
      return t.documents.grant({ documentId: docId, userId: viewer, permission: 'read' });
    });
    // now restricted: to the paralegal (no grant, no manage_permissions) it does not exist, and it is not listed
    await expect(db.withTenant(asParalegal, (t) => t.documents.get(docId))).rejects.toBeInstanceOf(NotFoundError);
    expect(
      (await db.withTenant(asParalegal, (t) => t.documents.list({ caseId, limit: 100 }))).items.map((d) => d.id),
    ).not.toContain(docId);
    // the grantee reads it; the lawyer (manage_permissions) too
    expect((await db.withTenant({ tenantId: firm.tenantId, userId: viewer }, (t) => t.documents.get(docId))).id).toBe(
      docId,
    );
    expect((await db.withTenant(ctx, (t) => t.documents.permissions(docId))).map((p) => p.id)).toEqual([grant.id]);
    // a grant to the paralegal role lets the paralegal in again
    const roleId = (
      await query<{ id: string }>(
        database.url,
        "select id from legal.roles where tenant_id = $1 and name = 'paralegal'",
        [firm.tenantId],
      )
    )[0]?.id as string;
    await db.withTenant(ctx, (t) => t.documents.grant({ documentId: docId, roleId, permission: 'read' }));
    expect((await db.withTenant(asParalegal, (t) => t.documents.get(docId))).id).toBe(docId);
    // the paralegal still may not delete (no delete grant, and no documents.delete)
    await expect(db.withTenant(asParalegal, (t) => t.documents.delete(docId))).rejects.toBeInstanceOf(ForbiddenError);
    // only documents.manage_permissions may grant
    await expect(
      db.withTenant(asParalegal, (t) =>
        t.documents.grant({ documentId: docId, userId: paralegal, permission: 'delete' }),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', permission: 'documents.manage_permissions' });
    expect(await db.withTenant(ctx, (t) => t.documents.revoke(grant.id))).toBe(true);
    expect(await db.withTenant(ctx, (t) => t.documents.revoke(grant.id))).toBe(false);
  });

  it('a legal hold blocks delete and purge; lifting it allows both; restore undoes a delete', async () => {
    await db.withTenant(ctx, async (t) => {
      const doc = await t.documents.register({
        caseId,
        logicalPath: 'hold/ledger.xlsx',
        fileName: 'ledger.xlsx',
        fileSize: 9,
      });
      const held = await t.documents.placeHold(doc.id, 'Smith v. Jones litigation');
      expect(held).toMatchObject({
        legalHold: true,
        legalHoldReason: 'Smith v. Jones litigation',
        legalHoldSetBy: firm.userId,
      });
    });
    const docId = (
      await query<{ id: string }>(database.url, "select id from legal.documents where file_name = 'ledger.xlsx'")
    )[0]?.id as string;
    const del = await db.withTenant(ctx, (t) => t.documents.delete(docId)).catch((e: unknown) => e);
    expect(del).toBeInstanceOf(ForbiddenError);
    expect(del).toBeInstanceOf(LegalHoldError);
    expect(del).toMatchObject({ code: 'FORBIDDEN', name: 'LegalHoldError' });
    expect((del as Error).message).toMatch(/legal hold/);
    // purge of a held document that was (somehow) already soft-deleted is refused by the database too
    await query(database.url, 'update legal.documents set legal_hold = false where id = $1', [docId]);
    await query(database.url, 'update legal.documents set deleted_at = now() where id = $1', [docId]);
    await query(
      database.url,
      "update legal.documents set legal_hold = true, legal_hold_reason = 'again' where id = $1",
      [docId],
    );
    await expect(db.withTenant(ctx, (t) => t.documents.purge(docId))).rejects.toBeInstanceOf(LegalHoldError);
    expect((await query(database.url, 'select 1 from legal.documents where id = $1', [docId])).length).toBe(1);
    // lifted: restore, delete, purge all work
    await db.withTenant(ctx, async (t) => {
      expect((await t.documents.releaseHold(docId)).legalHold).toBe(false);
      expect((await t.documents.restore(docId)).deletedAt).toBeNull();
      await expect(t.documents.purge(docId)).rejects.toBeInstanceOf(ValidationError); // not deleted yet
      expect((await t.documents.delete(docId)).deletedBy).toBe(firm.userId);
      expect((await t.documents.list({ deleted: true, limit: 100 })).items.map((d) => d.id)).toContain(docId);
      await t.documents.purge(docId);
    });
    expect(await query(database.url, 'select 1 from legal.documents where id = $1', [docId])).toEqual([]);
    expect(await query(database.url, 'select 1 from legal.document_versions where document_id = $1', [docId])).toEqual(
      [],
    );
  });

  it('full-text search finds a stemmed word of the extracted text and ranks the better match first', async () => {
    await db.withTenant(ctx, async (t) => {
      const once = await t.documents.register({ caseId, logicalPath: 'fts/one.pdf', fileName: 'one.pdf', fileSize: 1 });
      const often = await t.documents.register({
        caseId,
        logicalPath: 'fts/two.pdf',
        fileName: 'two.pdf',
        fileSize: 1,
      });
      await t.documents.register({ caseId, logicalPath: 'fts/none.pdf', fileName: 'none.pdf', fileSize: 1 });
      await t.documents.setExtractedText(
        once.id,
        'The tenant paid rent late in March. Unrelated clauses follow about parking.',
      );
      await t.documents.setExtractedText(
        often.id,
        'Indemnified parties: the supplier indemnifies the buyer; indemnification survives termination; indemnity capped.',
      );
      await t.documents.setExtractedText(
        once.id,
        'The supplier shall indemnify the buyer once. Parking clauses follow.',
      );
      const hits = await t.documents.search('indemnifying', { caseId });
      expect(hits.map((h) => h.document.id)).toEqual([often.id, once.id]);
      expect(hits[0]?.rank).toBeGreaterThan(hits[1]?.rank ?? 1);
      expect(hits[0]?.headline).toMatch(/<b>indemnif/i);
      // file names: trigram similarity tolerates a typo
      const named = await t.documents.searchFileNames('suply.docx');
      expect(named[0]?.document.fileName).toBe('supply.docx');
    });
  });

  it('markViewed and markDownloaded write read and download audit events', async () => {
    const docId = await db.withTenant(ctx, async (t) => {
      const doc = await t.documents.register({
        caseId,
        logicalPath: 'audit/seen.pdf',
        fileName: 'seen.pdf',
        fileSize: 1,
      });
      await t.documents.markViewed(doc.id);
      await t.documents.markDownloaded(doc.id);
      return doc.id;
    });
    const events = await query<{ action: string; actor_id: string; case_id: string }>(
      database.url,
      `select action, actor_id, case_id from legal.audit_log where document_id = $1 and action in ('read', 'download') order by seq`,
      [docId],
    );
    expect(events).toEqual([
      { action: 'read', actor_id: firm.userId, case_id: caseId },
      { action: 'download', actor_id: firm.userId, case_id: caseId },
    ]);
  });

  it("never sees another firm's documents", async () => {
    const theirs = await db.withTenant({ tenantId: other.tenantId, userId: other.userId }, async (t) => {
      const c = await t.cases.create({ title: 'Other firm matter' });
      const d = await t.documents.register({
        caseId: c.id,
        logicalPath: 'x.pdf',
        fileName: 'secret-other.pdf',
        fileSize: 1,
      });
      await t.documents.setExtractedText(d.id, 'indemnification of the other firm');
      return d;
    });
    await db.withTenant(ctx, async (t) => {
      await expect(t.documents.get(theirs.id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await t.documents.search('indemnification')).map((h) => h.document.id)).not.toContain(theirs.id);
      expect((await t.documents.searchFileNames('secret-other.pdf')).map((h) => h.document.id)).not.toContain(
        theirs.id,
      );
    });
  });
});

describe('chunks', () => {
  it('stores chunks in one statement, checks the dimension, and finds the nearest by cosine similarity', async () => {
    await db.withTenant(ctx, async (t) => {
      const doc = await t.documents.register({
        caseId,
        logicalPath: 'ai/brief.pdf',
        fileName: 'brief.pdf',
        fileSize: 1,
      });
      const n = await t.chunks.replace({
        documentId: doc.id,
        model: 'mini-3',
        chunks: [
          { text: 'about limitation periods', startChar: 0, endChar: 24, embedding: [1, 0, 0] },
          { text: 'about damages', startChar: 25, endChar: 38, embedding: [0, 1, 0] },
          { text: 'about both', startChar: 39, endChar: 49, embedding: [0.7, 0.7, 0] },
        ],
      });
      expect(n).toBe(3);
      expect((await t.documents.get(doc.id)).totalChunks).toBe(3);
      expect((await t.chunks.list(doc.id)).map((c) => c.chunkIndex)).toEqual([0, 1, 2]);
      const hits = await t.chunks.nearest([0.9, 0.1, 0], 2, { model: 'mini-3', caseId });
      expect(hits.map((h) => h.chunk.text)).toEqual(['about limitation periods', 'about both']);
      expect(hits[0]?.similarity).toBeCloseTo(0.9939, 3);
      const wrong = await t.chunks
        .replace({
          documentId: doc.id,
          model: 'mini-3',
          chunks: [{ text: 'x', startChar: 0, endChar: 1, embedding: [1, 2] }],
        })
        .catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(ValidationError);
      expect((wrong as ValidationError).issues[0]?.message).toMatch(/3 dimensions, got 2/);
      await expect(t.chunks.nearest([1, 0], 1, { model: 'mini-3' })).rejects.toBeInstanceOf(ValidationError);
      // nothing of the failed replace was written
      expect((await t.chunks.list(doc.id)).length).toBe(3);
    });
  });

  it('an unconfigured model is fixed by its first stored chunk', async () => {
    await db.withTenant(ctx, async (t) => {
      const doc = await t.documents.register({
        caseId,
        logicalPath: 'ai/other.pdf',
        fileName: 'other.pdf',
        fileSize: 1,
      });
      await t.chunks.replace({
        documentId: doc.id,
        model: 'free-2',
        chunks: [{ text: 'a', startChar: 0, endChar: 1, embedding: [1, 0] }],
      });
      const error = await t.chunks
        .replace({
          documentId: doc.id,
          model: 'free-2',
          chunks: [{ text: 'b', startChar: 0, endChar: 1, embedding: [1, 0, 0, 0] }],
        })
        .catch((e: unknown) => e);
      expect((error as ValidationError).issues[0]?.message).toMatch(/free-2 has 2 dimensions, got 4/);
    });
  });
});
