/** The CLI's documented exit codes (docs/migrations.md). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  drift: 3,
  lockNotAcquired: 4,
  verifyFindings: 5,
  unsupportedServer: 6,
  lintFindings: 7,
  doctorProblems: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
