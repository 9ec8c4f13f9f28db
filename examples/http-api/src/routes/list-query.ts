/**
 * A query string as an SDK list input: `limit` as a number, `true`/`false` as booleans, the
 * named list fields split on commas; everything else passed on as text (the SDK rejects an
 * unknown or malformed field with a ValidationError naming it: a 400).
 */
export function listQuery(query: Record<string, string>, lists: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key === 'limit') input[key] = /^\d+$/.test(value) ? Number(value) : value;
    else if (lists.includes(key)) input[key] = value.split(',');
    else if (value === 'true' || value === 'false') input[key] = value === 'true';
    else input[key] = value;
  }
  return input;
}
