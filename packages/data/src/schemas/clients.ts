import { z } from 'zod';
import { day, limit, text } from './common.js';

const clientFields = {
  name: z.string().trim().min(1).max(255),
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  companyName: text(255).optional(),
  email: z.email().max(255).optional(),
  phone: z
    .string()
    .regex(/^[0-9+() .-]{5,30}$/, 'must be 5-30 digits, spaces and + ( ) . -')
    .optional(),
  address: z.record(z.string(), z.unknown()).optional(),
  externalRef: text(100).optional(),
  caseNumber: text(100).optional(),
  caseType: text(100).optional(),
  /** Encrypted (AES-256-GCM) before it reaches SQL. */
  notes: text(20_000).optional(),
  /** Encrypted, with a blind index for `findByTaxId`. */
  taxId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 .-]{4,32}$/, 'must be 4-32 letters, digits, spaces, . or -')
    .optional(),
  /** Encrypted, with a blind index for `findByNationalId`. */
  nationalId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 .-]{4,32}$/, 'must be 4-32 letters, digits, spaces, . or -')
    .optional(),
  /** Encrypted; a calendar day. */
  dateOfBirth: day.optional(),
};

export const createClientSchema = z
  .strictObject({ kind: z.enum(['person', 'company']).default('person'), ...clientFields })
  .refine((c) => c.kind !== 'company' || Boolean(c.companyName), {
    path: ['companyName'],
    message: 'is required for a company',
  });
export type CreateClientInput = z.input<typeof createClientSchema>;

export const updateClientSchema = z
  .strictObject(clientFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });
export type UpdateClientInput = z.input<typeof updateClientSchema>;

export const listClientsSchema = z.strictObject({ limit, cursor: z.string().optional() });
export type ListClientsInput = z.input<typeof listClientsSchema>;

/** An identifier looked up through its blind index. */
export const identifierSchema = clientFields.taxId.unwrap();
