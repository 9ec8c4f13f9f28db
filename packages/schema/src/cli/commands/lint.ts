import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AcceptedLintFinding } from '../../lint/lint-finding.js';
import { ACCEPTED_FILE, lintMigrations } from '../../lint/lint-migrations.js';
import { migrationsDir } from '../../migrations-dir.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface LintCommandOptions {
  dir?: string;
  accepted?: string;
  writeAccepted?: boolean;
  squawk?: boolean;
  json?: boolean;
}

/** `legal-schema lint [files...] [--dir]`: exit 7 when a finding is not an accepted exception. */
export async function lint(files: readonly string[], options: LintCommandOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'lint', options.json ?? false);
  try {
    const dir = options.dir ?? (files.length === 0 ? migrationsDir : undefined);
    if (options.writeAccepted && !dir && !options.accepted) {
      throw new UsageError('--write-accepted needs --dir or --accepted <file>');
    }
    const accepted = options.accepted
      ? (JSON.parse(await readFile(options.accepted, 'utf8').catch(() => '[]')) as AcceptedLintFinding[])
      : undefined;
    const result = await lintMigrations({
      ...(dir ? { dir } : {}),
      files,
      ...(accepted ? { accepted } : {}),
      squawk: options.squawk ?? true,
    });
    if (options.writeAccepted) {
      const target = options.accepted ?? join(dir as string, ACCEPTED_FILE);
      const entries = result.findings.map((f) => ({ file: basename(f.file), line: f.line, rule: f.rule }));
      await writeFile(target, `${JSON.stringify(entries, null, 2)}\n`);
      output.line(`Recorded ${entries.length} accepted exception(s) in ${target}.`);
      return output.done({ written: target, accepted: entries.length });
    }
    const fresh = result.findings.filter((f) => !f.accepted);
    for (const f of fresh) output.line(`${f.file}:${f.line} ${output.c.red(f.rule)} ${f.message}`);
    if (!result.squawk.ran) output.line(output.c.yellow(`squawk did not run: ${result.squawk.reason}`));
    const acceptedCount = result.findings.length - fresh.length;
    output.line(
      `${result.files.length} file(s): ${fresh.length} finding(s)${acceptedCount > 0 ? `, ${acceptedCount} accepted exception(s)` : ''}.`,
    );
    return output.done(
      { files: result.files.length, findings: fresh, accepted: acceptedCount, squawk: result.squawk },
      fresh.length === 0 ? EXIT.ok : EXIT.lintFindings,
    );
  } catch (error) {
    return output.fail(error);
  }
}
