import { createHmac } from 'node:crypto';

/** The firm-wide context key: signs the tickets that open units (see docs/access.md). */
export interface ContextSigner {
  /** `<body>.<hex HMAC-SHA256 of body>`: what the database's legal.verify_ticket / enter_unit accept. */
  ticket(payload: object): string;
  /**
   * A ticket for `payload` plus its issue time `at` (epoch ms): the same as
   * `ticket({ ...payload, at: Date.now() })`, but a ticket for the same payload issued less
   * than `reuseMs` ago is returned again instead of signing a new one (a busy firm's units
   * carry the same context over and over). Default reuse: 1000 ms.
   */
  timedTicket(payload: object, reuseMs?: number): string;
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
  const sign = (body: string) => `${body}.${createHmac('sha256', bytes).update(body, 'utf8').digest('hex')}`;
  const recent = new Map<string, { at: number; ticket: string }>();
  return {
    ticket(payload) {
      return sign(JSON.stringify(payload));
    },
    timedTicket(payload, reuseMs = 1000) {
      const key = JSON.stringify(payload);
      const now = Date.now();
      const found = recent.get(key);
      if (found && now - found.at < reuseMs && now >= found.at) return found.ticket;
      // `at` last: the body is the payload's JSON with one more member
      const ticket = sign(`${key.slice(0, -1)}${key.length > 2 ? ',' : ''}"at":${now}}`);
      if (recent.size >= 1000) recent.clear();
      recent.set(key, { at: now, ticket });
      return ticket;
    },
  };
}
