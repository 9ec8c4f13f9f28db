-- 0024 down: conflict checks removed (the checks, the parties, their names and affiliations).
drop function if exists legal.conflict_search(text, integer);
drop table if exists legal.conflict_checks;
drop function if exists legal.conflict_check_guard();
alter table legal.case_parties drop constraint if exists case_parties_party_role_check;
update legal.case_parties set party_role = 'other' where party_role = 'related_party';
alter table legal.case_parties add constraint case_parties_party_role_check check (party_role in (
  'client', 'opposing_party', 'opposing_counsel', 'co_counsel', 'witness', 'judge', 'expert', 'other'));
alter table legal.case_parties drop constraint if exists case_parties_party_fkey;
alter table legal.case_parties drop column if exists party_id;
drop table if exists legal.party_affiliations;
drop table if exists legal.party_names;
drop table if exists legal.parties;
drop function if exists legal.party_name_sound(text);
drop function if exists legal.normalize_party_name(text);
revoke usage on schema extensions from legal_owner;
delete from legal.role_permissions where permission_code in ('conflicts.check', 'conflicts.decide');
delete from legal.default_role_permissions where permission_code in ('conflicts.check', 'conflicts.decide');
delete from legal.permissions where code in ('conflicts.check', 'conflicts.decide');
