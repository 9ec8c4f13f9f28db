import { z } from 'zod';
import { id, permissionCode, text } from './common.js';

/** A role's name: lowercase letters, digits and `_`, starting with a letter (as `legal.roles.name`). */
export const roleName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be lowercase letters, digits or _ (starting with a letter), at most 50');

export const createRoleSchema = z.strictObject({
  name: roleName,
  description: text(500).optional(),
  permissions: z.array(permissionCode).max(100),
});
export type CreateRoleInput = z.input<typeof createRoleSchema>;

export const setRolePermissionsSchema = z.strictObject({
  name: roleName,
  permissions: z.array(permissionCode).max(100),
});

export const grantSchema = z.strictObject({
  userId: id,
  permission: permissionCode,
  /** When the grant lapses (ISO timestamp); default: never. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type PermissionGrantInput = z.input<typeof grantSchema>;

export const revokeSchema = z.strictObject({ userId: id, permission: permissionCode });

export const wallSchema = z.strictObject({
  caseId: id,
  userId: id,
  /** Why the user is screened (conflict of interest, …): recorded with the wall and audited. */
  reason: z.string().trim().min(3).max(1000),
});
export type WallInput = z.input<typeof wallSchema>;

export const wallKeySchema = z.strictObject({ caseId: id, userId: id });

export const listWallsSchema = z.strictObject({ caseId: id.optional(), userId: id.optional() });
export type ListWallsInput = z.input<typeof listWallsSchema>;
