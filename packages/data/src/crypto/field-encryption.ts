import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { EncryptionOptions } from '../database/options.js';
import { DecryptionError, EncryptionNotConfiguredError } from '../errors/legal-error.js';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Where a ciphertext belongs; bound into it as AES-GCM additional data, so it cannot be moved. */
export interface FieldAddress {
  tenantId: string;
  /** `table.column`, e.g. `clients.tax_id`. */
  field: string;
  rowId: string;
}

/** The key ring of one `createLegalDb`: encrypts with the active key, decrypts with any. */
export interface FieldCipher {
  readonly activeKeyId: string;
  encrypt(plaintext: string, at: FieldAddress): Buffer;
  decrypt(ciphertext: Uint8Array, at: FieldAddress): string;
  /** The key id a ciphertext names (without decrypting it). */
  keyIdOf(ciphertext: Uint8Array): string | undefined;
  /** HMAC-SHA256 of a normalised identifier, per tenant and field: equal values, equal index. */
  blindIndex(value: string, tenantId: string, field: string): string;
}

function toKey(value: string | Uint8Array, what: string): Buffer {
  const key = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(value);
  if (key.length !== 32) throw new TypeError(`${what} must be 32 bytes (base64 or bytes), got ${key.length}`);
  return key;
}

const aad = (at: FieldAddress) => Buffer.from(`legal:v1:${at.tenantId}:${at.field}:${at.rowId}`, 'utf8');

/**
 * Builds the cipher from `EncryptionOptions` (validated here, at createLegalDb time).
 * Ciphertext layout: version (1 byte) · key id length (1) · key id · IV (12) · tag (16) · data.
 */
export function createFieldCipher(options: EncryptionOptions): FieldCipher {
  const keys = new Map<string, Buffer>();
  for (const [id, value] of Object.entries(options.keys)) {
    if (!KEY_ID.test(id)) throw new TypeError(`encryption key id "${id}" must be 1-64 of A-Z a-z 0-9 . _ -`);
    keys.set(id, toKey(value, `encryption key "${id}"`));
  }
  const active = keys.get(options.activeKeyId);
  if (!active) throw new TypeError(`encryption.activeKeyId "${options.activeKeyId}" is not one of the keys`);
  const indexKey = toKey(options.blindIndexKey, 'encryption.blindIndexKey');

  function parse(ciphertext: Uint8Array, field: string) {
    const bytes = Buffer.from(ciphertext);
    const idLength = bytes[1] ?? 0;
    const headerEnd = 2 + idLength + IV_BYTES + TAG_BYTES;
    if (bytes[0] !== VERSION || idLength === 0 || bytes.length < headerEnd) throw new DecryptionError(field, undefined);
    const keyId = bytes.subarray(2, 2 + idLength).toString('utf8');
    return {
      keyId,
      iv: bytes.subarray(2 + idLength, 2 + idLength + IV_BYTES),
      tag: bytes.subarray(2 + idLength + IV_BYTES, headerEnd),
      data: bytes.subarray(headerEnd),
    };
  }

  return {
    activeKeyId: options.activeKeyId,
    encrypt(plaintext, at) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', active, iv);
      cipher.setAAD(aad(at));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const id = Buffer.from(options.activeKeyId, 'utf8');
      return Buffer.concat([Buffer.from([VERSION, id.length]), id, iv, cipher.getAuthTag(), data]);
    },
    decrypt(ciphertext, at) {
      const { keyId, iv, tag, data } = parse(ciphertext, at.field);
      const key = keys.get(keyId);
      if (!key) throw new DecryptionError(at.field, keyId);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(aad(at));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new DecryptionError(at.field, keyId, { cause: error });
      }
    },
    keyIdOf(ciphertext) {
      try {
        return parse(ciphertext, '').keyId;
      } catch {
        return undefined;
      }
    },
    blindIndex(value, tenantId, field) {
      const normalised = value
        .normalize('NFKC')
        .replace(/[\s.-]/g, '')
        .toUpperCase();
      return createHmac('sha256', indexKey).update(`${tenantId}:${field}:${normalised}`).digest('hex');
    },
  };
}

/** The cipher of a repository; throws EncryptionNotConfiguredError when there are no keys. */
export function requireCipher(cipher: FieldCipher | undefined, field: string): FieldCipher {
  if (!cipher) throw new EncryptionNotConfiguredError(field);
  return cipher;
}
