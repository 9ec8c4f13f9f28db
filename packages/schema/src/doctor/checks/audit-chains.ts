import { walkAuditChains } from '../../verify/audit-chains.js';
import type { DoctorCheck } from '../doctor-check.js';

/** Walks every firm's audit hash chain; a broken link is a problem. */
export const auditChains: DoctorCheck = async (client) => {
  const rows = await walkAuditChains(client);
  const broken = rows.filter((r) => r.problem !== null);
  const events = rows.reduce((n, r) => n + r.checked, 0);
  return {
    name: 'audit_chains',
    status: broken.length > 0 ? 'problem' : 'ok',
    summary:
      broken.length > 0
        ? `${broken.length} of ${rows.length} audit chain(s) broken`
        : `${rows.length} audit chain(s), ${events} event(s), every link holds`,
    details: broken.map((r) => ({ ...r })),
  };
};
