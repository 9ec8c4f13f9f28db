import { type Kysely, type Selectable, sql } from 'kysely';
import { hashPassword } from '../crypto/passwords.js';
import { NotFoundError } from '../errors/legal-error.js';
import type { DB, Tenants } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import { type CreateTenantInput, createTenantSchema, slugSchema } from '../schemas/tenants.js';
import { parseInput } from './parse-input.js';

export type Tenant = Selectable<Tenants>;

/** Firms, for `asSystem` (onboarding, maintenance). A new firm gets its default roles and categories. */
export function tenantsRepository(db: Kysely<DB>, passwordHashCost: number) {
  async function findBy(column: 'id' | 'slug', value: string): Promise<Tenant | undefined> {
    return db.selectFrom('tenants').selectAll().where(column, '=', value).executeTakeFirst();
  }
  return {
    async create(input: CreateTenantInput): Promise<Tenant> {
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
    find: (id: string) => findBy('id', parseInput(idSchema, id, 'id')),
    findBySlug: (slug: string) => findBy('slug', parseInput(slugSchema, slug, 'slug')),
    async get(id: string): Promise<Tenant> {
      const tenant = await findBy('id', parseInput(idSchema, id, 'id'));
      if (!tenant) throw new NotFoundError('tenant', id);
      return tenant;
    },
    async getBySlug(slug: string): Promise<Tenant> {
      const tenant = await findBy('slug', parseInput(slugSchema, slug, 'slug'));
      if (!tenant) throw new NotFoundError('tenant', slug);
      return tenant;
    },
  };
}

export type TenantsRepository = ReturnType<typeof tenantsRepository>;
