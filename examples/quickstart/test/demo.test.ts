import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const exampleDir = fileURLToPath(new URL('..', import.meta.url));

it('pnpm demo: embedded server, migrations, two firms, the workflow, search, isolation and the audit trail', async () => {
  const { stdout } = await promisify(execFile)('pnpm', ['run', '--silent', 'demo'], {
    cwd: exampleDir,
    timeout: 180_000,
  });
  expect(stdout).toMatch(/^PostgreSQL 18\.\d+ \(embedded\) started in \d+ ms$/m);
  expect(stdout).toMatch(/^applied \d+ migrations: 0001_roles_and_context, /m);
  expect(stdout).toContain('Doe & Associates (doe-law) with its default roles');
  for (const status of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed']) {
    expect(stdout).toContain(`  → ${status}`);
  }
  expect(stdout).toMatch(/"Smith Holdings v\. Jones Logistics" rank [\d.]+: .*<b>indemnification<\/b>/);
  expect(stdout).toContain('uploaded supply-agreement.pdf: versions v1, v2');
  expect(stdout).toMatch(/document search: supply-agreement\.pdf rank [\d.]+: .*<b>indemnify<\/b>/);
  expect(stdout).toContain('logged 150 min at 320.00/h = 800.00');
  // the conflict check finds the other side of the first matter under a spelling of its own
  expect(stdout).toMatch(
    /^hit: Jones Logistics Ltd \(score [\d.]+\) is the opposing party in .* "Smith Holdings v\. Jones Logistics" \(completed\)$/m,
  );
  expect(stdout).toContain('conflict check of "Jones Logistic Limited": 1 hit(s), declined (saved and audited)');
  // the trust deposit, in the book and the client's ledger, not yet on a bank statement
  expect(stdout).toContain('deposited 5000.00 for Smith Holdings into IOLTA: its trust balance is 5000.00');
  expect(stdout).toContain(
    'three-way: bank 0.00, book 5000.00, client ledgers 5000.00; differences: bank_vs_book, unmatched_posting',
  );
  // the subject access request and the refused erasure (money in trust)
  expect(stdout).toMatch(
    /^exported what the firm holds about Smith Holdings: cases 1, .*trust_transactions 1; \d+ audit entries$/m,
  );
  expect(stdout).toContain(
    'erasure refused (trust_balance): Erasure refused: the firm holds money of the client in trust',
  );
  expect(stdout).toMatch(
    /invoice INV-000001 to Smith Holdings \(found by tax id\): subtotal 800\.00 \+ tax 160\.00 = 960\.00 USD, due \d{4}-\d\d-\d\d/,
  );
  expect(stdout).toContain('cases listed: 0, search hits: 0, get by id: NotFoundError');
  expect(stdout).toMatch(/update status: pending_completion → completed {2}\(why: demo: completed\)/);
  expect(stdout).toMatch(/^hash chain of Doe & Associates: intact \(\d+ rows verified\)$/m);
  expect(stdout).toMatch(/^Done in \d+ ms/m);
});
