import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LintFinding } from './lint-finding.js';

/**
 * Squawk rules left out: the migration runner sets `lock_timeout` and `statement_timeout`
 * for every migration (overridable with a header), so a file need not.
 */
export const SQUAWK_EXCLUDED = ['require-lock-timeout', 'require-statement-timeout'] as const;

interface SquawkViolation {
  file: string;
  line: number;
  level: string;
  message: string;
  help: string | null;
  rule_name: string;
}

/** The squawk binary of the `squawk-cli` package, or `undefined` when it is not installed for this platform. */
export function squawkBinary(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('squawk-cli/package.json')), 'js', 'bin', 'squawk');
  } catch {
    return undefined;
  }
}

/**
 * Runs squawk over files, as PostgreSQL `pgVersion`; `inTransaction` says whether the runner
 * wraps them in a transaction (it does, except for `-- legal:no-transaction` files).
 */
export function runSquawk(
  files: readonly string[],
  options: { inTransaction: boolean; pgVersion: string },
): Promise<Omit<LintFinding, 'accepted'>[]> {
  const entry = squawkBinary();
  if (files.length === 0) return Promise.resolve([]);
  if (!entry) return Promise.reject(new Error('the squawk-cli package is not installed'));
  const args = [
    entry,
    '--reporter=json',
    `--pg-version=${options.pgVersion}`,
    `--exclude=${SQUAWK_EXCLUDED.join(',')}`,
    ...(options.inTransaction ? ['--assume-in-transaction'] : []),
    ...files,
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const text = stdout.trim();
      if (!text.startsWith('[')) {
        reject(new Error(`squawk failed: ${(stderr || error?.message || text).trim().slice(0, 500)}`));
        return;
      }
      const violations = JSON.parse(text) as SquawkViolation[];
      resolve(
        violations.map((v) => ({
          file: v.file,
          line: v.line + 1,
          rule: v.rule_name,
          source: 'squawk' as const,
          message: v.help ? `${v.message} ${v.help}` : v.message,
        })),
      );
    });
  });
}
