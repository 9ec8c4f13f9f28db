import { z } from 'zod';
import { day, id, limit, money, text } from './common.js';

export const CASE_TYPES = [
  'litigation',
  'transactional',
  'estate',
  'corporate',
  'real_estate',
  'criminal',
  'family',
  'custom',
] as const;
export const CASE_STATUSES = [
  'new',
  'pending_review',
  'assigned',
  'in_progress',
  'pending_completion',
  'completed',
  'on_hold',
  'archived',
] as const;
export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;

const caseFields = {
  title: z
    .string()
    .max(500)
    .refine((t) => t.trim().length >= 3, 'must have at least 3 characters'),
  description: text(50_000).optional(),
  clientId: id.optional(),
  clientName: text(255).optional(),
  matterNumber: text(100).optional(),
  caseType: z.enum(CASE_TYPES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  ownerId: id.optional(),
  court: text(255).optional(),
  caseNumber: text(100).optional(),
  incidentDate: day.optional(),
  filingDate: day.optional(),
  discoveryDeadline: day.optional(),
  trialDate: day.optional(),
  statuteOfLimitations: day.optional(),
  caseValue: money.optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
};

export const createCaseSchema = z.strictObject(caseFields);
export type CreateCaseInput = z.input<typeof createCaseSchema>;

export const updateCaseSchema = z
  .strictObject(caseFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });
export type UpdateCaseInput = z.input<typeof updateCaseSchema>;

export const listCasesSchema = z.strictObject({
  status: z.array(z.enum(CASE_STATUSES)).min(1).optional(),
  caseType: z.array(z.enum(CASE_TYPES)).min(1).optional(),
  assignedTo: id.optional(),
  clientId: id.optional(),
  tags: z.array(z.string().min(1)).min(1).optional(),
  pinned: z.boolean().optional(),
  createdFrom: z.iso.datetime({ offset: true }).or(day).optional(),
  createdTo: z.iso.datetime({ offset: true }).or(day).optional(),
  sort: z.enum(['createdAt', 'lastAccessed']).default('createdAt'),
  limit,
  cursor: z.string().optional(),
});
export type ListCasesInput = z.input<typeof listCasesSchema>;

export const searchSchema = z.strictObject({
  query: z.string().trim().min(1).max(500),
  limit: z.number().int().min(1).max(100).default(20),
});

export const transitionSchema = z.strictObject({
  id,
  to: z.enum(CASE_STATUSES),
  reason: z.string().trim().min(1).max(500).optional(),
});

export const memberSchema = z.strictObject({
  caseId: id,
  userId: id,
  permissionLevel: z.enum(['viewer', 'editor', 'admin']).default('viewer'),
});

export const partySchema = z.strictObject({
  partyRole: z.enum([
    'client',
    'opposing_party',
    'opposing_counsel',
    'co_counsel',
    'related_party',
    'witness',
    'judge',
    'expert',
    'other',
  ]),
  name: z.string().trim().min(1).max(255),
  clientId: id.optional(),
  /** The firm's party (conflict checks) this party of the matter is. */
  partyId: id.optional(),
  organization: text(255).optional(),
  email: z.email().optional(),
  phone: text(30).optional(),
  notes: text(5000).optional(),
});
export type PartyInput = z.input<typeof partySchema>;

export const commentSchema = z.strictObject({ caseId: id, body: z.string().trim().min(1).max(20_000) });
