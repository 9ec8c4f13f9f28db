import { z } from 'zod';
import { day, id, text } from './common.js';

const SERVICE_METHODS = ['personal', 'electronic', 'mail', 'other'] as const;

const required = (max: number) => text(max).refine((s) => s.trim().length > 0, 'must not be empty');
/** A jurisdiction's code or name, e.g. "US-FED" or "CA-Superior-LA". */
export const jurisdiction = required(100);

export const holidaysSchema = z.strictObject({
  jurisdiction,
  days: z
    .array(z.strictObject({ day, name: required(200) }))
    .min(1)
    .max(1000),
});
export type CourtHolidaysInput = z.input<typeof holidaysSchema>;

export const ruleSchema = z.strictObject({
  name: required(200),
  /** How many days from the trigger (0–3650). */
  offsetDays: z.number().int().min(0).max(3650),
  /** `calendar` days, or `court` days (weekends and the jurisdiction's holidays not counted). Default: calendar. */
  dayKind: z.enum(['calendar', 'court']).default('calendar'),
  /** After the trigger event, or before it (e.g. a hearing). Default: after. */
  direction: z.enum(['after', 'before']).default('after'),
  /** Off a weekend or holiday: `auto` (forward after, backward before), `forward`, `backward`, `none`. */
  roll: z.enum(['auto', 'forward', 'backward', 'none']).default('auto'),
  /** Extra calendar days by service method, e.g. `{ mail: 3 }` (FRCP 6(d)). */
  serviceDays: z.partialRecord(z.enum(SERVICE_METHODS), z.number().int().min(0).max(30)).default({}),
  taskKind: z.enum(['deadline', 'court_date']).default('deadline'),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type DeadlineRuleInput = z.input<typeof ruleSchema>;

export const ruleSetSchema = z.strictObject({
  jurisdiction,
  name: required(200),
  /** What starts the clock, e.g. "Service of the complaint". */
  triggerEvent: required(200),
  description: text(2000).optional(),
  rules: z.array(ruleSchema).min(1).max(200),
});
export type DeadlineRuleSetInput = z.input<typeof ruleSetSchema>;

export const computeSchema = z.strictObject({
  triggerDate: day,
  serviceMethod: z.enum(SERVICE_METHODS).default('personal'),
});
export type ComputeDeadlinesInput = z.input<typeof computeSchema>;

export const applySchema = z.strictObject({
  ruleSetId: id,
  triggerDate: day,
  serviceMethod: z.enum(SERVICE_METHODS).default('personal'),
  /** Who the deadline tasks are assigned to. */
  assignedTo: id.optional(),
});
export type ApplyDeadlinesInput = z.input<typeof applySchema>;

export const changeTriggerSchema = z.strictObject({
  triggerDate: day,
  serviceMethod: z.enum(SERVICE_METHODS).optional(),
});
export type ChangeTriggerInput = z.input<typeof changeTriggerSchema>;

export const overrideSchema = z.strictObject({ dueOn: day, reason: required(1000) });
export type OverrideDeadlineInput = z.input<typeof overrideSchema>;
