import { z } from 'zod';
import { id, printable } from './common.js';

export const eraseClientSchema = z.strictObject({
  clientId: id,
  /** Why (the request's reference, the legal basis): kept with the erasure and in its audit entry. */
  reason: printable(2000).refine((r) => r.trim().length > 0, 'must not be empty'),
});
export type EraseClientInput = z.input<typeof eraseClientSchema>;
