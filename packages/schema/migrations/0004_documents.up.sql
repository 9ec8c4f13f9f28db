-- 0004: documents. Seeds: 000 (case_files: logical path unique per case, content hash,
-- storage key, versions, derived files, upload status), 001 (Case_Document, 100 MB limit),
-- 002 (documents with extracted text), 003 (Document, DocumentChunk, DocumentPermission),
-- 004 (documents, document_categories).

create table legal.document_categories (
  tenant_id   uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id          uuid not null default gen_random_uuid(),
  parent_id   uuid,
  name        text not null constraint document_categories_name_not_blank check (length(trim(name)) > 0),
  description text,
  is_default  boolean not null default false,
  created_at  timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references legal.document_categories (tenant_id, id) on delete cascade,
  constraint document_categories_name_key unique nulls not distinct (tenant_id, parent_id, name)
);
select legal.enable_tenant_isolation('legal.document_categories');

create table legal.documents (
  tenant_id         uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                uuid not null default gen_random_uuid(),
  case_id           uuid,
  client_id         uuid,
  category_id       uuid,
  logical_path      text not null constraint documents_logical_path_format check (logical_path !~ '(^/|//|(^|/)\.\.(/|$))' and length(logical_path) > 0),
  file_name         text not null constraint documents_file_name_not_blank check (length(trim(file_name)) > 0 and char_length(file_name) <= 255),
  title             text,
  file_type         text,
  mime_type         text,
  file_size         bigint not null constraint documents_valid_file_size check (file_size >= 0),
  content_hash      text constraint documents_content_hash_format check (content_hash ~ '^[0-9a-f]{64}$'),
  storage_key       text not null,
  version_id        text,
  current_version   integer not null default 1 constraint documents_current_version_check check (current_version > 0),
  is_derived        boolean not null default false,
  derived_from      uuid,
  derivation_kind   text constraint documents_derivation_kind_check check (derivation_kind in ('ocr', 'conversion', 'redaction', 'extract', 'other')),
  upload_status     text not null default 'pending'
                    constraint documents_valid_upload_status check (upload_status in ('pending', 'uploading', 'completed', 'failed')),
  extracted_text    text,
  metadata          jsonb not null default '{}' constraint documents_metadata_object check (jsonb_typeof(metadata) = 'object'),
  mission           text, -- seed 003
  project           text, -- seed 003
  total_chunks      integer not null default 0 constraint documents_total_chunks_check check (total_chunks >= 0),
  uploaded_by       uuid,
  legal_hold        boolean not null default false,
  legal_hold_reason text,
  legal_hold_set_at timestamptz,
  legal_hold_set_by uuid,
  deleted_at        timestamptz,
  deleted_by        uuid,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  search_vector     tsvector generated always as (
                      to_tsvector('english'::regconfig, file_name || ' ' || coalesce(title, '') || ' ' || coalesce(extracted_text, ''))) stored,
  primary key (tenant_id, id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id),
  foreign key (tenant_id, category_id) references legal.document_categories (tenant_id, id) on delete set null (category_id),
  foreign key (tenant_id, derived_from) references legal.documents (tenant_id, id),
  foreign key (tenant_id, uploaded_by) references legal.users (tenant_id, id) on delete set null (uploaded_by),
  foreign key (tenant_id, legal_hold_set_by) references legal.users (tenant_id, id) on delete set null (legal_hold_set_by),
  foreign key (tenant_id, deleted_by) references legal.users (tenant_id, id) on delete set null (deleted_by),
  constraint documents_storage_key_key unique (tenant_id, storage_key),
  constraint documents_derived_check check (is_derived = (derived_from is not null)),
  constraint documents_legal_hold_reason_check check (not legal_hold or legal_hold_reason is not null)
);
-- seed 000: logical path unique per case (among documents not deleted)
create unique index documents_case_logical_path_key on legal.documents (tenant_id, case_id, logical_path) where deleted_at is null;
create index documents_logical_path_idx on legal.documents (tenant_id, logical_path);
create index documents_content_hash_idx on legal.documents (tenant_id, content_hash);
create index documents_upload_status_idx on legal.documents (tenant_id, upload_status);
create index documents_search_idx on legal.documents using gin (tenant_id, search_vector);
create index documents_file_name_trgm_idx on legal.documents using gin (tenant_id, file_name extensions.gin_trgm_ops);
-- seed 002 / 003
create index documents_client_idx on legal.documents (tenant_id, client_id, created_at);
create index documents_mission_idx on legal.documents (tenant_id, mission);
create index documents_category_idx on legal.documents (tenant_id, category_id);
create index documents_derived_from_idx on legal.documents (tenant_id, derived_from);
create index documents_uploaded_by_idx on legal.documents (tenant_id, uploaded_by);
create index documents_legal_hold_set_by_idx on legal.documents (tenant_id, legal_hold_set_by);
create index documents_deleted_by_idx on legal.documents (tenant_id, deleted_by);
create index documents_held_idx on legal.documents (tenant_id, id) where legal_hold;
select legal.enable_tenant_isolation('legal.documents');

-- Seed 001's size limit (100 MB), per tenant: tenants.max_document_size_bytes.
create function legal.documents_check_size() returns trigger
  language plpgsql
as $$
declare
  max_size bigint;
begin
  select t.max_document_size_bytes into max_size from legal.tenants t where t.id = new.tenant_id;
  if new.file_size > coalesce(max_size, 104857600) then
    raise exception 'file of % bytes is larger than the limit of % bytes', new.file_size, coalesce(max_size, 104857600)
      using errcode = 'check_violation', constraint = 'documents_file_size_limit', table = 'documents', schema = 'legal',
            column = 'file_size';
  end if;
  return new;
end;
$$;
create trigger documents_check_size before insert or update of file_size on legal.documents
  for each row execute function legal.documents_check_size();

-- Legal hold: a held document can be neither deleted nor soft-deleted (SQLSTATE LG002).
create function legal.documents_enforce_legal_hold() returns trigger
  language plpgsql
as $$
begin
  if tg_op = 'DELETE' and old.legal_hold then
    raise exception 'document % is under legal hold and cannot be deleted', old.id
      using errcode = 'LG002', detail = format('Hold reason: %s', old.legal_hold_reason);
  end if;
  if tg_op = 'UPDATE' and old.legal_hold and new.legal_hold and new.deleted_at is not null and old.deleted_at is null then
    raise exception 'document % is under legal hold and cannot be deleted', old.id
      using errcode = 'LG002', detail = format('Hold reason: %s', old.legal_hold_reason);
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end;
$$;
create trigger documents_enforce_legal_hold before update or delete on legal.documents
  for each row execute function legal.documents_enforce_legal_hold();

create table legal.document_versions (
  tenant_id      uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id             uuid not null default gen_random_uuid(),
  document_id    uuid not null,
  version_number integer not null constraint document_versions_version_number_check check (version_number > 0),
  storage_key    text not null,
  version_id     text,
  file_size      bigint not null constraint document_versions_file_size_check check (file_size >= 0),
  content_hash   text constraint document_versions_content_hash_format check (content_hash ~ '^[0-9a-f]{64}$'),
  mime_type      text,
  comment        text,
  uploaded_by    uuid,
  created_at     timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references legal.documents (tenant_id, id) on delete cascade,
  foreign key (tenant_id, uploaded_by) references legal.users (tenant_id, id) on delete set null (uploaded_by),
  constraint document_versions_number_key unique (tenant_id, document_id, version_number)
);
create index document_versions_uploaded_by_idx on legal.document_versions (tenant_id, uploaded_by);
create index document_versions_content_hash_idx on legal.document_versions (tenant_id, content_hash);
select legal.enable_tenant_isolation('legal.document_versions');

create table legal.document_chunks (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id              uuid not null default gen_random_uuid(),
  document_id     uuid not null,
  chunk_index     integer not null constraint document_chunks_chunk_index_check check (chunk_index >= 0),
  text            text not null,
  start_char      integer not null constraint document_chunks_start_char_check check (start_char >= 0),
  end_char        integer not null,
  embedding       real[],
  embedding_model text,
  created_at      timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references legal.documents (tenant_id, id) on delete cascade,
  constraint document_chunks_index_key unique (tenant_id, document_id, chunk_index),
  constraint document_chunks_span_check check (end_char >= start_char),
  constraint document_chunks_embedding_model_check check ((embedding is null) = (embedding_model is null)),
  constraint document_chunks_embedding_shape check (embedding is null or (array_ndims(embedding) = 1 and cardinality(embedding) > 0))
);
create index document_chunks_model_idx on legal.document_chunks (tenant_id, embedding_model);
select legal.enable_tenant_isolation('legal.document_chunks');

create table legal.document_permissions (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id              uuid not null default gen_random_uuid(),
  document_id     uuid not null,
  user_id         uuid,
  role_id         uuid,
  permission_type text not null constraint document_permissions_permission_type_check check (permission_type in ('read', 'write', 'delete')),
  granted_by      uuid,
  created_at      timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references legal.documents (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, role_id) references legal.roles (tenant_id, id) on delete cascade,
  foreign key (tenant_id, granted_by) references legal.users (tenant_id, id) on delete set null (granted_by),
  constraint document_permissions_grantee_check check (num_nonnulls(user_id, role_id) = 1)
);
create unique index document_permissions_user_key on legal.document_permissions (tenant_id, document_id, user_id, permission_type) where user_id is not null;
create unique index document_permissions_role_key on legal.document_permissions (tenant_id, document_id, role_id, permission_type) where role_id is not null;
create index document_permissions_user_idx on legal.document_permissions (tenant_id, user_id);
create index document_permissions_role_idx on legal.document_permissions (tenant_id, role_id);
create index document_permissions_granted_by_idx on legal.document_permissions (tenant_id, granted_by);
select legal.enable_tenant_isolation('legal.document_permissions');

select legal.hand_over_ownership();
