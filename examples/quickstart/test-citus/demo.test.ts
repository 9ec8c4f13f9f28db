import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createCitusDatabase } from '@legal/testing';
import { expect, inject, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

it('the demo tour on a Citus cluster: migrations (distributed), two firms, the workflow, search, isolation, the audit chain', async () => {
  const url = await createCitusDatabase(inject('legalCitus'));
  const { stdout } = await promisify(execFile)('pnpm', ['run', '--silent', 'demo'], {
    cwd: exampleDir,
    timeout: 300_000,
    env: { ...process.env, LEGAL_DEMO_DATABASE_URL: url },
  });
  console.log(stdout);
  expect(stdout).toMatch(/^using the database of LEGAL_DEMO_DATABASE_URL/m);
  expect(stdout).toMatch(/^applied \d+ migrations: 0001_roles_and_context, .*0022_citus_form(, \d{4}_\w+)*$/m);
  expect(stdout).toContain('Roe LLP (roe-llp) with its default roles');
  for (const status of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed']) {
    expect(stdout).toContain(`  → ${status}`);
  }
  expect(stdout).toMatch(/"Smith Holdings v\. Jones Logistics" rank [\d.]+: .*<b>indemnification<\/b>/);
  expect(stdout).toMatch(/document search: supply-agreement\.pdf rank [\d.]+: .*<b>indemnify<\/b>/);
  expect(stdout).toMatch(/invoice INV-000001 to Smith Holdings \(found by tax id\): .* = 960\.00 USD/);
  expect(stdout).toContain('conflict check of "Jones Logistic Limited": 1 hit(s), declined (saved and audited)');
  expect(stdout).toMatch(/^exported what the firm holds about Smith Holdings: cases 1, .*; \d+ audit entries$/m);
  expect(stdout).toContain('erasure refused (trust_balance)');
  expect(stdout).toContain('cases listed: 0, search hits: 0, get by id: NotFoundError');
  expect(stdout).toMatch(/^hash chain of Doe & Associates: intact \(\d+ rows verified\)$/m);
});
