import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { NotFoundError } from '../errors/legal-error.js';
import type { DB, Tenants } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import { parseInput } from './parse-input.js';

export type Tenant = Selectable<Tenants>;

const createTenantSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and -'),
  name: z.string().trim().min(1).max(255),
  maxDocumentSizeBytes: z.number().int().positive().optional(),
});
const slugSchema = createTenantSchema.shape.slug;

/** Firms, for `asSystem` (onboarding, maintenance). A new firm gets its default roles and categories. */
export function tenantsRepository(db: Kysely<DB>) {
  async function findBy(column: 'id' | 'slug', value: string): Promise<Tenant | undefined> {
    return db.selectFrom('tenants').selectAll().where(column, '=', value).executeTakeFirst();
  }
  return {
    async create(input: z.input<typeof createTenantSchema>): Promise<Tenant> {
      const values = parseInput(createTenantSchema, input);
      return db.insertInto('tenants').values(values).returningAll().executeTakeFirstOrThrow();
    },
    find: (id: string) => findBy('id', parseInput(idSchema, id)),
    findBySlug: (slug: string) => findBy('slug', parseInput(slugSchema, slug)),
    async get(id: string): Promise<Tenant> {
      const tenant = await findBy('id', parseInput(idSchema, id));
      if (!tenant) throw new NotFoundError('tenant', id);
      return tenant;
    },
    async getBySlug(slug: string): Promise<Tenant> {
      const tenant = await findBy('slug', parseInput(slugSchema, slug));
      if (!tenant) throw new NotFoundError('tenant', slug);
      return tenant;
    },
  };
}

export type TenantsRepository = ReturnType<typeof tenantsRepository>;
