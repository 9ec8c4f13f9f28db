import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The pages a reader of the repository or of a published package opens. */
async function pages(): Promise<string[]> {
  const docs = (await readdir(join(repo, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const readmes = ['README.md', 'packages/schema/README.md', 'packages/data/README.md', 'packages/testing/README.md'];
  const examples = (await readdir(join(repo, 'examples')))
    .map((e) => `examples/${e}/README.md`)
    .filter((f) => existsSync(join(repo, f)));
  return [...readmes, ...docs, ...examples];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

it('every relative link of the docs and READMEs reaches a file (and a heading, for an anchor)', async () => {
  const broken: string[] = [];
  let checked = 0;
  for (const page of await pages()) {
    const text = await readFile(join(repo, page), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!target || /^[a-z]+:/.test(target)) continue;
      const [path = '', anchor] = target.split('#');
      const file = path ? resolve(dirname(join(repo, page)), path) : join(repo, page);
      checked++;
      if (!existsSync(file)) {
        broken.push(`${page}: ${target} (no such file)`);
        continue;
      }
      if (anchor && file.endsWith('.md')) {
        const headings = [...(await readFile(file, 'utf8')).matchAll(/^#+ (.+)$/gm)].map((m) => anchorOf(m[1] ?? ''));
        if (!headings.includes(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
  }
  expect(broken).toEqual([]);
  expect(checked).toBeGreaterThan(30);
});

it('the docs stand on their own: no pointer to files a reader of the repository cannot open', async () => {
  const found: string[] = [];
  for (const page of await pages()) {
    const text = await readFile(join(repo, page), 'utf8');
    for (const pattern of [/DESIGN\.md/, /seeds\//, /\.\.\/shared\//, /\b00[0-4]_[0-9a-f]{8,}\.txt/]) {
      if (pattern.test(text)) found.push(`${page}: ${pattern}`);
    }
  }
  expect(found).toEqual([]);
});
