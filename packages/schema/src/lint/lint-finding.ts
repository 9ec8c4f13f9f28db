/** The rules `legal-schema lint` adds to squawk's: what no generic linter knows about this schema. */
export type OwnLintRule =
  | 'tenant-table-without-isolation'
  | 'policy-outside-helper'
  | 'grant-outside-helper'
  | 'security-definer-without-search-path'
  | 'recursive-sql-body'
  | 'atomic-body';

/** One problem in a migration file. `rule` is one of ours or a squawk rule name. */
export interface LintFinding {
  file: string;
  line: number;
  rule: OwnLintRule | (string & {});
  /** `legal` for our rules, `squawk` for squawk's. */
  source: 'legal' | 'squawk';
  message: string;
  /** True when the finding is listed in the accepted-exceptions file. */
  accepted: boolean;
}

/** An accepted exception: a finding in a shipped, already-applied file that is never edited. */
export interface AcceptedLintFinding {
  file: string;
  line: number;
  rule: string;
}
