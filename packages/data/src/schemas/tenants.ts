import { z } from 'zod';
import { password } from './users.js';

/** `s.tenants.create` input: a firm, optionally with its first admin. */
export const createTenantSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and -'),
  name: z.string().trim().min(1).max(255),
  maxDocumentSizeBytes: z.number().int().positive().optional(),
  /** The firm's first user, with the admin role (only asSystem can create it). */
  admin: z
    .strictObject({ email: z.email().max(255), password, fullName: z.string().trim().min(1).max(255) })
    .optional(),
});
export const slugSchema = createTenantSchema.shape.slug;
export type CreateTenantInput = z.input<typeof createTenantSchema>;
