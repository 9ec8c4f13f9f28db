import { z } from 'zod';

/** Options of one `withTenant` / `asSystem` unit, validated before anything is sent. */
export const transactionOptionsSchema = z.strictObject({
  /** Default: `read committed`. Another level opens the transaction with an explicit BEGIN and always waits for its COMMIT. */
  isolationLevel: z.enum(['read committed', 'repeatable read', 'serializable']).optional(),
  /** Start the transaction READ ONLY. Default: `false`. */
  readOnly: z.boolean().optional(),
  /**
   * How many times to run `fn` again after a serialization failure or a deadlock (40001 /
   * 40P01), with exponential backoff. `fn` must then be safe to re-run. Default: 0.
   */
  retries: z.number().int().min(0).max(10).optional(),
  /** `statement_timeout` of this unit, in milliseconds (0: none). Default: createLegalDb's `statementTimeoutMs`. */
  statementTimeoutMs: z.number().int().min(0).max(86_400_000).optional(),
  /** `lock_timeout` of this unit, in milliseconds (0: none). Default: createLegalDb's `lockTimeoutMs`. */
  lockTimeoutMs: z.number().int().min(0).max(86_400_000).optional(),
});

/** Options of one `withTenant` / `asSystem` unit. */
export type TransactionOptions = z.infer<typeof transactionOptionsSchema>;
