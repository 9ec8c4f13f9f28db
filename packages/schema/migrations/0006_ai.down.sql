drop table legal.ai_queries;
drop table legal.conversation_messages;
drop table legal.conversations;
