import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { NO_TRANSACTION_MARKER } from '../migrator/migration-files.js';
import type { AcceptedLintFinding, LintFinding } from './lint-finding.js';
import { lintOwnRules } from './own-rules.js';
import { runSquawk } from './run-squawk.js';

/** The accepted-exceptions file looked for in a migrations folder. */
export const ACCEPTED_FILE = 'lint-accepted.json';

/** Options of {@link lintMigrations}. */
export interface LintOptions {
  /** Folder of `NNNN_slug.up.sql` files: every `*.up.sql` in it is linted. */
  dir?: string;
  /** Files to lint instead of (or besides) a folder. */
  files?: readonly string[];
  /** Accepted exceptions. Default: `<dir>/lint-accepted.json` when it exists, else none. */
  accepted?: readonly AcceptedLintFinding[];
  /** PostgreSQL version squawk assumes. Default: `'15.0'`. */
  pgVersion?: string;
  /** Run squawk's rules too. Default: `true` (skipped, and said so, where squawk is not installed). */
  squawk?: boolean;
}

/** What {@link lintMigrations} found. */
export interface LintResult {
  files: string[];
  findings: LintFinding[];
  /** Whether squawk ran, and why not. */
  squawk: { ran: boolean; reason?: string };
}

/**
 * Lints migration files with squawk's rules and ours (tenant tables through the isolation
 * helper, no hand-written policies or table grants, SECURITY DEFINER with a fixed
 * search_path, no self-calling SQL-standard body). Findings listed as accepted are marked,
 * not dropped.
 *
 * @example
 * ```ts
 * const { findings } = await lintMigrations({ dir: './migrations' });
 * const fresh = findings.filter((f) => !f.accepted);
 * ```
 */
export async function lintMigrations(options: LintOptions): Promise<LintResult> {
  const files = [...(options.files ?? [])];
  if (options.dir) {
    const entries = (await readdir(options.dir)).filter((e) => e.endsWith('.up.sql')).sort();
    files.push(...entries.map((e) => join(options.dir as string, e)));
  }
  const accepted =
    options.accepted ??
    (options.dir
      ? ((await readFile(join(options.dir, ACCEPTED_FILE), 'utf8')
          .then((text) => JSON.parse(text) as AcceptedLintFinding[])
          .catch(() => [])) as AcceptedLintFinding[])
      : []);
  const found: Omit<LintFinding, 'accepted'>[] = [];
  const inTransaction: string[] = [];
  const outside: string[] = [];
  for (const file of files) {
    const sql = await readFile(file, 'utf8');
    (sql.includes(NO_TRANSACTION_MARKER) ? outside : inTransaction).push(file);
    for (const f of lintOwnRules(sql)) found.push({ ...f, file, source: 'legal' });
  }
  let squawk: LintResult['squawk'] = { ran: false, reason: 'turned off' };
  if (options.squawk ?? true) {
    try {
      const pgVersion = options.pgVersion ?? '15.0';
      found.push(...(await runSquawk(inTransaction, { inTransaction: true, pgVersion })));
      found.push(...(await runSquawk(outside, { inTransaction: false, pgVersion })));
      squawk = { ran: true };
    } catch (error) {
      squawk = { ran: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  const key = (f: { file: string; line: number; rule: string }) => `${basename(f.file)}:${f.line}:${f.rule}`;
  const acceptedKeys = new Set(accepted.map(key));
  const findings = found
    .map((f) => ({ ...f, file: relative(process.cwd(), f.file) || f.file, accepted: acceptedKeys.has(key(f)) }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  return { files, findings, squawk };
}
