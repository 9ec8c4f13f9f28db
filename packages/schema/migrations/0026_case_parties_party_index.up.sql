-- legal:no-transaction
-- 0026: the index on case_parties.party_id (0024), built without blocking writes: the
-- conflict search finds a party's matters through it.
create index concurrently if not exists case_parties_party_idx on legal.case_parties (tenant_id, party_id);
