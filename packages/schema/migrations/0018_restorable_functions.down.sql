-- 0018 down: the SQL-standard body of 0016 (replacing the existing function, so it may call itself).
create or replace function legal.audit_redact(p_row jsonb, p_extra text[]) returns jsonb
  language sql immutable
  return case jsonb_typeof(p_row)
    when 'object' then (
      select coalesce(jsonb_object_agg(key, case when value <> 'null'::jsonb and legal.audit_is_secret(key, p_extra)
                                                 then '"[redacted]"'::jsonb
                                                 else legal.audit_redact(value, p_extra) end), '{}'::jsonb)
        from jsonb_each(p_row))
    when 'array' then (
      select coalesce(jsonb_agg(legal.audit_redact(e.value, p_extra) order by e.ord), '[]'::jsonb)
        from jsonb_array_elements(p_row) with ordinality e(value, ord))
    else p_row end;
