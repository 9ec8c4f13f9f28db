-- legal:no-transaction
drop index concurrently if exists legal.case_parties_party_idx;
