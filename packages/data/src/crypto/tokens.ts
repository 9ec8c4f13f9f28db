import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of a secret, hex: the only form of a token that is stored. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export type TokenKind = 'session' | 'access' | 'reset';
const PREFIX: Record<TokenKind, string> = { session: 'lgs', access: 'lga', reset: 'lgr' };

/**
 * A new secret token `<prefix>_<tenant id, 32 hex>_<32 random bytes, base64url>`. The tenant id
 * lets the SDK find the row under that tenant's RLS; only the random part is secret, and only
 * its hash is stored.
 */
export function newToken(kind: TokenKind, tenantId: string): { token: string; hash: string; prefix: string } {
  const token = `${PREFIX[kind]}_${tenantId.replaceAll('-', '')}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: sha256Hex(token), prefix: token.slice(0, 12) };
}

/** The tenant of a token, or undefined when it is not a token of this kind. */
export function tenantOfToken(kind: TokenKind, token: string): string | undefined {
  const match = new RegExp(`^${PREFIX[kind]}_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$`).exec(token);
  const hex = match?.[1];
  return hex
    ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    : undefined;
}
