import { contextSigner } from '@legal/data';
import { readContextKey } from '@legal/schema';
import type pg from 'pg';

const signers = new Map<string, ReturnType<typeof contextSigner>>();
const keysByUrl = new Map<string, Promise<string>>();

/** Options of {@link openUnit}. */
export interface OpenUnitOptions {
  tenantId: string;
  userId: string;
  /** A token's scopes, to narrow the user's permissions. Default: none (the user's own). */
  scopes?: readonly string[];
  /** The database's context key. Default: read once through `url` (a superuser or owner connection). */
  contextKey?: string;
  /** Where to read the context key when it is not given. */
  url?: string;
  /** What the audit trail records of the request (as `withTenant`'s context carries it). Default: none. */
  ip?: string;
  userAgent?: string;
  requestId?: string;
  reason?: string;
}

/**
 * Opens a unit's context on a raw connection, exactly as withTenant does: a ticket signed
 * with the context key, verified by `legal.enter_unit`. The connection must be in a
 * transaction, as the application role. For tests that attack the schema with raw SQL.
 *
 * @example
 * ```ts
 * await client.query('begin; set local role legal_app');
 * await openUnit(client, { tenantId, userId, url: db.url });
 * await client.query('select count(*) from legal.cases'); // what that user may see
 * ```
 */
export async function openUnit(client: pg.ClientBase, options: OpenUnitOptions): Promise<void> {
  const key =
    options.contextKey ??
    (options.url ? await keyOf(options.url) : undefined) ??
    (() => {
      throw new Error('openUnit needs contextKey or url');
    })();
  let signer = signers.get(key);
  if (!signer) {
    signer = contextSigner(key);
    signers.set(key, signer);
  }
  await client.query('select legal.enter_unit($1)', [
    signer.ticket({
      t: options.tenantId,
      u: options.userId,
      s: options.scopes ?? null,
      g: null,
      ...(options.ip || options.userAgent || options.requestId || options.reason
        ? {
            o: {
              ip: options.ip ?? null,
              ua: options.userAgent ?? null,
              rq: options.requestId ?? null,
              why: options.reason ?? null,
            },
          }
        : {}),
      at: Date.now(),
    }),
  ]);
}

function keyOf(url: string): Promise<string> {
  let key = keysByUrl.get(url);
  if (!key) {
    key = readContextKey(url);
    keysByUrl.set(url, key);
    key.catch(() => keysByUrl.delete(url));
  }
  return key;
}
