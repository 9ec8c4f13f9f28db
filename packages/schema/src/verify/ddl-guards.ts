import type pg from 'pg';
import type { VerifyFinding } from './finding.js';

/** The event triggers of migration 0019 and the functions they run. */
const EVENT_TRIGGERS: Record<string, { event: string; fn: string }> = {
  legal_ddl_audit: { event: 'ddl_command_end', fn: 'legal.ddl_audit' },
  legal_ddl_drop_audit: { event: 'sql_drop', fn: 'legal.ddl_audit' },
  legal_ddl_guard_snapshot: { event: 'ddl_command_start', fn: 'legal_guard.ddl_snapshot' },
  legal_ddl_guard_check: { event: 'ddl_command_end', fn: 'legal_guard.ddl_check' },
  legal_ddl_guard_drop: { event: 'sql_drop', fn: 'legal_guard.ddl_check_drop' },
};

/**
 * Once 0019 is applied: every DDL audit and guard event trigger exists, is enabled, runs its
 * function, and the guard functions belong to a superuser (the schema's owner cannot
 * replace them).
 */
export async function checkDdlGuards(client: pg.ClientBase): Promise<VerifyFinding[]> {
  const applied = await client.query("select to_regprocedure('legal.ddl_audit()') is not null as applied");
  if (!(applied.rows[0] as { applied: boolean } | undefined)?.applied) return [];
  const { rows } = await client.query<{ name: string; event: string; fn: string; enabled: string }>(
    `select e.evtname as name, e.evtevent as event, e.evtfoid::regproc::text as fn, e.evtenabled as enabled
       from pg_event_trigger e where e.evtname like 'legal\\_ddl\\_%'`,
  );
  const findings: VerifyFinding[] = [];
  for (const [name, want] of Object.entries(EVENT_TRIGGERS)) {
    const found = rows.find((r) => r.name === name);
    if (!found || found.event !== want.event || found.fn !== want.fn || !['O', 'A'].includes(found.enabled)) {
      findings.push({
        rule: 'ddl_audit_missing',
        object: `event trigger ${name}`,
        message: found
          ? `is not an enabled ${want.event} trigger running ${want.fn} (found ${found.event}, ${found.fn}, enabled=${found.enabled})`
          : `is missing: DDL on schema legal is not audited or guarded (apply 0019 as a superuser)`,
      });
    }
  }
  const owners = await client.query<{ fn: string }>(
    `select p.oid::regprocedure::text as fn from pg_proc p join pg_roles r on r.oid = p.proowner
      where p.pronamespace = to_regnamespace('legal_guard') and not r.rolsuper`,
  );
  for (const { fn } of owners.rows) {
    findings.push({
      rule: 'ddl_audit_missing',
      object: `function ${fn}`,
      message: 'is not owned by a superuser: its owner could replace the guard',
    });
  }
  return findings;
}
