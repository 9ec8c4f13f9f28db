#!/usr/bin/env node
// Parses every ```mermaid block of the Markdown pages named on the command line with Mermaid
// itself (in a DOM from jsdom, which Mermaid's sanitiser needs). Prints one line per failure and
// a count; exits 1 when any block fails. Kept apart from the packages so that jsdom does not
// become a peer of their vitest.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
const { default: mermaid } = await import('mermaid');

let parsed = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  const page = readFileSync(file, 'utf8');
  for (const match of page.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
    try {
      const { diagramType } = await mermaid.parse(match[1]);
      parsed++;
      if (process.env.MERMAID_CHECK_VERBOSE) console.log(`${file}: ${diagramType}`);
    } catch (error) {
      failures.push(
        `${file}: ${String(error?.message ?? error)
          .split('\n')
          .slice(0, 4)
          .join(' ')}`,
      );
    }
  }
}
for (const failure of failures) console.log(`FAILED ${failure}`);
console.log(`${parsed} Mermaid diagrams parsed, ${failures.length} failed`);
process.exit(failures.length > 0 ? 1 : 0);
