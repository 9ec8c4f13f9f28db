import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { NotFoundError } from '../errors/legal-error.js';
import type { ConflictChecks, Parties, PartyAffiliations, PartyNames } from '../generated/db.js';
import { id as idSchema } from '../schemas/common.js';
import {
  type AffiliationInput,
  affiliationSchema,
  type CreatePartyInput,
  conflictSearchSchema,
  createPartySchema,
  type DecideInput,
  decideSchema,
  type ListChecksInput,
  listChecksSchema,
  type OtherNameInput,
  otherNameSchema,
  type RunCheckInput,
  runCheckSchema,
} from '../schemas/conflicts.js';
import { afterCursor, type Keyset, type Page, sortKey, toPage } from './keyset.js';
import { parseInput } from './parse-input.js';
import { requirePermission } from './permissions.js';
import type { RepositoryContext } from './repository-context.js';

/** A person or organisation of the firm's matters, as conflict checks know it. */
export type Party = Omit<Selectable<Parties>, 'nameSound'>;
/** Another name of a party: an alias, a former name, a trade name. */
export type PartyName = Omit<Selectable<PartyNames>, 'nameSound'>;
export type PartyAffiliation = Selectable<PartyAffiliations>;

/** A matter a hit is a party of. `title` is null, and `restricted` true, when the checker may not read the matter. */
export interface ConflictMatter {
  caseId: string;
  matterNumber: string | null;
  title: string | null;
  status: string;
  role: string;
  restricted: boolean;
}

/** One party a conflict search found, by one of its names or through an affiliation. */
export interface ConflictHit {
  party: { id: string; name: string; kind: string; clientId: string | null };
  /** The name that matched (the party's, or one of its other names, or the affiliate's). */
  matchedName: string;
  /** `name`, or the kind of other name that matched (`alias`, `former_name`, …). */
  nameKind: string;
  /** 0–1: trigram similarity of the normalised names, 0.9 when they sound alike. */
  score: number;
  /** When the party was reached through an affiliation of the party hit: which, and how. */
  via: { partyId: string; relation: string } | null;
  /** Every matter the party is a party of, newest first. */
  matters: ConflictMatter[];
}

/** A conflict check as it was run and decided. */
export type ConflictCheck = Omit<Selectable<ConflictChecks>, 'hits'> & { hits: ConflictHit[]; hitCount: number };

const PARTY_COLUMNS = [
  'id',
  'tenantId',
  'kind',
  'name',
  'normalizedName',
  'clientId',
  'notes',
  'createdBy',
  'createdAt',
  'updatedAt',
] as const;
const NAME_COLUMNS = ['id', 'tenantId', 'partyId', 'name', 'nameKind', 'normalizedName', 'createdAt'] as const;

const CHECKS_KEYSET: Keyset = {
  sort: sql`conflict_checks.checked_at`,
  id: sql`conflict_checks.id`,
  type: 'timestamptz',
  direction: 'desc',
};

/** A row of `legal.conflict_search` (its columns camel-cased by the SDK's kysely). */
interface SearchRow {
  partyId: string;
  partyName: string;
  partyKind: string;
  matchedName: string;
  nameKind: string;
  score: number;
  viaPartyId: string | null;
  relation: string | null;
  clientId: string | null;
  caseId: string | null;
  matterNumber: string | null;
  caseTitle: string | null;
  caseStatus: string | null;
  partyRole: string | null;
  restricted: boolean | null;
}

/** Search rows (one per party and matter) as hits (one per party, its matters inside). */
function toHits(rows: readonly SearchRow[]): ConflictHit[] {
  const hits = new Map<string, ConflictHit>();
  for (const r of rows) {
    const key = `${r.partyId}|${r.viaPartyId ?? ''}|${r.relation ?? ''}`;
    let hit = hits.get(key);
    if (!hit) {
      hit = {
        party: { id: r.partyId, name: r.partyName, kind: r.partyKind, clientId: r.clientId },
        matchedName: r.matchedName,
        nameKind: r.nameKind,
        score: Math.round(r.score * 1000) / 1000,
        via: r.viaPartyId && r.relation ? { partyId: r.viaPartyId, relation: r.relation } : null,
        matters: [],
      };
      hits.set(key, hit);
    }
    if (r.caseId && r.caseStatus && r.partyRole) {
      hit.matters.push({
        caseId: r.caseId,
        matterNumber: r.matterNumber,
        title: r.caseTitle,
        status: r.caseStatus,
        role: r.partyRole,
        restricted: r.restricted === true,
      });
    }
  }
  return [...hits.values()];
}

function toCheck(row: Selectable<ConflictChecks>): ConflictCheck {
  const hits = row.hits as unknown as ConflictHit[];
  return { ...row, hits, hitCount: hits.length };
}

/**
 * Conflict-of-interest checks: the firm's parties (people and organisations, their other
 * names and affiliations), a firm-wide search by normalised name and sound, and saved checks
 * with their decision. Searching and recording need `conflicts.check`; deciding a check and
 * removing a party need `conflicts.decide`. Every row is audited like every other.
 */
export function conflictsRepository(ctx: RepositoryContext) {
  const findParty = async (id: string): Promise<Party | undefined> =>
    ctx.db
      .selectFrom('parties')
      .select(PARTY_COLUMNS)
      .where('id', '=', parseInput(idSchema, id, 'id'))
      .executeTakeFirst();
  const findCheck = async (id: string): Promise<ConflictCheck | undefined> => {
    const row = await ctx.db
      .selectFrom('conflictChecks')
      .selectAll()
      .where('id', '=', parseInput(idSchema, id, 'id'))
      .executeTakeFirst();
    return row && toCheck(row);
  };
  const search = async (query: string, options: { limit?: number } = {}): Promise<ConflictHit[]> => {
    const input = parseInput(conflictSearchSchema, { query, ...options });
    await requirePermission(ctx, 'conflicts.check');
    const { rows } = await sql<SearchRow>`
      select * from legal.conflict_search(${input.query}, ${input.limit})`.execute(ctx.db);
    return toHits(rows);
  };

  return {
    /**
     * Records a party, with its other names. Needs `conflicts.check`.
     * @example `await t.conflicts.addParty({ kind: 'organization', name: 'Jones Logistics Ltd', otherNames: [{ name: 'JL Freight', kind: 'trade_name' }] });`
     */
    async addParty(input: CreatePartyInput): Promise<Party & { otherNames: PartyName[] }> {
      const { otherNames, ...values } = parseInput(createPartySchema, input);
      await requirePermission(ctx, 'conflicts.check');
      const id = randomUUID();
      const party = await ctx.db
        .insertInto('parties')
        .values({ ...values, id })
        .returning(PARTY_COLUMNS)
        .executeTakeFirstOrThrow();
      const names =
        otherNames.length === 0
          ? []
          : await ctx.db
              .insertInto('partyNames')
              .values(otherNames.map((n) => ({ partyId: id, name: n.name, nameKind: n.kind })))
              .returning(NAME_COLUMNS)
              .execute();
      return { ...party, otherNames: names };
    },
    findParty,
    async getParty(id: string): Promise<Party> {
      const found = await findParty(id);
      if (!found) throw new NotFoundError('party', id);
      return found;
    },
    /** Adds another name (alias, former name, …) to a party. Needs `conflicts.check`. */
    async addName(partyId: string, input: OtherNameInput): Promise<PartyName> {
      const pid = parseInput(idSchema, partyId, 'partyId');
      const v = parseInput(otherNameSchema, input);
      await requirePermission(ctx, 'conflicts.check');
      return ctx.db
        .insertInto('partyNames')
        .values({ partyId: pid, name: v.name, nameKind: v.kind })
        .returning(NAME_COLUMNS)
        .executeTakeFirstOrThrow();
    },
    /** A party's other names. */
    async names(partyId: string): Promise<PartyName[]> {
      const pid = parseInput(idSchema, partyId, 'partyId');
      return ctx.db.selectFrom('partyNames').select(NAME_COLUMNS).where('partyId', '=', pid).orderBy('name').execute();
    },
    /**
     * Records that `affiliateId` is the `relation` of `partyId` (its parent, a subsidiary, an
     * officer, …): a hit on either is reported with the other. Needs `conflicts.check`.
     */
    async affiliate(input: AffiliationInput): Promise<PartyAffiliation> {
      const v = parseInput(affiliationSchema, input);
      await requirePermission(ctx, 'conflicts.check');
      return ctx.db.insertInto('partyAffiliations').values(v).returningAll().executeTakeFirstOrThrow();
    },
    /** Removes a party (its names and affiliations with it). Needs `conflicts.decide`. */
    async removeParty(id: string): Promise<boolean> {
      const pid = parseInput(idSchema, id, 'id');
      await requirePermission(ctx, 'conflicts.decide');
      const result = await ctx.db.deleteFrom('parties').where('id', '=', pid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    /**
     * Every party of the firm whose name or other name is like `query` — case, accents,
     * punctuation and legal suffixes ignored, similar spellings and names that sound alike
     * found ("Jon Smyth Ltd" for "John Smith Limited") — with every matter it is a party of
     * and the parties affiliated with it. Firm-wide: a matter the user may not read is
     * reported without its title (`restricted`). Needs `conflicts.check`. Nothing is saved:
     * {@link check} saves the search as a record.
     */
    search,
    /**
     * Runs a conflict check and saves it as a record (who, when, the query, every hit), to be
     * decided. Needs `conflicts.check`.
     * @example
     * ```ts
     * const check = await t.conflicts.check({ query: 'John Smith Limited' });
     * if (check.hitCount === 0) await t.conflicts.decide(check.id, { decision: 'cleared' });
     * ```
     */
    async check(input: RunCheckInput): Promise<ConflictCheck> {
      const v = parseInput(runCheckSchema, input);
      const hits = await search(v.query, { limit: v.limit });
      const row = await ctx.db
        .insertInto('conflictChecks')
        .values({
          query: v.query,
          caseId: v.caseId ?? null,
          checkedBy: ctx.context.userId,
          hits: JSON.stringify(hits),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCheck(row);
    },
    /**
     * Decides a pending check: `cleared`, `waived` (with the reason, e.g. the clients'
     * informed consent) or `declined`. A check is decided once. Needs `conflicts.decide`.
     * @throws {CheckViolationError} the check was decided already (`conflict_checks_decided_once`)
     */
    async decide(id: string, input: DecideInput): Promise<ConflictCheck> {
      const cid = parseInput(idSchema, id, 'id');
      const v = parseInput(decideSchema, input);
      await requirePermission(ctx, 'conflicts.decide');
      const row = await ctx.db
        .updateTable('conflictChecks')
        .set({
          decision: v.decision,
          decisionReason: v.reason ?? null,
          decidedBy: ctx.context.userId,
          decidedAt: sql<Date>`now()`,
        })
        .where('id', '=', cid)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError('conflict check', id);
      return toCheck(row);
    },
    findCheck,
    async getCheck(id: string): Promise<ConflictCheck> {
      const found = await findCheck(id);
      if (!found) throw new NotFoundError('conflict check', id);
      return found;
    },
    /** Saved checks, newest first, keyset-paginated; by matter and/or decision. */
    async listChecks(input: ListChecksInput = {}): Promise<Page<ConflictCheck>> {
      const f = parseInput(listChecksSchema, input);
      let q = ctx.db
        .selectFrom('conflictChecks')
        .selectAll()
        .select(sortKey(CHECKS_KEYSET))
        .orderBy('checkedAt', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1);
      if (f.caseId) q = q.where('caseId', '=', f.caseId);
      if (f.decision) q = q.where('decision', '=', f.decision);
      if (f.cursor) q = q.where(afterCursor(f.cursor, CHECKS_KEYSET));
      const page = toPage(await q.execute(), f.limit);
      return { items: page.items.map(toCheck), nextCursor: page.nextCursor };
    },
  };
}

export type ConflictsRepository = ReturnType<typeof conflictsRepository>;
