import { z } from 'zod';
import { id, limit, text } from './common.js';

export const PARTY_KINDS = ['person', 'organization'] as const;
export const PARTY_NAME_KINDS = ['alias', 'former_name', 'trade_name', 'maiden_name', 'abbreviation'] as const;
export const AFFILIATION_RELATIONS = [
  'parent',
  'subsidiary',
  'affiliate',
  'officer',
  'director',
  'employee',
  'shareholder',
  'partner',
  'spouse',
  'family',
  'other',
] as const;
export const CONFLICT_DECISIONS = ['pending', 'cleared', 'waived', 'declined'] as const;

const partyName = z
  .string()
  .max(500)
  .refine((n) => n.trim().length > 0, 'must not be empty');

export const otherNameSchema = z.strictObject({
  name: partyName,
  kind: z.enum(PARTY_NAME_KINDS).default('alias'),
});
export type OtherNameInput = z.input<typeof otherNameSchema>;

export const createPartySchema = z.strictObject({
  kind: z.enum(PARTY_KINDS).default('person'),
  name: partyName,
  /** The firm's client this party is, if any. */
  clientId: id.optional(),
  notes: text(5000).optional(),
  /** Aliases, former names, trade names: searched like the name. */
  otherNames: z.array(otherNameSchema).max(50).default([]),
});
export type CreatePartyInput = z.input<typeof createPartySchema>;

export const affiliationSchema = z
  .strictObject({
    partyId: id,
    affiliateId: id,
    /** What the affiliate is to the party: its `parent`, a `subsidiary`, an `officer`, … */
    relation: z.enum(AFFILIATION_RELATIONS),
  })
  .refine((a) => a.partyId !== a.affiliateId, { path: ['affiliateId'], message: 'must be another party' });
export type AffiliationInput = z.input<typeof affiliationSchema>;

export const conflictSearchSchema = z.strictObject({
  query: z
    .string()
    .max(500)
    .refine((q) => q.trim().length > 0, 'must not be empty'),
  limit: z.number().int().min(1).max(200).default(50),
});

export const runCheckSchema = z.strictObject({
  query: conflictSearchSchema.shape.query,
  /** The matter being considered, when it is in the system already. */
  caseId: id.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type RunCheckInput = z.input<typeof runCheckSchema>;

export const decideSchema = z
  .strictObject({
    decision: z.enum(['cleared', 'waived', 'declined']),
    /** Why: required for a waiver (the client's informed consent, say). */
    reason: text(2000).optional(),
  })
  .refine((d) => d.decision !== 'waived' || (d.reason?.trim().length ?? 0) > 0, {
    path: ['reason'],
    message: 'a waiver needs a reason',
  });
export type DecideInput = z.input<typeof decideSchema>;

export const listChecksSchema = z.strictObject({
  caseId: id.optional(),
  decision: z.enum(CONFLICT_DECISIONS).optional(),
  limit,
  cursor: z.string().optional(),
});
export type ListChecksInput = z.input<typeof listChecksSchema>;
