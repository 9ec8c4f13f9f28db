import { z } from 'zod';
import { limit, printable, text } from './common.js';

/** Seed 002: at least 8 characters, with a letter and a digit. */
export const password = z
  .string()
  .min(8)
  .max(200)
  .refine((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p), 'must contain a letter and a digit');

const role = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a role name (a-z, 0-9, _)');

const profile = {
  fullName: z.string().trim().min(1).max(255),
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  username: z
    .string()
    .regex(/^[A-Za-z0-9._-]{3,50}$/, 'must be 3-50 of A-Z a-z 0-9 . _ -')
    .optional(),
  role: role.optional(),
  organization: text(255).optional(),
  barNumber: text(50).optional(),
  practiceAreas: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
};

export const createUserSchema = z.strictObject({ email: z.email().max(255), password, ...profile });
export type CreateUserInput = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject(profile)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });
export type UpdateUserInput = z.input<typeof updateUserSchema>;

export const listUsersSchema = z.strictObject({
  active: z.boolean().optional(),
  role: role.optional(),
  limit,
  cursor: z.string().optional(),
});
export type ListUsersInput = z.input<typeof listUsersSchema>;

export const loginSchema = z.strictObject({
  tenantSlug: z.string().regex(/^[a-z0-9-]{1,63}$/, 'must be a firm slug'),
  email: z.email().max(255),
  password: z.string().min(1).max(200),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  userAgent: printable(512).optional(),
});
export type LoginInput = z.input<typeof loginSchema>;

export const resetRequestSchema = z.strictObject({
  tenantSlug: loginSchema.shape.tenantSlug,
  email: z.email().max(255),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
});
export const resetPasswordSchema = z.strictObject({ token: z.string().min(1).max(200), newPassword: password });
export const sessionOptionsSchema = z.strictObject({
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(12 * 3600),
});
export const accessTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z
    .array(z.string().regex(/^[a-z_]+\.[a-z_]+$/))
    .max(50)
    .default([]),
  expiresAt: z.date().optional(),
});
export type CreateAccessTokenInput = z.input<typeof accessTokenSchema>;

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: password,
  /** The session token of the request making the change: that session stays signed in. */
  keepSessionToken: z.string().min(1).max(200).optional(),
});
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const setPasswordSchema = z.strictObject({
  userId: z.uuid(),
  newPassword: password,
});
export type SetPasswordInput = z.input<typeof setPasswordSchema>;
