import { query } from '@legal/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from './support/as-role.js';
import { legalDatabase, seedFirm, TENANT_A } from './support/legal-database.js';

const db = await legalDatabase();
const firm = await seedFirm(db.url, TENANT_A, 'workflow');
const statuses = (
  await query<{ code: string }>(db.url, 'select code from legal.case_statuses order by sort_order')
).map((r) => r.code);
const allowed = await query<{ from_status: string; to_status: string }>(
  db.url,
  'select from_status, to_status from legal.case_status_transitions order by 1, 2',
);
const isAllowed = (from: string, to: string) => allowed.some((t) => t.from_status === from && t.to_status === to);
const disallowed = statuses.flatMap((from) =>
  statuses.filter((to) => to !== from && !isAllowed(from, to)).map((to) => ({ from, to })),
);

let session: Session;
beforeAll(async () => {
  session = await Session.open(db.url);
});
afterAll(() => session.close());

describe('the case status workflow (as legal_app in a tenant context)', () => {
  it('is the DESIGN.md workflow', () => {
    expect(statuses).toEqual([
      'new',
      'pending_review',
      'assigned',
      'in_progress',
      'pending_completion',
      'completed',
      'on_hold',
      'archived',
    ]);
    const open = ['new', 'pending_review', 'assigned', 'in_progress', 'pending_completion'];
    expect(allowed).toHaveLength(6 + open.length * 2);
    expect(isAllowed('completed', 'archived')).toBe(true);
    for (const s of open) {
      expect(isAllowed(s, 'on_hold')).toBe(true);
      expect(isAllowed('on_hold', s)).toBe(true);
    }
    expect(disallowed.length).toBe(statuses.length * (statuses.length - 1) - allowed.length);
  });

  it.each(allowed.map((t) => [t.from_status, t.to_status]))(
    '%s → %s succeeds and is recorded with who and why',
    async (from, to) => {
      await session.as('legal_app', { tenantId: TENANT_A, userId: firm.lawyerId }, async (client) => {
        const { rows } = await client.query<{ id: string }>(
          `insert into legal.cases (owner_id, assigned_to, title, status) values ($1, $1, 'Workflow case', $2) returning id`,
          [firm.lawyerId, from],
        );
        const id = rows[0]?.id;
        // a workflow step's own reason, for its statement (set_config is not the application's)
        await client.query(`select legal.set_statement_reason('ready for the next step')`);
        await client.query('update legal.cases set status = $2 where id = $1', [id, to]);
        const history = await client.query(
          'select from_status, to_status, changed_by, reason from legal.case_status_history where case_id = $1 order by changed_at, from_status nulls first',
          [id],
        );
        expect(history.rows).toEqual([
          { from_status: null, to_status: from, changed_by: firm.lawyerId, reason: null },
          { from_status: from, to_status: to, changed_by: firm.lawyerId, reason: 'ready for the next step' },
        ]);
      });
    },
  );

  it.each(disallowed.map((t) => [t.from, t.to]))('%s → %s is rejected, naming both statuses', async (from, to) => {
    await session.as('legal_app', { tenantId: TENANT_A, userId: firm.lawyerId }, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `insert into legal.cases (owner_id, title, status) values ($1, 'Workflow case', $2) returning id`,
        [firm.lawyerId, from],
      );
      const error = await client
        .query('update legal.cases set status = $2 where id = $1', [rows[0]?.id, to])
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'LG001',
        message: `invalid case status transition from "${from}" to "${to}"`,
      });
      expect((error as { detail: string }).detail).toMatch(new RegExp(`^Allowed from "${from}": `));
    });
  });

  it('records the initial status, sets closed_at on completion, and leaves other updates alone', async () => {
    await session.as('legal_app', { tenantId: TENANT_A, userId: firm.lawyerId }, async (client) => {
      const { rows } = await client.query<{ id: string; status: string; folder_path: string; storage_prefix: string }>(
        `insert into legal.cases (owner_id, assigned_to, title) values ($1, $1, 'Fresh case') returning id, status, folder_path, storage_prefix`,
        [firm.lawyerId],
      );
      const created = rows[0];
      expect(created?.status).toBe('new');
      expect(created?.storage_prefix).toBe(`tenants/${TENANT_A}/cases/${created?.id}`);
      expect(created?.folder_path).toBe(`/${created?.id}`);
      await client.query("update legal.cases set title = 'Renamed case' where id = $1", [created?.id]);
      for (const status of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed']) {
        await client.query('update legal.cases set status = $2 where id = $1', [created?.id, status]);
      }
      const [done] = (
        await client.query('select closed_at is not null as closed from legal.cases where id = $1', [created?.id])
      ).rows;
      expect(done).toEqual({ closed: true });
      const history = await client.query(
        'select count(*)::int as n from legal.case_status_history where case_id = $1',
        [created?.id],
      );
      expect(history.rows[0]).toEqual({ n: 6 });
    });
  });
});
