/**
 * The prefix of a throwaway cluster's directory: `legal-pg-`, then the test run's id when
 * `LEGAL_TEST_RUN` is set (`pnpm test` sets it), so a run can tell its own servers and
 * directories from another run's or demo's on the same machine.
 */
export function clusterDirPrefix(env: Readonly<Record<string, string | undefined>>): string {
  const run = (env.LEGAL_TEST_RUN ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 24);
  return run ? `legal-pg-${run}-` : 'legal-pg-';
}
