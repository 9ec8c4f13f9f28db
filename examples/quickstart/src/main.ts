/**
 * The `pnpm demo` tour of @legal: an embedded PostgreSQL (nothing to install), the schema
 * migrated, two firms, a case walked through the whole workflow, search, isolation between
 * the firms, and the case's audit trail.
 */

import { randomBytes } from 'node:crypto';
import { createLegalDb, ErasureRefusedError, NotFoundError } from '@legal/data';
import { createMigrator, readContextKey } from '@legal/schema';
import { startPostgres } from '@legal/testing';
import { sql } from 'kysely';

const step = (title: string) => console.log(`\n== ${title}`);
const started = performance.now();

// LEGAL_DEMO_DATABASE_URL runs the tour on a database of your own (a superuser's URL; the CI's
// Citus job points it at a cluster's coordinator); by default an embedded server is started.
const ownUrl = process.env.LEGAL_DEMO_DATABASE_URL;
await using server = ownUrl ? undefined : await startPostgres({ provider: 'embedded' });
const url = ownUrl ?? (server as NonNullable<typeof server>).url;
if (server) {
  console.log(`PostgreSQL ${server.version} (embedded) started in ${Math.round(performance.now() - started)} ms`);
} else {
  console.log(`using the database of LEGAL_DEMO_DATABASE_URL (${new URL(url).host})`);
}

step('Migrate the schema');
const migration = await createMigrator({ connectionString: url }).up();
console.log(`applied ${migration.migrations.length} migrations: ${migration.migrations.map((m) => m.name).join(', ')}`);

// The pool logs in as the server's superuser here; withTenant still runs as legal_app under RLS.
// Demo-only keys: a real app loads them from its secret store (docs/encryption.md).
// The context key signs every unit's context; the migrating role reads it (`legal-schema context-key`).
await using db = createLegalDb({
  connectionString: url,
  contextKey: await readContextKey(url),
  passwordHashCost: 10,
  encryption: { keys: { demo: randomBytes(32) }, activeKeyId: 'demo', blindIndexKey: randomBytes(32) },
});

step('Onboard two firms (asSystem, audited)');
for (const [slug, name, email] of [
  ['doe-law', 'Doe & Associates', 'jane@doe-law.example'],
  ['roe-llp', 'Roe LLP', 'rick@roe-llp.example'],
] as const) {
  const firm = await db.asSystem({ reason: 'demo onboarding' }, (s) =>
    s.tenants.create({ slug, name, admin: { email, password: 'demo-password-1', fullName: `Admin of ${name}` } }),
  );
  console.log(`${firm.name} (${firm.slug}) with its default roles and admin ${email}`);
}

step('Jane signs in to Doe & Associates');
const jane = await db.auth.login({
  tenantSlug: 'doe-law',
  email: 'jane@doe-law.example',
  password: 'demo-password-1',
  ip: '203.0.113.10',
});
console.log(`session token ${jane.token.slice(0, 12)}… (only its SHA-256 is stored)`);
const doe = { ...jane.context, requestId: 'demo-1' };

step('Open a case and walk it through the workflow');
const { caseId, clientId } = await db.withTenant(doe, async (t) => {
  const client = await t.clients.create({
    name: 'Smith Holdings',
    kind: 'company',
    companyName: 'Smith Holdings Ltd',
    taxId: '12-3456789', // encrypted in the SDK (AES-256-GCM); found again through a blind index
  });
  const c = await t.cases.create({
    title: 'Smith Holdings v. Jones Logistics',
    clientId: client.id,
    caseType: 'litigation',
    description: 'Breach of contract: the indemnification clause of the 2024 supply agreement.',
    caseValue: '250000.00',
  });
  console.log(`opened "${c.title}" for ${c.clientName}, status ${c.status}`);
  // the workflow needs an assignee before "assigned" (and the permission of each step)
  await t.cases.assign(c.id, doe.userId);
  for (const to of ['pending_review', 'assigned', 'in_progress', 'pending_completion', 'completed']) {
    const moved = await t.cases.transition(c.id, to, { reason: `demo: ${to.replaceAll('_', ' ')}` });
    console.log(`  → ${moved.status}`);
  }
  await t.cases.comment(c.id, 'Settled: indemnity paid in full.');
  return { caseId: c.id, clientId: client.id };
});

step('A conflict check before taking a new matter');
await db.withTenant(doe, async (t) => {
  // the other side of the case above, recorded as a party of the firm (with its trade name)
  const jones = await t.conflicts.addParty({
    kind: 'organization',
    name: 'Jones Logistics Ltd',
    otherNames: [{ name: 'JL Freight', kind: 'trade_name' }],
  });
  await t.cases.addParty(caseId, { partyRole: 'opposing_party', name: jones.name, partyId: jones.id });
  // a prospective client asks the firm to act for "Jones Logistic Limited"
  const check = await t.conflicts.check({ query: 'Jones Logistic Limited' });
  for (const hit of check.hits) {
    for (const m of hit.matters) {
      console.log(
        `hit: ${hit.party.name} (score ${hit.score}) is the ${m.role.replaceAll('_', ' ')} in ${m.matterNumber ?? m.caseId} "${m.title}" (${m.status})`,
      );
    }
  }
  const decided = await t.conflicts.decide(check.id, { decision: 'declined', reason: 'We acted against them' });
  console.log(`conflict check of "${check.query}": ${check.hitCount} hit(s), ${decided.decision} (saved and audited)`);
});

step('Trust money: a retainer deposited into the IOLTA account');
await db.withTenant(doe, async (t) => {
  const iolta = await t.trust.createAccount({ name: 'IOLTA', bankName: 'First Bank', accountLast4: '4321' });
  const retainer = await t.trust.deposit({
    accountId: iolta.id,
    clientId,
    caseId,
    amount: '5000.00',
    description: 'Retainer for the appeal',
  });
  console.log(
    `deposited ${retainer.amount} for Smith Holdings into ${iolta.name}: its trust balance is ${retainer.clientBalance}`,
  );
  // the three-way reconciliation of today: the deposit is in the book and the client's ledger,
  // not yet on a bank statement
  const report = await t.trust.threeWay({ accountId: iolta.id, asOf: new Date().toISOString().slice(0, 10) });
  console.log(
    `three-way: bank ${report.bankBalance}, book ${report.bookBalance}, client ledgers ${report.clientLedgersTotal}; ` +
      `differences: ${report.differences.map((d) => d.kind).join(', ')}`,
  );
});

step('Client privacy: a subject access request, and an erasure the rules refuse');
await db.withTenant(doe, async (t) => {
  // GDPR art. 15/20: every row tied to the client, and their audit entries (personal fields
  // sealed in the trail under the client's key, opened here)
  const data = await t.privacy.exportClient(clientId);
  const tables = Object.entries(data.records)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, rows]) => `${table} ${rows.length}`)
    .join(', ');
  console.log(`exported what the firm holds about ${data.client.name}: ${tables}; ${data.audit.length} audit entries`);
});
// art. 17: refused while the firm holds the client's money in trust (and while a matter is open,
// a legal hold covers it, or the retention period runs)
const refused = await db
  .withTenant(doe, (t) => t.privacy.eraseClient({ clientId, reason: 'demo: erasure request' }))
  .catch((error: unknown) => error);
if (refused instanceof ErasureRefusedError) console.log(`erasure refused (${refused.reason}): ${refused.message}`);

step('Search');
await db.withTenant(doe, async (t) => {
  for (const hit of await t.cases.search('indemnification'))
    console.log(`"${hit.case.title}" rank ${hit.rank.toFixed(3)}: ${hit.headline}`);
});

step('A document with two versions, its search, time and an invoice');
await db.withTenant(doe, async (t) => {
  const doc = await t.documents.register({
    caseId,
    logicalPath: 'contracts/supply-agreement.pdf',
    fileName: 'supply-agreement.pdf',
    mimeType: 'application/pdf',
    fileSize: 182_004,
  });
  await t.documents.completeUpload(doc.id, { contentHash: 'a1'.repeat(32) });
  await t.documents.addVersion(doc.id, { fileSize: 190_310, contentHash: 'b2'.repeat(32), comment: 'signed copy' });
  await t.documents.setExtractedText(
    doc.id,
    'The Supplier shall indemnify the Buyer against all losses arising from late delivery of the goods.',
  );
  const versions = await t.documents.versions(doc.id);
  console.log(`uploaded ${doc.fileName}: versions ${versions.map((v) => `v${v.versionNumber}`).join(', ')}`);
  for (const hit of await t.documents.search('indemnified losses')) {
    console.log(`document search: ${hit.document.fileName} rank ${hit.rank.toFixed(3)}: ${hit.headline}`);
  }
  const entry = await t.timeEntries.create({
    caseId,
    minutes: 150,
    rate: '320.00',
    description: 'Negotiated the settlement',
  });
  console.log(`logged ${entry.minutes} min at ${entry.rate}/h = ${entry.amount}`);
  const { items } = await t.clients.list();
  const byTaxId = await t.clients.findByTaxId('12 3456789');
  const invoice = await t.invoices.create({
    clientId: items[0]?.id as string,
    caseId,
    taxRate: '0.20',
    lines: [{ description: entry.description, quantity: '2.5', unitPrice: '320.00', timeEntryId: entry.id }],
  });
  const sent = await t.invoices.send(invoice.id);
  console.log(
    `invoice ${sent.invoiceNumber} to ${byTaxId?.name} (found by tax id): subtotal ${sent.subtotal} + tax ${sent.tax} = ${sent.total} ${sent.currency}, due ${sent.dueDate}`,
  );
});

step('Roe LLP sees none of it');
const rick = await db.auth.login({ tenantSlug: 'roe-llp', email: 'rick@roe-llp.example', password: 'demo-password-1' });
await db.withTenant(rick.context, async (t) => {
  const listed = await t.cases.list();
  const found = await t.cases.search('indemnification');
  const direct = await t.cases.get(caseId).catch((e: unknown) => e);
  console.log(
    `cases listed: ${listed.items.length}, search hits: ${found.length}, get by id: ${direct instanceof NotFoundError ? 'NotFoundError' : 'FOUND (leak!)'}`,
  );
  if (listed.items.length > 0 || found.length > 0 || !(direct instanceof NotFoundError)) process.exitCode = 1;
});

step("The case's audit trail");
await db.withTenant(doe, async (t) => {
  const rows = await t.db
    .selectFrom('auditLog')
    .select(['seq', 'action', 'changes', 'reason', 'requestId'])
    .where('tableName', '=', 'cases')
    .where('recordId', '=', caseId)
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const changed = row.changes
      ? Object.entries(row.changes as Record<string, { old: unknown; new: unknown }>)
          .filter(([k]) => k !== 'updated_at' && k !== 'closed_at')
          .map(([k, v]) => `${k}: ${v.old} → ${v.new}`)
          .join(', ')
      : 'new row';
    console.log(`#${row.seq} ${row.action.padEnd(6)} ${changed}${row.reason ? `  (why: ${row.reason})` : ''}`);
  }
  const { rows: chain } = await sql<{ checked: number; problem: string | null }>`
    select checked::int, problem from legal.verify_audit_chain(${doe.tenantId})`.execute(t.db);
  console.log(`hash chain of Doe & Associates: ${chain[0]?.problem ?? `intact (${chain[0]?.checked} rows verified)`}`);
});

console.log(`\nDone in ${Math.round(performance.now() - started)} ms; the server stops and its files are removed.`);
