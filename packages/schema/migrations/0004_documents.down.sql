drop table legal.document_permissions;
drop table legal.document_chunks;
drop table legal.document_versions;
drop table legal.documents;
drop function legal.documents_enforce_legal_hold();
drop function legal.documents_check_size();
drop table legal.document_categories;
