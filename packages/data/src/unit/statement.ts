/** One SQL statement of a unit, with its bind parameters. */
export interface Statement {
  readonly text: string;
  readonly values?: readonly unknown[];
  /** Whether the text is worth preparing on the connection (not when it carries literal values). Default: true. */
  readonly prepare?: boolean;
  /** The property name of each column in the result rows (e.g. camelCase). Default: the column's name. */
  readonly columnName?: (column: string) => string;
}

/** What a statement sent by application code inside a unit may do to the unit and its connection. */
export type StatementEffect =
  /** Runs inside the unit's transaction and leaves nothing behind on the connection. */
  | { kind: 'plain' }
  /** Leaves state on the pooled connection (a session SET, LISTEN, PREPARE, a DO block, …): the connection is discarded after the unit. */
  | { kind: 'session'; statement: string }
  /** Would end or split the unit's transaction, change its role or forge its context: refused before it is sent. */
  | { kind: 'refused'; statement: string; hint: string };

const TRANSACTION_CONTROL = new Set(['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT', 'SAVEPOINT', 'RELEASE']);
const SESSION_STATE = new Set([
  'LISTEN',
  'UNLISTEN',
  'PREPARE',
  'DEALLOCATE',
  'DECLARE',
  'DISCARD',
  'LOAD',
  'DO',
  'CALL',
  'CREATE TEMP',
  'CREATE TEMPORARY',
  'CREATE LOCAL',
  'CREATE GLOBAL',
  'CREATE UNLOGGED',
]);
/** Settings owned by the unit itself: the context (`legal.*`), the role and the session identity. */
function isUnitSetting(scope: string, name: string): boolean {
  return (
    name.startsWith('LEGAL.') ||
    name === 'ROLE' ||
    name === 'SESSION_AUTHORIZATION' ||
    (scope === 'SESSION' && name === 'AUTHORIZATION')
  );
}

/**
 * Classifies a statement by its leading keywords (comments and whitespace skipped), so that
 * application SQL cannot end the unit's transaction, take another role, rewrite the context,
 * or leave session state behind on a pooled connection unnoticed. A statement that mentions
 * `set_config(` anywhere is treated as changing the session (it may set a session value).
 */
export function classifyStatement(text: string): StatementEffect {
  const words = leadingWords(text, 4);
  const first = words[0] ?? '';
  const two = words.slice(0, 2).join(' ');
  if (first === 'PREPARE' && words[1] === 'TRANSACTION') {
    return { kind: 'refused', statement: 'PREPARE TRANSACTION', hint: 'a unit commits itself' };
  }
  if (TRANSACTION_CONTROL.has(first) || (first === 'COMMIT' && words[1] === 'PREPARED')) {
    return {
      kind: 'refused',
      statement: first,
      hint: 'a unit is one transaction, committed or rolled back by withTenant; use t.savepoint(fn) to recover from an error inside it',
    };
  }
  if (first === 'COPY') {
    return { kind: 'refused', statement: 'COPY', hint: 'the COPY sub-protocol is not available inside a unit' };
  }
  if (first === 'SET' || first === 'RESET') {
    const scope = words[1] ?? '';
    const local = scope === 'LOCAL';
    const name = words[local || scope === 'SESSION' ? 2 : 1] ?? '';
    const rest = words.slice(local || scope === 'SESSION' ? 2 : 1).join(' ');
    if (isUnitSetting(scope, name) || (first === 'RESET' && scope === 'ALL')) {
      return {
        kind: 'refused',
        statement: `${first} ${scope === 'SESSION' ? 'SESSION ' : ''}${rest || scope}`.trim(),
        hint: 'the role and the context of a unit are set by withTenant/asSystem and cannot be changed from inside it',
      };
    }
    if (first === 'SET' && (local || scope === 'TRANSACTION' || scope === 'CONSTRAINTS')) return { kind: 'plain' };
    return { kind: 'session', statement: `${first} ${rest}`.trim() };
  }
  if (SESSION_STATE.has(first)) return { kind: 'session', statement: first };
  if (SESSION_STATE.has(two)) return { kind: 'session', statement: two };
  if (/\bset_config\s*\(/i.test(text)) return { kind: 'session', statement: 'set_config()' };
  return { kind: 'plain' };
}

/** The first `n` words of a statement, upper-cased, after whitespace, comments and opening parentheses. */
function leadingWords(text: string, n: number): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length && words.length < n) {
    const c = text[i] as string;
    if (/\s|\(/.test(c)) {
      i++;
    } else if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      // block comments nest in PostgreSQL
      let depth = 0;
      do {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else i++;
      } while (depth > 0 && i < text.length);
    } else {
      const match = /^[A-Za-z_][A-Za-z0-9_.$]*|^"(?:[^"]|"")*"/.exec(text.slice(i));
      if (!match) break;
      const word = match[0];
      words.push(word.startsWith('"') ? word.slice(1, -1).replace(/""/g, '"').toUpperCase() : word.toUpperCase());
      i += word.length;
    }
  }
  return words;
}
