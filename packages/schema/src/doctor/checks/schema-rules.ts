import { verifySchema } from '../../verify/verify-schema.js';
import type { DoctorCheck } from '../doctor-check.js';

/** `legal-schema verify`: any finding is a problem. */
export const schemaRules: DoctorCheck = async (client) => {
  const findings = await verifySchema(client);
  return {
    name: 'schema',
    status: findings.length > 0 ? 'problem' : 'ok',
    summary: findings.length > 0 ? `${findings.length} verify finding(s)` : 'verify: every rule holds',
    details: findings.map((f) => ({ ...f })),
  };
};
