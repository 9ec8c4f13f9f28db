import { z } from 'zod';
import { id, limit, text } from './common.js';

const instant = z.iso.datetime({ offset: true }).or(z.date().transform((d) => d.toISOString()));

export const TASK_KINDS = ['task', 'deadline', 'court_date', 'statute_of_limitations'] as const;
export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;

const taskFields = {
  caseId: id.optional(),
  title: z.string().trim().min(1).max(500),
  description: text(20_000).optional(),
  kind: z.enum(TASK_KINDS).default('task'),
  priority: z.enum(['low', 'medium', 'high', 'urgent']).default('medium'),
  assignedTo: id.optional(),
  dueAt: instant.optional(),
  reminderAt: instant.optional(),
  court: text(255).optional(),
  location: text(255).optional(),
};
export const createTaskSchema = z.strictObject(taskFields).refine((t) => t.kind === 'task' || t.dueAt, {
  path: ['dueAt'],
  message: 'is required for a deadline or court date',
});
export type CreateTaskInput = z.input<typeof createTaskSchema>;

export const updateTaskSchema = z
  .strictObject({
    title: taskFields.title,
    description: taskFields.description,
    status: z.enum(TASK_STATUSES),
    priority: z.enum(['low', 'medium', 'high', 'urgent']),
    assignedTo: id.nullable(),
    dueAt: instant.nullable(),
    reminderAt: instant.nullable(),
    court: taskFields.court,
    location: taskFields.location,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one field' });
export type UpdateTaskInput = z.input<typeof updateTaskSchema>;

export const listTasksSchema = z.strictObject({
  caseId: id.optional(),
  assignedTo: id.optional(),
  status: z.array(z.enum(TASK_STATUSES)).min(1).optional(),
  kind: z.array(z.enum(TASK_KINDS)).min(1).optional(),
  limit,
  cursor: z.string().optional(),
});
export type ListTasksInput = z.input<typeof listTasksSchema>;

export const dueWithinSchema = z.strictObject({
  days: z.number().int().min(0).max(3650),
  caseId: id.optional(),
  assignedTo: id.optional(),
});

export const COMMUNICATION_KINDS = ['email', 'phone', 'meeting', 'letter'] as const;
export const createCommunicationSchema = z
  .strictObject({
    caseId: id.optional(),
    clientId: id.optional(),
    kind: z.enum(COMMUNICATION_KINDS),
    direction: z.enum(['inbound', 'outbound', 'internal']),
    subject: text(500).optional(),
    /** Encrypted before it reaches SQL. */
    body: text(1_000_000).optional(),
    participants: z
      .array(z.strictObject({ name: text(255).optional(), email: z.email().optional(), role: text(50).optional() }))
      .max(200)
      .default([]),
    occurredAt: instant.optional(),
    durationMinutes: z.number().int().min(0).max(100_000).optional(),
  })
  .refine((c) => c.caseId || c.clientId, {
    path: ['caseId'],
    message: 'a communication belongs to a case or a client',
  });
export type CreateCommunicationInput = z.input<typeof createCommunicationSchema>;

export const listCommunicationsSchema = z.strictObject({
  caseId: id.optional(),
  clientId: id.optional(),
  kind: z.enum(COMMUNICATION_KINDS).optional(),
  limit,
  cursor: z.string().optional(),
});
export type ListCommunicationsInput = z.input<typeof listCommunicationsSchema>;

const variableName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a variable name (a-z, 0-9, _)');
const templateVariables = z
  .array(z.strictObject({ name: variableName, required: z.boolean().default(true), description: text(500).optional() }))
  .max(100)
  .default([]);
export const createTemplateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: text(2000).optional(),
  categoryId: id.optional(),
  body: z.string().min(1).max(1_000_000),
  variables: templateVariables,
});
export type CreateTemplateInput = z.input<typeof createTemplateSchema>;
export const templateVersionSchema = z.strictObject({
  body: z.string().min(1).max(1_000_000),
  variables: templateVariables,
});
export type TemplateVersionInput = z.input<typeof templateVersionSchema>;
export const renderSchema = z.strictObject({
  templateId: id,
  variables: z.record(variableName, z.union([z.string().max(100_000), z.number(), z.boolean()])),
  version: z.number().int().positive().optional(),
});
