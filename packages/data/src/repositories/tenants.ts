import { type Kysely, type Selectable, sql } from 'kysely';
import { z } from 'zod';
import { hashPassword } from '../crypto/passwords.js';
import { NotFoundError } from '../errors/legal-error.js';
import type { DB, Tenants } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import { password } from '../schemas/users.js';
import { parseInput } from './parse-input.js';

export type Tenant = Selectable<Tenants>;

const createTenantSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and -'),
  name: z.string().trim().min(1).max(255),
  maxDocumentSizeBytes: z.number().int().positive().optional(),
  /** The firm's first user, with the admin role (only asSystem can create it). */
  admin: z
    .strictObject({ email: z.email().max(255), password, fullName: z.string().trim().min(1).max(255) })
    .optional(),
});
const slugSchema = createTenantSchema.shape.slug;

/** Firms, for `asSystem` (onboarding, maintenance). A new firm gets its default roles and categories. */
export function tenantsRepository(db: Kysely<DB>, passwordHashCost: number) {
  async function findBy(column: 'id' | 'slug', value: string): Promise<Tenant | undefined> {
    return db.selectFrom('tenants').selectAll().where(column, '=', value).executeTakeFirst();
  }
  return {
    async create(input: z.input<typeof createTenantSchema>): Promise<Tenant> {
      const { admin, ...values } = parseInput(createTenantSchema, input);
      const tenant = await db.insertInto('tenants').values(values).returningAll().executeTakeFirstOrThrow();
      if (admin) {
        await db
          .insertInto('users')
          .values({
            tenantId: tenant.id,
            email: admin.email,
            fullName: admin.fullName,
            role: 'admin',
            passwordHash: await hashPassword(admin.password, passwordHashCost),
            passwordUpdatedAt: sql`now()`,
          })
          .execute();
      }
      return tenant;
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
