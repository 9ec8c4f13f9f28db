import { createHmac } from 'node:crypto';

/** The firm-wide context key: signs the tickets that open units (see docs/access.md). */
export interface ContextSigner {
  /** `<body>.<hex HMAC-SHA256 of body>`: what the database's legal.verify_ticket / enter_unit accept. */
  ticket(payload: object): string;
}

/**
 * Reads the context key (32 bytes, as 64 hex digits, base64, or bytes) and returns a signer.
 * Throws TypeError for anything else, so a misconfiguration fails at createLegalDb.
 */
export function contextSigner(key: string | Uint8Array): ContextSigner {
  const bytes =
    typeof key === 'string'
      ? /^[0-9a-fA-F]{64}$/.test(key)
        ? Buffer.from(key, 'hex')
        : Buffer.from(key, 'base64')
      : Buffer.from(key);
  if (bytes.length !== 32) {
    throw new TypeError(
      'createLegalDb: contextKey must be the 32-byte context key of the database (64 hex digits or base64; print it with `legal-schema context-key`)',
    );
  }
  return {
    ticket(payload) {
      const body = JSON.stringify(payload);
      return `${body}.${createHmac('sha256', bytes).update(body, 'utf8').digest('hex')}`;
    },
  };
}
