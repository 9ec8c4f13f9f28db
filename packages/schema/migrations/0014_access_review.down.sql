drop trigger roles_keep_defaults on legal.roles;
drop function legal.roles_keep_defaults();
drop function legal.review_case_access(uuid);
drop function legal.review_user_access(uuid);
