/** Options of one `withTenant` / `asSystem` transaction. */
export interface TransactionOptions {
  /** Default: `read committed`. */
  isolationLevel?: 'read committed' | 'repeatable read' | 'serializable';
  /** Start the transaction READ ONLY. Default: `false`. */
  readOnly?: boolean;
  /**
   * How many times to run `fn` again after a serialization failure or deadlock
   * (40001 / 40P01), with exponential backoff. `fn` must then be safe to re-run. Default: 0.
   */
  retries?: number;
}
