import { Command, CommanderError, Option } from 'commander';
import { auditVerify } from './commands/audit-verify.js';
import { backup } from './commands/backup.js';
import { contextKey } from './commands/context-key.js';
import { create } from './commands/create.js';
import { doctor } from './commands/doctor.js';
import { lint } from './commands/lint.js';
import { maintenance } from './commands/maintenance.js';
import { maintenanceTables } from './commands/maintenance-tables.js';
import { migrateDown } from './commands/migrate-down.js';
import { migrateUp } from './commands/migrate-up.js';
import { repair } from './commands/repair.js';
import { restore } from './commands/restore.js';
import { status } from './commands/status.js';
import { tenant } from './commands/tenant.js';
import { validate } from './commands/validate.js';
import { verify } from './commands/verify.js';
import { parsePositiveInt, parseSeconds } from './connection-options.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  failure (a migration failed, the database is unreachable, ...)
  2  usage (unknown command or option, bad value, unknown --to target)
  3  drift (applied migrations no longer match their files)
  4  lock not acquired (another runner holds it: --no-wait, or --lock-timeout expired)
  5  verification failed: a broken tenancy rule (verify) or audit chain (audit verify)
  6  unsupported server: PostgreSQL older than 15 (nothing was applied)
  7  lint: a migration file breaks a rule that is not an accepted exception
  8  doctor: a check found a problem (or a warning, with --strict)`;

/**
 * Runs the `legal-schema` CLI and returns its exit code. Never throws: every result and
 * every error becomes output (human, or one JSON document with `--json`) and a code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['migrate', 'up', '--json'], nodeIo());
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = new Command('legal-schema')
    .description('Migrations for the @legal PostgreSQL schema')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run legal-schema --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP);

  const database = (command: Command, locking: boolean, migrations = locking): Command => {
    command.option('--url <url>', 'connection string (default: DATABASE_URL)');
    if (migrations) command.option('--dir <path>', 'migrations folder (default: the one shipped in @legal/schema)');
    command.option('--json', 'print one JSON document on stdout instead of human output');
    if (locking) {
      command
        .addOption(
          new Option('--lock-timeout <seconds>', 'longest wait for another runner').argParser(parseSeconds).default(60),
        )
        .option('--no-wait', 'fail at once (exit 4) when another runner holds the lock');
    }
    return command;
  };

  const migrate = program.command('migrate').description('apply or revert migrations');
  database(
    migrate
      .command('up')
      .description('apply pending migrations (after validating the applied ones)')
      .option('--to <name>', 'stop after this migration')
      .option('--dry-run', 'print the SQL that would run; change nothing'),
    true,
  ).action(async (options) => {
    exitCode = await migrateUp(options, io);
  });
  database(
    migrate
      .command('down')
      .description('revert migrations (default: the last one)')
      .option('--to <name>', 'revert down to and including this migration; 0 reverts all')
      .addOption(new Option('--step <n>', 'revert this many migrations').argParser(parsePositiveInt).conflicts('to'))
      .option('--dry-run', 'print the SQL that would run; change nothing'),
    true,
  ).action(async (options) => {
    exitCode = await migrateDown(options, io);
  });
  database(program.command('status').description('applied and pending migrations, with timings'), false, true).action(
    async (options) => {
      exitCode = await status(options, io);
    },
  );
  database(program.command('validate').description('check applied migrations against their files'), false, true).action(
    async (options) => {
      exitCode = await validate(options, io);
    },
  );
  database(program.command('repair').description('re-record checksums after a deliberate edit'), true).action(
    async (options) => {
      exitCode = await repair(options, io);
    },
  );
  database(
    program
      .command('verify')
      .description(
        'check the server, the migrations at head, every tenancy rule (RLS, policies, keys, indexes, roles), privileges and the audit trail, from the catalog',
      ),
    false,
    true,
  ).action(async (options) => {
    exitCode = await verify(options, io);
  });
  database(
    program
      .command('context-key')
      .description('print the key that signs unit contexts (createLegalDb({ contextKey }); keep it secret)'),
    false,
  ).action(async (options) => {
    exitCode = await contextKey(options, io);
  });
  const audit = program.command('audit').description('the audit trail');
  database(
    audit
      .command('verify')
      .description('walk the hash chains and report the first broken link (exit 5)')
      .option('--tenant <id>', 'one tenant (default: every tenant with an audit trail)')
      .option('--from <time>', 'from this time (inclusive)')
      .option('--to <time>', 'up to this time (exclusive)'),
    false,
  ).action(async (options) => {
    exitCode = await auditVerify(options, io);
  });
  const upkeep = program.command('maintenance').description('audit partitions (the default), analyze, vacuum');
  database(
    upkeep
      .command('partitions', { isDefault: true })
      .description('create audit partitions ahead; with --retention-months, drop expired months')
      .addOption(
        new Option('--months-ahead <n>', 'months of partitions to keep ready').argParser(parsePositiveInt).default(3),
      )
      .addOption(
        new Option('--retention-months <n>', 'drop audit months older than this (refused under legal hold)').argParser(
          parsePositiveInt,
        ),
      ),
    false,
  ).action(async (options) => {
    exitCode = await maintenance(options, io);
  });
  for (const kind of ['analyze', 'vacuum'] as const) {
    database(
      upkeep
        .command(kind)
        .description(
          kind === 'analyze' ? 'ANALYZE every table of schema legal' : 'VACUUM (ANALYZE) every table of schema legal',
        )
        .option('--table <name...>', 'only these tables'),
      false,
    ).action(async (options) => {
      exitCode = await maintenanceTables(kind, options, io);
    });
  }
  database(
    program
      .command('doctor')
      .description(
        'health checks: schema, connections, locks, slow statements, indexes, bloat, vacuum, wraparound, audit, replication',
      )
      .option('--strict', 'warnings fail too (exit 8)')
      .option('--no-audit-chains', 'skip walking every audit chain (it reads every audit row)')
      .addOption(
        new Option('--slow-ms <ms>', 'a statement slower than this on average is a warning').argParser(
          parsePositiveInt,
        ),
      ),
    false,
  ).action(async (options) => {
    exitCode = await doctor(options, io);
  });
  database(
    program
      .command('backup')
      .description('pg_dump the database, with the roles it needs (no passwords) and a manifest, into a new directory')
      .option('--out <dir>', 'directory to write (created; must be empty)')
      .option(
        '--pg-bin <dir>',
        'directory of pg_dump (default: the newest /usr/lib/postgresql/<major>/bin, else PATH)',
      ),
    false,
  ).action(async (options) => {
    exitCode = await backup(options, io);
  });
  database(
    program
      .command('restore')
      .description('restore a backup into an empty database (as a superuser), then verify it and its audit chains')
      .option('--from <dir>', 'the backup directory')
      .option(
        '--pg-bin <dir>',
        'directory of pg_restore (default: the newest /usr/lib/postgresql/<major>/bin, else PATH)',
      ),
    false,
  ).action(async (options) => {
    exitCode = await restore(options, io);
  });
  const firm = program.command('tenant').description("one firm's data: export, import, offboard");
  database(
    firm
      .command('export')
      .description('write every row of one firm (audit chain included) to a JSON-lines file, from one snapshot')
      .option('--tenant <id>', "the firm's id")
      .option('--out <file>', 'file to write (must not exist)'),
    false,
  ).action(async (options) => {
    exitCode = await tenant('export', options, io);
  });
  database(
    firm
      .command('import')
      .description('load a firm export into this database (same migrations), all or nothing, then walk its audit chain')
      .option('--from <file>', 'the export file'),
    false,
  ).action(async (options) => {
    exitCode = await tenant('import', options, io);
  });
  database(
    firm
      .command('offboard')
      .description('refused under legal hold; else close the firm, export it, and delete every row of it')
      .option('--tenant <id>', "the firm's id")
      .option('--out <file>', 'file to write (must not exist)'),
    false,
  ).action(async (options) => {
    exitCode = await tenant('offboard', options, io);
  });
  program
    .command('lint')
    .description(
      "check migration files: squawk's rules and ours (tenant isolation helper, policies, grants, SECURITY DEFINER)",
    )
    .argument('[files...]', 'files to lint (default: every *.up.sql of --dir)')
    .option('--dir <path>', 'migrations folder (default: the one shipped in @legal/schema, when no files are given)')
    .option('--accepted <file>', 'accepted exceptions (default: <dir>/lint-accepted.json)')
    .option('--write-accepted', 'record every current finding as accepted (for files already applied, never edited)')
    .option('--no-squawk', "only our rules, not squawk's")
    .option('--json', 'print one JSON document on stdout')
    .action(async (files: string[], options) => {
      exitCode = await lint(files, options, io);
    });
  program
    .command('create')
    .description('scaffold the next NNNN_<slug>.up.sql / .down.sql pair')
    .argument('<slug>', 'what the migration does, e.g. add_case_deadlines')
    .option('--dir <path>', 'migrations folder (default: the one shipped in @legal/schema)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (slug: string, options) => {
      exitCode = await create(slug, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    io.stderr.write(`error ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
