-- legal:no-transaction
drop index concurrently if exists legal.documents_case_idx;
drop index concurrently if exists legal.cases_assigned_to_idx;
