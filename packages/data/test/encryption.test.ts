import { query } from '@legal/testing';
import { describe, expect, it } from 'vitest';
import { createLegalDb, DecryptionError, EncryptionNotConfiguredError } from '../src/index.js';
import { testKeys } from './support/keys.js';
import { appLogin, createFirm, legalDatabase } from './support/legal-database.js';

const database = await legalDatabase();
const login = await appLogin(database);
const keys = testKeys();
const withKeys = (ring: Record<string, string>, activeKeyId: string) =>
  createLegalDb({
    contextKey: database.contextKey,
    connectionString: login,
    encryption: { keys: ring, activeKeyId, blindIndexKey: keys.blindIndexKey },
  });
const firmA = await createFirm(database.url, 'enc-a');
const firmB = await createFirm(database.url, 'enc-b');
const ctxA = { tenantId: firmA.tenantId, userId: firmA.userId };
const ctxB = { tenantId: firmB.tenantId, userId: firmB.userId };

/** Every plaintext this file encrypts; none may appear in any table or the audit log. */
const PLAINTEXTS = {
  taxId: 'TX-99-8877-66',
  nationalId: 'AB123456C',
  dateOfBirth: '1971-02-03',
  notes: 'Client admitted the backdated invoice privately',
  body: 'Settlement floor is 180k, do not disclose',
  updatedNotes: 'Second privileged note about the offshore account',
};

describe('field encryption', () => {
  it('encrypts on write, decrypts on read, finds by tax id through the blind index', async () => {
    await using db = withKeys({ k1: keys.k1 }, 'k1');
    const client = await db.withTenant(ctxA, (t) =>
      t.clients.create({
        name: 'Jane Smith',
        taxId: PLAINTEXTS.taxId,
        nationalId: PLAINTEXTS.nationalId,
        dateOfBirth: PLAINTEXTS.dateOfBirth,
        notes: PLAINTEXTS.notes,
      }),
    );
    expect(client).toMatchObject({
      ...{ taxId: PLAINTEXTS.taxId, nationalId: PLAINTEXTS.nationalId },
      encryptionKeyId: 'k1',
    });
    expect(client.dateOfBirth).toBe(PLAINTEXTS.dateOfBirth);
    await db.withTenant(ctxA, async (t) => {
      expect((await t.clients.get(client.id)).notes).toBe(PLAINTEXTS.notes);
      // normalised lookup: spacing, dashes and case do not matter
      expect((await t.clients.findByTaxId('tx 9988 7766'))?.id).toBe(client.id);
      expect((await t.clients.findByNationalId('ab 12 34 56 c'))?.id).toBe(client.id);
      expect(await t.clients.findByTaxId('TX-00-0000-00')).toBeUndefined();
      const updated = await t.clients.update(client.id, { notes: PLAINTEXTS.updatedNotes });
      expect(updated.notes).toBe(PLAINTEXTS.updatedNotes);
      expect(updated.taxId).toBe(PLAINTEXTS.taxId);
      await t.communications.create({
        clientId: client.id,
        kind: 'email',
        direction: 'inbound',
        body: PLAINTEXTS.body,
      });
    });
    // the same tax id in another firm has another blind index: firm B cannot find firm A's client
    await db.withTenant(ctxB, async (t) => {
      expect(await t.clients.findByTaxId(PLAINTEXTS.taxId)).toBeUndefined();
      await t.clients.create({ name: 'Other', taxId: PLAINTEXTS.taxId });
    });
    const [a, b] = await query<{ tax_id_bidx: string }>(
      database.url,
      'select tax_id_bidx from legal.clients where tax_id_bidx is not null order by tenant_id = $1 desc',
      [firmA.tenantId],
    );
    expect(a?.tax_id_bidx).toMatch(/^[0-9a-f]{64}$/);
    expect(a?.tax_id_bidx).not.toBe(b?.tax_id_bidx);
  });

  it('a flipped byte, a ciphertext moved to another row, and an unknown key all throw DecryptionError', async () => {
    await using db = withKeys({ k1: keys.k1 }, 'k1');
    const [one, two] = await db.withTenant(ctxA, async (t) => [
      await t.clients.create({ name: 'Flip One', notes: 'first secret' }),
      await t.clients.create({ name: 'Flip Two', notes: 'second secret' }),
    ]);
    if (!one || !two) throw new Error('unreachable');
    // flip the last byte of one's ciphertext
    await query(
      database.url,
      `update legal.clients set notes_encrypted = overlay(notes_encrypted placing set_byte('\\x00'::bytea, 0, get_byte(notes_encrypted, length(notes_encrypted) - 1) # 1) from length(notes_encrypted)) where id = $1`,
      [one.id],
    );
    const flipped = await db.withTenant(ctxA, (t) => t.clients.get(one.id)).catch((e: unknown) => e);
    expect(flipped).toBeInstanceOf(DecryptionError);
    expect(flipped).toMatchObject({ code: 'DECRYPTION', field: 'clients.notes', keyId: 'k1' });
    expect((flipped as Error).message).not.toContain('secret');
    // copy two's (valid) ciphertext into one: bound to two's row, it does not open in one
    await query(
      database.url,
      'update legal.clients set notes_encrypted = (select notes_encrypted from legal.clients where id = $2) where id = $1',
      [one.id, two.id],
    );
    await expect(db.withTenant(ctxA, (t) => t.clients.get(one.id))).rejects.toBeInstanceOf(DecryptionError);
    // a ring without k1 cannot open two
    await using other = withKeys({ k2: keys.k2 }, 'k2');
    const unknown = await other.withTenant(ctxA, (t) => t.clients.get(two.id)).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'DECRYPTION', keyId: 'k1' });
    // no keys at all: a clear configuration error
    await using none = createLegalDb({ contextKey: database.contextKey, connectionString: login });
    await expect(none.withTenant(ctxA, (t) => t.clients.get(two.id))).rejects.toBeInstanceOf(
      EncryptionNotConfiguredError,
    );
    await query(database.url, 'delete from legal.clients where id = any($1)', [[one.id, two.id]]);
  });

  it('rotateKeys re-encrypts everything under the new key; the old key can then be removed', async () => {
    await using before = withKeys({ k1: keys.k1 }, 'k1');
    const ids = await before.withTenant(ctxA, async (t) => {
      const created = [];
      for (let i = 0; i < 7; i++)
        created.push(
          (await t.clients.create({ name: `Rotate ${i}`, taxId: `ROT-${1000 + i}`, notes: `note ${i}` })).id,
        );
      return created;
    });
    // rotation works across tenants: the app login (legal_app only) is refused, a platform login runs it
    await using appRotating = withKeys({ k1: keys.k1, k2: keys.k2 }, 'k2');
    await expect(appRotating.rotateKeys()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await using rotating = createLegalDb({
      contextKey: database.contextKey,
      connectionString: database.url,
      encryption: { keys: { k1: keys.k1, k2: keys.k2 }, activeKeyId: 'k2', blindIndexKey: keys.blindIndexKey },
    });
    const result = await rotating.rotateKeys({ batchSize: 3 });
    // every client of both firms that had an encrypted field, and the one communication
    const [{ n } = { n: 0 }] = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from legal.clients where num_nonnulls(notes_encrypted, tax_id_encrypted, national_id_encrypted, date_of_birth_encrypted) > 0',
    );
    expect(result).toEqual({ clients: n, communications: 1 });
    expect(await rotating.rotateKeys()).toEqual({ clients: 0, communications: 0 }); // idempotent
    const keyIds = await query<{ encryption_key_id: string }>(
      database.url,
      'select distinct encryption_key_id from legal.clients where encryption_key_id is not null union select distinct encryption_key_id from legal.communications where encryption_key_id is not null',
    );
    expect(keyIds).toEqual([{ encryption_key_id: 'k2' }]);
    // only k2 now: everything still decrypts, and the blind index still finds
    await using after = withKeys({ k2: keys.k2 }, 'k2');
    await after.withTenant(ctxA, async (t) => {
      for (const [i, id] of ids.entries()) {
        expect(await t.clients.get(id)).toMatchObject({ taxId: `ROT-${1000 + i}`, notes: `note ${i}` });
      }
      expect((await t.clients.findByTaxId(PLAINTEXTS.taxId))?.notes).toBe(PLAINTEXTS.updatedNotes);
      expect((await t.communications.list()).items.map((c) => c.body)).toEqual([PLAINTEXTS.body]);
      expect((await t.clients.list({ limit: 100 })).items.length).toBeGreaterThanOrEqual(8);
    });
    // each batch was an audited system transaction
    const [uses] = await query<{ n: number }>(
      database.url,
      "select count(*)::int as n from legal.audit_log where action = 'system_access' and reason = 'rotate field encryption keys'",
    );
    expect(uses?.n).toBeGreaterThanOrEqual(4);
  });

  it('no plaintext of an encrypted field is anywhere in the database: tables or audit log', async () => {
    const tables = await query<{ relname: string }>(
      database.url,
      "select c.relname from pg_class c where c.relnamespace = 'legal'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition",
    );
    for (const [what, plaintext] of Object.entries(PLAINTEXTS)) {
      for (const { relname } of tables) {
        const [hit] = await query<{ n: number }>(
          database.url,
          `select count(*)::int as n from legal.${relname} t where strpos(t::text, $1) > 0`,
          [plaintext],
        );
        expect(hit?.n, `${what} in legal.${relname}`).toBe(0);
      }
    }
    // and the audit log did record the client rows (redacted), so the scan looked at real rows
    const [redacted] = await query<{ n: number }>(
      database.url,
      `select count(*)::int as n from legal.audit_log where table_name = 'clients' and row_data->>'notes_encrypted' = '[redacted]'`,
    );
    expect(redacted?.n).toBeGreaterThan(0);
    const [bidx] = await query<{ n: number }>(
      database.url,
      `select count(*)::int as n from legal.audit_log where table_name = 'clients' and row_data->>'tax_id_bidx' = '[redacted]'`,
    );
    expect(bidx?.n).toBeGreaterThan(0);
  });

  it('rejects bad key rings at createLegalDb', () => {
    expect(() => withKeys({ k1: 'c2hvcnQ=' }, 'k1')).toThrow(/32 bytes/);
    expect(() => withKeys({ k1: keys.k1 }, 'k9')).toThrow(/not one of the keys/);
    expect(() => withKeys({ 'bad id!': keys.k1 }, 'bad id!')).toThrow(/key id/);
  });
});
