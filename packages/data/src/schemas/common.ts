import { z } from 'zod';

export const id = z.uuid();
/** A calendar day, `YYYY-MM-DD`. */
export const day = z.iso.date();
/** Money: a non-negative decimal with at most 2 decimals (never a float), as a string. */
export const money = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .refine((v) => /^\d{1,13}(\.\d{1,2})?$/.test(v), 'must be a non-negative amount with at most 2 decimals');
export const text = (max: number) => z.string().max(max);
export const limit = z.number().int().min(1).max(100).default(50);
/** A permission code, `area.action` (as `legal.permissions.code`). */
export const permissionCode = z
  .string()
  .regex(/^[a-z_]+\.[a-z_]+$/, 'must be a permission code like "cases.transition"');

/** Text without control characters (NUL, tab, newline, …): what travels into headers, logs and the unit's settings. */
export const printable = (max: number) =>
  z
    .string()
    .max(max)
    .refine(
      (s) => ![...s].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f'),
      'must not contain control characters',
    );
