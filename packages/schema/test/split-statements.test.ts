import { describe, expect, it } from 'vitest';
import { splitStatements } from '../src/migrator/split-statements.js';

describe('splitStatements', () => {
  it('splits at top-level semicolons and reports where each statement starts', () => {
    const script =
      '-- legal:no-transaction\n-- why\ncreate index concurrently a on t (x);\n\n  create index concurrently b on t (y);\n';
    expect(splitStatements(script)).toEqual([
      { sql: 'create index concurrently a on t (x)', offset: script.indexOf('create index concurrently a') },
      { sql: 'create index concurrently b on t (y)', offset: script.indexOf('create index concurrently b') },
    ]);
  });

  it('ignores semicolons in strings, quoted identifiers, dollar quotes and comments', () => {
    const script = [
      "insert into t values ('a;b', 'it''s; fine', E'back\\';slash');",
      'select 1 as "semi;colon";',
      'create function f() returns int language plpgsql as $body$ begin return 1; end; $body$;',
      'do $$ begin perform 1; end $$;',
      'select 2 /* a ; comment /* nested ; */ still */ ;',
      'select 3 -- trailing ; comment',
      ';',
    ].join('\n');
    expect(splitStatements(script).map((s) => s.sql.split('\n')[0])).toEqual([
      "insert into t values ('a;b', 'it''s; fine', E'back\\';slash')",
      'select 1 as "semi;colon"',
      'create function f() returns int language plpgsql as $body$ begin return 1; end; $body$',
      'do $$ begin perform 1; end $$',
      'select 2 /* a ; comment /* nested ; */ still */',
      'select 3 -- trailing ; comment',
    ]);
  });

  it('drops empty statements and comment-only tails', () => {
    expect(splitStatements(';;\n-- nothing here\n')).toEqual([]);
  });
});
