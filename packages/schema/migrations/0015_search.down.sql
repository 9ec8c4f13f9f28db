alter index legal.clients_search_idx reset (fastupdate);
alter index legal.documents_file_name_trgm_idx reset (fastupdate);
alter index legal.documents_search_idx reset (fastupdate);
alter index legal.cases_search_idx reset (fastupdate);
drop function legal.search_documents(text, uuid, integer);
drop function legal.search_cases(text, integer);
