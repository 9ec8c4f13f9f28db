import type { DoctorCheck } from '../doctor-check.js';

/** Walks every firm's audit hash chain; a broken link is a problem. */
export const auditChains: DoctorCheck = async (client) => {
  const { rows } = await client.query<{ tenant: string; checked: number; problem: string | null }>(
    `select h.tenant_id::text as tenant, v.checked::int, v.problem
       from legal.audit_chain_heads h, lateral legal.verify_audit_chain(h.tenant_id) v order by 1`,
  );
  const broken = rows.filter((r) => r.problem !== null);
  const events = rows.reduce((n, r) => n + r.checked, 0);
  return {
    name: 'audit_chains',
    status: broken.length > 0 ? 'problem' : 'ok',
    summary:
      broken.length > 0
        ? `${broken.length} of ${rows.length} audit chain(s) broken`
        : `${rows.length} audit chain(s), ${events} event(s), every link holds`,
    details: broken,
  };
};
