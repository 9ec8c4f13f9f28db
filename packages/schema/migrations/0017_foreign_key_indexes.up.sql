-- legal:no-transaction
-- 0017: foreign keys whose only indexes were partial get a full one (a partial index serves
-- only the rows its predicate keeps; the foreign key's checks and joins need them all).
-- Built concurrently: writes to the tables go on while it runs.
create index concurrently if not exists cases_assigned_to_idx on legal.cases (tenant_id, assigned_to);
create index concurrently if not exists documents_case_idx on legal.documents (tenant_id, case_id);
