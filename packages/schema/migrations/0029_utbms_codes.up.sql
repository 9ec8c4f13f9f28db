-- 0029: UTBMS codes on time entries and expenses, for LEDES e-billing. The code sets of the
-- Uniform Task-Based Management System (the ABA's litigation task codes L100–L500, activity
-- codes A101–A111, expense codes E101–E124) are a function of the schema, not a table: they
-- are the standard's, the same for every firm, and CHECKs can use them. A time entry carries a
-- task code (a billable one: not a phase header such as L100) and an activity code; an expense
-- an expense code. (The constraints are added NOT VALID; 0030 validates them in a transaction
-- of its own.)

create function legal.utbms_codes()
  returns table (code_set text, code text, description text, phase boolean)
  language sql immutable parallel safe
  set search_path = pg_catalog
as $$
  values
    ('litigation_task', 'L100', 'Case Assessment, Development and Administration', true),
    ('litigation_task', 'L110', 'Fact Investigation/Development', false),
    ('litigation_task', 'L120', 'Analysis/Strategy', false),
    ('litigation_task', 'L130', 'Experts/Consultants', false),
    ('litigation_task', 'L140', 'Document/File Management', false),
    ('litigation_task', 'L150', 'Budgeting', false),
    ('litigation_task', 'L160', 'Settlement/Non-Binding ADR', false),
    ('litigation_task', 'L190', 'Other Case Assessment, Development and Administration', false),
    ('litigation_task', 'L200', 'Pre-Trial Pleadings and Motions', true),
    ('litigation_task', 'L210', 'Pleadings', false),
    ('litigation_task', 'L220', 'Preliminary Injunctions/Provisional Remedies', false),
    ('litigation_task', 'L230', 'Court Mandated Conferences', false),
    ('litigation_task', 'L240', 'Dispositive Motions', false),
    ('litigation_task', 'L250', 'Other Written Motions and Submissions', false),
    ('litigation_task', 'L260', 'Class Action Certification and Notice', false),
    ('litigation_task', 'L300', 'Discovery', true),
    ('litigation_task', 'L310', 'Written Discovery', false),
    ('litigation_task', 'L320', 'Document Production', false),
    ('litigation_task', 'L330', 'Depositions', false),
    ('litigation_task', 'L340', 'Expert Discovery', false),
    ('litigation_task', 'L350', 'Discovery Motions', false),
    ('litigation_task', 'L390', 'Other Discovery', false),
    ('litigation_task', 'L400', 'Trial Preparation and Trial', true),
    ('litigation_task', 'L410', 'Fact Witnesses', false),
    ('litigation_task', 'L420', 'Expert Witnesses', false),
    ('litigation_task', 'L430', 'Written Motions and Submissions', false),
    ('litigation_task', 'L440', 'Other Trial Preparation and Support', false),
    ('litigation_task', 'L450', 'Trial and Hearing Attendance', false),
    ('litigation_task', 'L460', 'Post-Trial Motions and Submissions', false),
    ('litigation_task', 'L470', 'Enforcement', false),
    ('litigation_task', 'L500', 'Appeal', true),
    ('litigation_task', 'L510', 'Appellate Motions and Submissions', false),
    ('litigation_task', 'L520', 'Appellate Briefs', false),
    ('litigation_task', 'L530', 'Oral Argument', false),
    ('activity', 'A101', 'Plan and prepare for', false),
    ('activity', 'A102', 'Research', false),
    ('activity', 'A103', 'Draft/revise', false),
    ('activity', 'A104', 'Review/analyze', false),
    ('activity', 'A105', 'Communicate (in firm)', false),
    ('activity', 'A106', 'Communicate (with client)', false),
    ('activity', 'A107', 'Communicate (other outside counsel)', false),
    ('activity', 'A108', 'Communicate (other external)', false),
    ('activity', 'A109', 'Appear for/attend', false),
    ('activity', 'A110', 'Manage data/files', false),
    ('activity', 'A111', 'Other', false),
    ('expense', 'E101', 'Copying', false),
    ('expense', 'E102', 'Outside printing', false),
    ('expense', 'E103', 'Word processing', false),
    ('expense', 'E104', 'Facsimile', false),
    ('expense', 'E105', 'Telephone', false),
    ('expense', 'E106', 'Online research', false),
    ('expense', 'E107', 'Delivery services/messengers', false),
    ('expense', 'E108', 'Postage', false),
    ('expense', 'E109', 'Local travel', false),
    ('expense', 'E110', 'Out-of-town travel', false),
    ('expense', 'E111', 'Meals', false),
    ('expense', 'E112', 'Court fees', false),
    ('expense', 'E113', 'Subpoena fees', false),
    ('expense', 'E114', 'Witness fees', false),
    ('expense', 'E115', 'Deposition transcripts', false),
    ('expense', 'E116', 'Trial transcripts', false),
    ('expense', 'E117', 'Trial exhibits', false),
    ('expense', 'E118', 'Litigation support vendors', false),
    ('expense', 'E119', 'Experts', false),
    ('expense', 'E120', 'Private investigators', false),
    ('expense', 'E121', 'Arbitrators/mediators', false),
    ('expense', 'E122', 'Local counsel', false),
    ('expense', 'E123', 'Other professionals', false),
    ('expense', 'E124', 'Other', false)
$$;
comment on function legal.utbms_codes() is 'The UTBMS code sets (litigation tasks, activities, expenses) used on LEDES invoices; phase headers (L100, L200, …) are not billed.';
grant execute on function legal.utbms_codes() to legal_app, legal_readonly, legal_system;

-- Whether a code is a billable code of the set.
create function legal.utbms_code_valid(p_set text, p_code text) returns boolean
  language sql immutable parallel safe
  set search_path = pg_catalog
as $$
  select exists (select 1 from legal.utbms_codes() u where u.code_set = p_set and u.code = p_code and not u.phase)
$$;
grant execute on function legal.utbms_code_valid(text, text) to legal_app, legal_readonly, legal_system;

alter table legal.time_entries add column utbms_task_code text, add column utbms_activity_code text;
alter table legal.time_entries
  add constraint time_entries_utbms_task_code_check
    check (utbms_task_code is null or legal.utbms_code_valid('litigation_task', utbms_task_code)) not valid;
alter table legal.time_entries
  add constraint time_entries_utbms_activity_code_check
    check (utbms_activity_code is null or legal.utbms_code_valid('activity', utbms_activity_code)) not valid;
alter table legal.expenses add column utbms_expense_code text;
alter table legal.expenses
  add constraint expenses_utbms_expense_code_check
    check (utbms_expense_code is null or legal.utbms_code_valid('expense', utbms_expense_code)) not valid;

select legal.hand_over_ownership();
