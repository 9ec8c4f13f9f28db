import { z } from 'zod';
import { id, limit } from './common.js';

const instant = z.iso.datetime({ offset: true });

/** A time range of the audit trail: `from` inclusive, `to` exclusive (ISO 8601 with an offset). */
export const auditRangeSchema = z
  .strictObject({ from: instant, to: instant })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'must be before to', path: ['from'] });
export type AuditRangeInput = z.input<typeof auditRangeSchema>;

export const listAuditSchema = z
  .strictObject({
    from: instant,
    to: instant,
    /** Only events of this matter. */
    caseId: id.optional(),
    limit,
    cursor: z.string().optional(),
  })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'must be before to', path: ['from'] });
export type ListAuditInput = z.input<typeof listAuditSchema>;
