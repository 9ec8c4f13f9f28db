#!/usr/bin/env node
/**
 * Docs take their examples from tested code. A fenced block preceded by
 *   <!-- example: path/to/file.ts#region-name -->
 * is replaced with the lines between `// #region region-name` and `// #endregion` of that
 * file (dedented). `node scripts/docs-examples.mjs` rewrites docs/*.md; `--check` only
 * reports blocks that differ (exit 1), which a test runs on every `pnpm test`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = /<!-- example: ([^#\s]+)#([\w-]+) -->\n```(\w+)\n[\s\S]*?^```$/gm;

/** The dedented body of `// #region name` in `file` (relative to the repository root). */
export function region(file, name) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  if (start < 0) throw new Error(`${file}: no "// #region ${name}"`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  if (end < 0) throw new Error(`${file}: "// #region ${name}" has no "// #endregion"`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return body.map((l) => l.slice(indent)).join('\n');
}

/** Every docs page with its examples filled in: `{ file, current, expected }`. */
export function docsPages() {
  const dir = join(root, 'docs');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const current = readFileSync(join(dir, f), 'utf8');
      const expected = current.replace(
        MARKER,
        (_all, file, name, lang) => `<!-- example: ${file}#${name} -->\n\`\`\`${lang}\n${region(file, name)}\n\`\`\``,
      );
      return { file: `docs/${f}`, current, expected, examples: [...current.matchAll(MARKER)].length };
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const page of docsPages()) {
    if (page.current === page.expected) continue;
    stale++;
    if (check) console.error(`${page.file}: examples differ from the tested code (run: pnpm docs:examples)`);
    else writeFileSync(join(root, page.file), page.expected);
  }
  if (check && stale) process.exit(1);
  if (!check) console.log(stale ? `updated ${stale} page(s)` : 'docs examples are up to date');
}
