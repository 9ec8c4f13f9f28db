import type pg from 'pg';

/** One chain's walk: the firm (or the schema's own chain), rows checked, the first problem or null. */
export interface ChainWalk {
  tenant: string;
  checked: number;
  problem: string | null;
}

/** Walks every audit chain (`legal.verify_audit_chain` for each chain head), in tenant order. */
export async function walkAuditChains(client: pg.ClientBase): Promise<ChainWalk[]> {
  const { rows } = await client.query<ChainWalk>(
    `select h.tenant_id::text as tenant, v.checked::int, v.problem
       from legal.audit_chain_heads h, lateral legal.verify_audit_chain(h.tenant_id) v order by 1`,
  );
  return rows;
}
