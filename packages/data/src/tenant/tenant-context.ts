import { z } from 'zod';
import { printable } from '../schemas/common.js';

const requestId = z.string().regex(/^[A-Za-z0-9._:/+=-]{1,128}$/, 'must be 1-128 of A-Z a-z 0-9 . _ : / + = -');

/** The context of a `withTenant` transaction, validated before any SQL is sent. */
export const tenantContextSchema = z.strictObject({
  /** The tenant (firm) the transaction acts for. */
  tenantId: z.uuid(),
  /** The acting user: recorded as the actor of every audit row. */
  userId: z.uuid(),
  /** The client's IP address, for the audit trail. */
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  /** The client's user agent, for the audit trail. */
  userAgent: printable(512).optional(),
  /** Your request id, to correlate audit rows with logs: letters, digits and `._:/+=-`. */
  requestId: requestId.optional(),
  /** Why (WHY of the audit trail), e.g. "court order 2026-114". */
  reason: printable(500).optional(),
  /**
   * The scopes of the API token the request came with (`resolveAccessToken` fills them in):
   * the unit can then do no more than both the user's permissions and these allow.
   */
  scopes: z
    .array(z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'must be a permission code'))
    .max(100)
    .optional(),
});

export type TenantContext = z.infer<typeof tenantContextSchema>;

/** The context of an `asSystem` transaction: only a reason, which is audited. */
export const systemContextSchema = z.strictObject({
  reason: printable(500).refine((s) => s.trim().length > 0, 'must not be empty'),
  requestId: requestId.optional(),
});

export type SystemContext = z.infer<typeof systemContextSchema>;
