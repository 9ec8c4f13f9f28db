-- 0025: validates the two constraints 0024 added to case_parties as NOT VALID, in a
-- transaction of its own: the scan runs under a lock that lets the firm's writes through.
alter table legal.case_parties validate constraint case_parties_party_fkey;
alter table legal.case_parties validate constraint case_parties_party_role_check;
