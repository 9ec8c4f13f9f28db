-- 0018: functions pg_dump can restore.
--
-- legal.audit_redact (0016) calls itself from a SQL-standard body (RETURN …). Such a body is
-- parsed when the function is created, so it could only be made with CREATE OR REPLACE over
-- an earlier version; pg_dump emits one CREATE FUNCTION, and pg_restore fails on it
-- ("function legal.audit_redact(jsonb, text[]) does not exist"): no backup could be restored.
-- A string body is parsed when called, so the same function dumps and restores.
create or replace function legal.audit_redact(p_row jsonb, p_extra text[]) returns jsonb
  language sql immutable
as $$
  select case jsonb_typeof(p_row)
    when 'object' then (
      select coalesce(jsonb_object_agg(key, case when value <> 'null'::jsonb and legal.audit_is_secret(key, p_extra)
                                                 then '"[redacted]"'::jsonb
                                                 else legal.audit_redact(value, p_extra) end), '{}'::jsonb)
        from jsonb_each(p_row))
    when 'array' then (
      select coalesce(jsonb_agg(legal.audit_redact(e.value, p_extra) order by e.ord), '[]'::jsonb)
        from jsonb_array_elements(p_row) with ordinality e(value, ord))
    else p_row end
$$;
