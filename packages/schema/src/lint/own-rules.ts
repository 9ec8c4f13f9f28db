import { splitStatements } from '../migrator/split-statements.js';
import type { LintFinding, OwnLintRule } from './lint-finding.js';

type Draft = Omit<LintFinding, 'file' | 'accepted' | 'source'> & { rule: OwnLintRule };

const IDENT = String.raw`(?:"[^"]+"|[A-Za-z_][\w$]*)`;
const NAME = String.raw`(${IDENT}(?:\s*\.\s*${IDENT})?)`;
const CREATE_TABLE = new RegExp(
  String.raw`^create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?${NAME}\s*\(`,
  'i',
);
const POLICY = new RegExp(String.raw`^(create|alter|drop)\s+policy\s+(?:if\s+exists\s+)?${IDENT}\s+on\s+${NAME}`, 'i');
const GRANT = new RegExp(
  String.raw`^(grant|revoke)\s+[\w\s,()]+?\s+on\s+(?!function|procedure|routine|schema|sequence|all\s|type|domain|language|database|tablespace|foreign|large)(?:table\s+)?${NAME}`,
  'i',
);
const FUNCTION = new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:function|procedure)\s+${NAME}\s*\(`, 'i');

/** The bare, lower-case name of a possibly quoted, possibly qualified identifier. */
function bare(name: string): string {
  return (name.split('.').pop() ?? name).trim().replaceAll('"', '').toLowerCase();
}

/** The statement with comments, string literals and dollar-quoted bodies emptied. */
function outline(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, '$$$$')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/--[^\n]*/g, '');
}

/**
 * Our rules over one migration file:
 * - `tenant-table-without-isolation`: a table with a `tenant_id` column that the same file
 *   does not pass to `legal.enable_tenant_isolation` (which enables and forces RLS, writes
 *   the policies, grants and the FK index);
 * - `policy-outside-helper` / `grant-outside-helper`: a policy or a table grant written by
 *   hand, where the helper owns them;
 * - `security-definer-without-search-path`: a SECURITY DEFINER function without `SET search_path`;
 * - `recursive-sql-body`: a function calling itself from a SQL-standard body (`RETURN …` /
 *   `BEGIN ATOMIC`), which pg_dump writes but pg_restore cannot re-create;
 * - `atomic-body`: a `BEGIN ATOMIC` body: on a distributed (Citus) schema the migrator sends a
 *   migration statement by statement (Citus refuses some DDL in a multi-statement string), and
 *   the body's own `;` would cut the function apart.
 */
export function lintOwnRules(sql: string): Draft[] {
  const findings: Draft[] = [];
  const isolated = new Set(
    [...sql.matchAll(/enable_tenant_isolation\s*\(\s*'([^']+)'/gi)].map((m) => bare(m[1] ?? '')),
  );
  for (const statement of splitStatements(sql)) {
    const line = sql.slice(0, statement.offset).split('\n').length;
    const text = statement.sql;
    const shape = outline(text);
    const table = CREATE_TABLE.exec(shape);
    if (table?.[1] && /[(,]\s*tenant_id\s+\w/i.test(shape) && !isolated.has(bare(table[1]))) {
      findings.push({
        line,
        rule: 'tenant-table-without-isolation',
        message: `table ${table[1]} has tenant_id but this file never calls legal.enable_tenant_isolation('${table[1]}'): no RLS, no policies, no grants`,
      });
    }
    const policy = POLICY.exec(shape);
    if (policy?.[2]) {
      findings.push({
        line,
        rule: 'policy-outside-helper',
        message: `${policy[1]?.toLowerCase()} policy on ${policy[2]} by hand: tenant policies come from legal.enable_tenant_isolation (one per command, named <table>_<command>)`,
      });
    }
    const grant = GRANT.exec(shape);
    if (grant?.[2]) {
      findings.push({
        line,
        rule: 'grant-outside-helper',
        message: `${grant[1]?.toLowerCase()} on ${grant[2]} by hand: table privileges come from legal.enable_tenant_isolation (legal-schema verify compares them with the manifest)`,
      });
    }
    const fn = FUNCTION.exec(shape);
    if (fn?.[1]) {
      if (/\bsecurity\s+definer\b/i.test(shape) && !/\bset\s+search_path\b/i.test(shape)) {
        findings.push({
          line,
          rule: 'security-definer-without-search-path',
          message: `function ${fn[1]} is SECURITY DEFINER without SET search_path: a caller's search_path can hijack the names it uses`,
        });
      }
      if (/\bbegin\s+atomic\b/i.test(shape) && !/\$\$/.test(shape)) {
        findings.push({
          line,
          rule: 'atomic-body',
          message: `function ${fn[1]} has a BEGIN ATOMIC body: on a distributed (Citus) schema the migrator sends statements one by one and its ";" would cut it apart (use a string body: AS $$ … $$)`,
        });
      }
      const standardBody = /\)\s*(?:returns[\s\S]*?)?\b(return|begin\s+atomic)\b/i.test(shape) && !/\$\$/.test(shape);
      const self = new RegExp(String.raw`\b${bare(fn[1]).replace(/[$]/g, '\\$')}\s*\(`, 'gi');
      if (standardBody && (shape.match(self)?.length ?? 0) > 1) {
        findings.push({
          line,
          rule: 'recursive-sql-body',
          message: `function ${fn[1]} calls itself from a SQL-standard body: pg_restore cannot re-create it (use a string body: AS $$ … $$)`,
        });
      }
    }
  }
  return findings;
}
