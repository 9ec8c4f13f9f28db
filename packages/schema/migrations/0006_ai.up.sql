-- 0006: the AI assistant. Seeds: 002 (conversations with messages per client),
-- 003 (AuditLog of queries: retrieved documents, answer, confidence, refusal, sources, timing).

create table legal.conversations (
  tenant_id   uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id          uuid not null default gen_random_uuid(),
  user_id     uuid not null,
  client_id   uuid,
  case_id     uuid,
  title       text,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  archived_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id),
  foreign key (tenant_id, client_id) references legal.clients (tenant_id, id) on delete cascade,
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete cascade
);
create index conversations_client_idx on legal.conversations (tenant_id, client_id, updated_at desc);
create index conversations_case_idx on legal.conversations (tenant_id, case_id, updated_at desc);
create index conversations_user_idx on legal.conversations (tenant_id, user_id, updated_at desc);
select legal.enable_tenant_isolation('legal.conversations');

create table legal.conversation_messages (
  tenant_id       uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id              uuid not null default gen_random_uuid(),
  conversation_id uuid not null,
  role            text not null constraint conversation_messages_role_check check (role in ('user', 'assistant', 'system')),
  content         text not null,
  metadata        jsonb not null default '{}' constraint conversation_messages_metadata_object check (jsonb_typeof(metadata) = 'object'),
  created_at      timestamptz not null default clock_timestamp(),
  primary key (tenant_id, id),
  foreign key (tenant_id, conversation_id) references legal.conversations (tenant_id, id) on delete cascade
);
create index conversation_messages_conversation_idx on legal.conversation_messages (tenant_id, conversation_id, created_at);
create index conversation_messages_time_idx on legal.conversation_messages (tenant_id, created_at);
create index conversation_messages_role_idx on legal.conversation_messages (tenant_id, role);
select legal.enable_tenant_isolation('legal.conversation_messages');

create table legal.ai_queries (
  tenant_id           uuid not null default legal.current_tenant_id() references legal.tenants (id),
  id                  uuid not null default gen_random_uuid(),
  user_id             uuid not null,
  conversation_id     uuid,
  case_id             uuid,
  query_text          text not null constraint ai_queries_query_text_not_blank check (length(trim(query_text)) > 0),
  retrieved_documents jsonb not null default '[]' constraint ai_queries_retrieved_documents_array check (jsonb_typeof(retrieved_documents) = 'array'),
  answer              text,
  confidence_score    real constraint ai_queries_confidence_check check (confidence_score between 0 and 1),
  refusal_reason      text,
  sources             jsonb not null default '[]' constraint ai_queries_sources_array check (jsonb_typeof(sources) = 'array'),
  response_time_ms    integer not null constraint ai_queries_response_time_check check (response_time_ms >= 0),
  model               text,
  created_at          timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references legal.users (tenant_id, id),
  foreign key (tenant_id, conversation_id) references legal.conversations (tenant_id, id) on delete set null (conversation_id),
  foreign key (tenant_id, case_id) references legal.cases (tenant_id, id) on delete set null (case_id),
  constraint ai_queries_answer_or_refusal check (answer is not null or refusal_reason is not null)
);
create index ai_queries_time_idx on legal.ai_queries (tenant_id, created_at);
create index ai_queries_user_idx on legal.ai_queries (tenant_id, user_id, created_at);
create index ai_queries_conversation_idx on legal.ai_queries (tenant_id, conversation_id);
create index ai_queries_case_idx on legal.ai_queries (tenant_id, case_id);
select legal.enable_tenant_isolation('legal.ai_queries');

select legal.hand_over_ownership();
