import { type Selectable, sql } from 'kysely';
import { NotFoundError, ValidationError } from '../errors/legal-error.js';
import type { Templates, TemplateVersions } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type CreateTemplateInput,
  createTemplateSchema,
  renderSchema,
  type TemplateVersionInput,
  templateVersionSchema,
} from '../schemas/work.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

export type Template = Selectable<Templates>;
export type TemplateVersion = Omit<Selectable<TemplateVersions>, 'variables'> & { variables: TemplateVariable[] };
export interface TemplateVariable {
  name: string;
  required: boolean;
  description?: string;
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]{0,63})\s*\}\}/g;

/** Every placeholder of the body must be declared. */
function checkBody(body: string, variables: readonly TemplateVariable[]) {
  const declared = new Set(variables.map((v) => v.name));
  const undeclared = [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1] as string))].filter(
    (name) => !declared.has(name),
  );
  if (undeclared.length) {
    throw new ValidationError([{ path: 'body', message: `uses undeclared variables: ${undeclared.join(', ')}` }]);
  }
}

/** Document templates with declared variables, versioned. Writing needs `templates.manage`. */
export function templatesRepository(ctx: RepositoryContext) {
  const find = async (id: string): Promise<Template | undefined> => {
    const tid = parseInput(idSchema, id, 'id');
    return ctx.db.selectFrom('templates').selectAll().where('id', '=', tid).executeTakeFirst();
  };
  const get = async (id: string): Promise<Template> => {
    const t = await find(id);
    if (!t) throw new NotFoundError('template', id);
    return t;
  };
  return {
    /** @example `await t.templates.create({ name: 'Engagement letter', body: 'Dear {{client_name}}, …', variables: [{ name: 'client_name' }] });` */
    async create(input: CreateTemplateInput): Promise<Template & { version: TemplateVersion }> {
      const { body, variables, ...v } = parseInput(createTemplateSchema, input);
      checkBody(body, variables);
      await requirePermission(ctx, 'templates.manage');
      const template = await ctx.db
        .insertInto('templates')
        .values({ ...v, createdBy: ctx.context.userId })
        .returningAll()
        .executeTakeFirstOrThrow();
      const version = await ctx.db
        .insertInto('templateVersions')
        .values({
          templateId: template.id,
          version: 1,
          body,
          variables: JSON.stringify(variables),
          createdBy: ctx.context.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { ...template, version: version as unknown as TemplateVersion };
    },
    find,
    get,
    /** Active templates by name. */
    async list(): Promise<Template[]> {
      return ctx.db.selectFrom('templates').selectAll().where('isActive', '=', true).orderBy('name').execute();
    },
    /** A new version; it becomes the current one. */
    async addVersion(id: string, input: TemplateVersionInput): Promise<TemplateVersion> {
      const templateId = parseInput(idSchema, id, 'id');
      const { body, variables } = parseInput(templateVersionSchema, input);
      checkBody(body, variables);
      await requirePermission(ctx, 'templates.manage');
      const template = await ctx.db
        .updateTable('templates')
        .set({ currentVersion: sql`current_version + 1`, updatedAt: sql`now()` })
        .where('id', '=', templateId)
        .returning('currentVersion')
        .executeTakeFirst();
      if (!template) throw new NotFoundError('template', id);
      return (await ctx.db
        .insertInto('templateVersions')
        .values({
          templateId,
          version: template.currentVersion,
          body,
          variables: JSON.stringify(variables),
          createdBy: ctx.context.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow()) as unknown as TemplateVersion;
    },
    /** Every version, oldest first. */
    async versions(id: string): Promise<TemplateVersion[]> {
      const template = await get(id);
      return (await ctx.db
        .selectFrom('templateVersions')
        .selectAll()
        .where('templateId', '=', template.id)
        .orderBy('version')
        .execute()) as unknown as TemplateVersion[];
    },
    /**
     * Fills `{{name}}` placeholders of the current (or given) version. Every required declared
     * variable must be given and no undeclared one may be; a ValidationError names each.
     */
    async render(
      templateId: string,
      variables: Record<string, string | number | boolean>,
      options: { version?: number } = {},
    ) {
      const v = parseInput(renderSchema, { templateId, variables, ...options });
      const template = await get(v.templateId);
      const version = (await ctx.db
        .selectFrom('templateVersions')
        .selectAll()
        .where('templateId', '=', template.id)
        .where('version', '=', v.version ?? template.currentVersion)
        .executeTakeFirst()) as unknown as TemplateVersion | undefined;
      if (!version) throw new NotFoundError('template version', `${templateId}@${v.version}`);
      const declared = new Map(version.variables.map((d) => [d.name, d]));
      const issues = [
        ...version.variables
          .filter((d) => d.required && !Object.hasOwn(v.variables, d.name))
          .map((d) => ({ path: `variables.${d.name}`, message: 'is required by the template' })),
        ...Object.keys(v.variables)
          .filter((name) => !declared.has(name))
          .map((name) => ({ path: `variables.${name}`, message: 'is not a variable of the template' })),
      ];
      if (issues.length) throw new ValidationError(issues);
      // own properties only: a variable named like an Object method (constructor, toString) is a variable
      const text = version.body.replace(PLACEHOLDER, (_m, name: string) =>
        Object.hasOwn(v.variables, name) ? String(v.variables[name]) : '',
      );
      return { text, templateId: template.id, version: version.version };
    },
  };
}

export type TemplatesRepository = ReturnType<typeof templatesRepository>;
