import pg from 'pg';

/** Progress of a long {@link seedFirm} run. */
export interface SeedProgress {
  phase: string;
  /** Cases written so far. */
  done: number;
  total: number;
  elapsedMs: number;
}

/** Options of {@link seedFirm}. */
export interface SeedFirmOptions {
  /** The same seed gives the same firm: ids, names, dates, amounts. Default: 1. */
  seed?: number;
  /** The firm's slug (unique on the server). Default: `firm-<seed>`. */
  slug?: string;
  /** Firm name. Default: derived from the seed. */
  name?: string;
  /** Number of cases; everything else scales with it. Default: 100. */
  cases?: number;
  /** Cases per bulk statement (progress is reported after each batch). Default: 10,000. */
  batchSize?: number;
  /** The instant the generated history is relative to. Default: 2026-06-30T12:00:00Z (deterministic). */
  now?: Date;
  /** Called after each phase and batch. */
  onProgress?: (progress: SeedProgress) => void;
}

/** What {@link seedFirm} created. */
export interface SeededFirm {
  tenantId: string;
  slug: string;
  name: string;
  /** One user id per default role (admin, lawyer, paralegal, clerk, chair, caseworker, pro_se, viewer), then more lawyers. */
  users: Record<string, string>;
  /** The admin: a context with every permission. */
  admin: { tenantId: string; userId: string };
  /** Rows written per table. */
  counts: Record<string, number>;
  elapsedMs: number;
}

const BATCH_TYPES = ['uuid', 'text', 'timestamptz', 'int', 'int', 'int', 'int'];
const ROLES = ['admin', 'lawyer', 'paralegal', 'clerk', 'chair', 'caseworker', 'pro_se', 'viewer'] as const;

/**
 * A realistic firm, bulk-loaded with set-based SQL (`INSERT … SELECT` over
 * `generate_series`, never one row at a time): users in every role, clients, cases across
 * every status, type and priority (each with its status history), documents with versions
 * and extracted text, tasks and deadlines, communications, time entries, expenses, invoices
 * with lines. Every row goes through the audit triggers, so the audit trail is realistic too.
 * Deterministic given `seed` (ids are derived from it). `url` must be a superuser or owner
 * connection (RLS is bypassed for loading; the audit log records `legal.user_id` = the admin).
 *
 * @example
 * ```ts
 * const firm = await seedFirm(db.url, { seed: 7, cases: 1000 });
 * await legal.withTenant(firm.admin, (t) => t.cases.list());
 * ```
 */
export async function seedFirm(url: string | { url: string }, options: SeedFirmOptions = {}): Promise<SeededFirm> {
  const started = performance.now();
  const seed = options.seed ?? 1;
  const total = Math.max(0, Math.floor(options.cases ?? 100));
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 10_000));
  const slug = options.slug ?? `firm-${seed}`;
  const now = (options.now ?? new Date('2026-06-30T12:00:00Z')).toISOString();
  const progress = (phase: string, done: number) =>
    options.onProgress?.({ phase, done, total, elapsedMs: Math.round(performance.now() - started) });
  const client = new pg.Client({
    connectionString: typeof url === 'string' ? url : url.url,
    application_name: 'legal-seed-firm',
  });
  await client.connect();
  // bulk-load settings for this session only: GIN entries (full-text, trigram) go to the
  // pending list and are merged once, and commits do not wait for the WAL flush
  await client.query("set gin_pending_list_limit = '256MB'; set synchronous_commit = off; set work_mem = '64MB'");
  // deterministic ids: md5(seed:slug:kind:n) shaped as a version-4 UUID
  await client.query(
    `create function pg_temp.seed_uuid(text) returns uuid language sql immutable
       return overlay(overlay(md5($1) placing '4' from 13) placing '8' from 17)::uuid`,
  );
  const counts: Record<string, number> = {};
  const run = async (table: string, text: string, values: unknown[]) => {
    const result = await client.query(text, values);
    counts[table] = (counts[table] ?? 0) + (result.rowCount ?? 0);
  };
  /** Audit rows of the load name the firm's admin and the reason `seedFirm` (transaction-local). */
  const actAsAdmin = (tenantId: string, key: string) =>
    client.query(
      `select set_config('legal.tenant_id', $1, true), set_config('legal.user_id', pg_temp.seed_uuid($2 || ':user:1')::text, true),
              set_config('legal.reason', 'seedFirm', true)`,
      [tenantId, key],
    );
  try {
    // deterministic ids: md5(seed:slug:kind:n) as a uuid
    await client.query('begin');
    const tenant = await client.query<{ id: string; name: string }>(
      `insert into legal.tenants (id, slug, name)
       values (pg_temp.seed_uuid($1 || ':tenant'), $2, coalesce($3, (array['Doe','Roe','Okafor','Nakamura','Silva','Weber','Larsen','Haddad'])[1 + abs(hashtext($1)) % 8]
                 || ' & ' || (array['Partners','Associates','LLP','Legal','Chambers'])[1 + abs(hashtext($1 || 'x')) % 5]))
       returning id, name`,
      [`${seed}:${slug}`, slug, options.name ?? null],
    );
    const tenantId = tenant.rows[0]?.id as string;
    const key = `${seed}:${slug}`;
    await actAsAdmin(tenantId, key);
    const extraLawyers = Math.max(2, Math.ceil(total / 500));
    await run(
      'users',
      `insert into legal.users (tenant_id, id, email, password_hash, full_name, role, created_at)
       select $1, pg_temp.seed_uuid($2 || ':user:' || g),
              case when g <= 8 then (array[${ROLES.map((r) => `'${r}'`).join(',')}])[g] else 'lawyer' || g end || '@' || $3 || '.example',
              '$2b$04$seedfirmseedfirmseedfuQ0m7pUs7uyNDEvoC0LZcXtDpjS0UAW', -- no usable password
              (array['Alex','Sam','Jordan','Priya','Chen','Maria','Tom','Aisha','Lena','Omar'])[1 + abs(hashtext($2 || g)) % 10] || ' ' ||
              (array['Smith','Okafor','Nakamura','Silva','Weber','Larsen','Haddad','Kowalski','Dubois','Rossi'])[1 + abs(hashtext($2 || g || 'l')) % 10],
              case when g <= 8 then (array[${ROLES.map((r) => `'${r}'`).join(',')}])[g] else 'lawyer' end,
              $4::timestamptz - make_interval(days => 800 + g)
         from generate_series(1, 8 + $5::int) g`,
      [tenantId, key, slug, now, extraLawyers],
    );
    const clients = Math.max(1, Math.ceil(total / 4));
    await run(
      'clients',
      `insert into legal.clients (tenant_id, id, kind, name, company_name, email, phone, created_by, created_at)
       select $1, pg_temp.seed_uuid($2 || ':client:' || g), k.kind, k.name, case when k.kind = 'company' then k.name || ' Ltd' end,
              'client' || g || '@example.com', '+1 555 ' || lpad((g % 10000)::text, 4, '0'), pg_temp.seed_uuid($2 || ':user:1'),
              $3::timestamptz - make_interval(days => abs(hashtext($2 || g)) % 730)
         from generate_series(1, $4::int) g,
              lateral (select case when g % 3 = 0 then 'company' else 'person' end as kind,
                              (array['Jane','John','Ada','Kofi','Mei','Luis','Eva','Raj'])[1 + abs(hashtext($2 || 'c' || g)) % 8] || ' ' ||
                              (array['Smith','Jones','Brown','Garcia','Kim','Patel','Novak','Moreau'])[1 + abs(hashtext($2 || 'd' || g)) % 8] || ' ' || g as name) k`,
      [tenantId, key, now, clients],
    );
    // every client is a party of the firm (conflict checks)
    await run(
      'parties',
      `insert into legal.parties (tenant_id, id, kind, name, client_id, created_by, created_at)
       select $1, pg_temp.seed_uuid($2 || ':party:client:' || c.g), case when c.kind = 'company' then 'organization' else 'person' end,
              c.name, c.id, pg_temp.seed_uuid($2 || ':user:1'), c.created_at
         from (select g, cl.id, cl.kind, cl.name, cl.created_at
                 from generate_series(1, $3::int) g
                 join legal.clients cl on cl.tenant_id = $1 and cl.id = pg_temp.seed_uuid($2 || ':client:' || g)) c`,
      [tenantId, key, clients],
    );
    await client.query('commit');
    progress('firm, users and clients', 0);

    const users = 8 + extraLawyers;
    for (let lo = 1; lo <= total; lo += batchSize) {
      const hi = Math.min(total, lo + batchSize - 1);
      await client.query('begin');
      await actAsAdmin(tenantId, key);
      // the batch's parameters, typed once up front, so a statement may leave some of them unused
      const p = [tenantId, key, now, lo, hi, users, clients];
      const params = `with _params as (select ${BATCH_TYPES.map((t, i) => `$${i + 1}::${t}`).join(', ')}) `;
      const insert = (table: string, text: string) => run(table, params + text, p);
      // cases: every status, type and priority; history comes from the status trigger
      await insert(
        'cases',
        `insert into legal.cases (tenant_id, id, owner_id, created_by, assigned_to, client_id, client_name, title, description,
                                  matter_number, case_type, status, priority, case_value, tags, created_at, last_accessed, trial_date)
         select $1, pg_temp.seed_uuid($2 || ':case:' || g), pg_temp.seed_uuid($2 || ':user:' || (2 + g % ($6::int - 1))), pg_temp.seed_uuid($2 || ':user:1'),
                case when g % 4 = 0 then null else pg_temp.seed_uuid($2 || ':user:' || (2 + (g * 7) % ($6::int - 1))) end,
                pg_temp.seed_uuid($2 || ':client:' || (1 + g % $7::int)), c.name,
                c.name || ' v. ' || (array['Jones Logistics','Acme Corp','City Council','Northwind','Globex','Initech','Umbrella Ltd','Stark plc'])[1 + abs(hashtext($2 || 'o' || g)) % 8]
                  || ' (' || g || ')',
                (array['Breach of contract over late delivery','Custody and visitation','Probate of the estate','Lease dispute','Unfair dismissal claim',
                       'Share purchase agreement','Personal injury after a fall','Trademark infringement'])[1 + g % 8] ||
                  '. Indemnification, damages and limitation are in issue.',
                'M-' || $4 || '-' || g,
                (array['litigation','transactional','estate','corporate','real_estate','criminal','family','custom'])[1 + g % 8],
                (array['new','pending_review','assigned','in_progress','pending_completion','completed','on_hold','archived'])[1 + (g / 8) % 8],
                (array['low','medium','high','urgent'])[1 + abs(hashtext($2 || 'p' || g)) % 4],
                (abs(hashtext($2 || 'v' || g)) % 50000000) / 100.0,
                array[(array['contract','urgent','appeal','pro-bono','expert','settlement'])[1 + g % 6]],
                $3::timestamptz - make_interval(days => abs(hashtext($2 || 't' || g)) % 730),
                $3::timestamptz - make_interval(hours => abs(hashtext($2 || 'a' || g)) % 2000),
                ($3::timestamptz + make_interval(days => 30 + abs(hashtext($2 || 'r' || g)) % 400))::date
           from generate_series($4::int, $5::int) g
           join legal.clients c on c.tenant_id = $1 and c.id = pg_temp.seed_uuid($2 || ':client:' || (1 + g % $7::int))`,
      );
      // documents (one per case) with extracted text, and 1-2 versions each
      await insert(
        'documents',
        `insert into legal.documents (tenant_id, id, case_id, logical_path, file_name, title, mime_type, file_type, file_size, content_hash,
                                      storage_key, current_version, upload_status, extracted_text, uploaded_by, created_at)
         select $1, pg_temp.seed_uuid($2 || ':doc:' || g), pg_temp.seed_uuid($2 || ':case:' || g), 'pleadings/claim-' || g || '.pdf', 'claim-' || g || '.pdf',
                'Particulars of claim ' || g, 'application/pdf', 'pdf', 20000 + abs(hashtext($2 || 's' || g)) % 5000000,
                encode(sha256(($2 || ':doc:' || g)::bytea), 'hex'), $1::uuid::text || '/documents/' || pg_temp.seed_uuid($2 || ':doc:' || g) || '/v' || (1 + (g % 3 = 0)::int),
                1 + (g % 3 = 0)::int, 'completed',
                'The claimant seeks damages for breach of contract. The supplier shall indemnify the buyer against losses. Matter ' || g || '.',
                pg_temp.seed_uuid($2 || ':user:2'), $3::timestamptz - make_interval(days => abs(hashtext($2 || 't' || g)) % 700)
           from generate_series($4::int, $5::int) g`,
      );
      await insert(
        'document_versions',
        `insert into legal.document_versions (tenant_id, document_id, version_number, storage_key, file_size, content_hash, uploaded_by, created_at)
         select $1, pg_temp.seed_uuid($2 || ':doc:' || g), v, $1::uuid::text || '/documents/' || pg_temp.seed_uuid($2 || ':doc:' || g) || '/v' || v, 20000 + g % 1000,
                encode(sha256(($2 || ':doc:' || g || ':v' || v)::bytea), 'hex'), pg_temp.seed_uuid($2 || ':user:2'),
                $3::timestamptz - make_interval(days => 700 - 30 * v)
           from generate_series($4::int, $5::int) g, generate_series(1, 1 + (g % 3 = 0)::int) v`,
      );
      await insert(
        'tasks',
        `insert into legal.tasks (tenant_id, case_id, title, kind, status, priority, assigned_to, created_by, due_at)
         select $1, pg_temp.seed_uuid($2 || ':case:' || g),
                (array['File the defence','Serve the claim','Hearing','Limitation expires','Call the client','Prepare bundle'])[1 + g % 6],
                (array['deadline','task','court_date','statute_of_limitations','task','deadline'])[1 + g % 6],
                (array['todo','in_progress','blocked','done','cancelled'])[1 + (g / 6) % 5],
                (array['low','medium','high','urgent'])[1 + g % 4],
                pg_temp.seed_uuid($2 || ':user:' || (2 + g % ($6::int - 1))), pg_temp.seed_uuid($2 || ':user:1'),
                $3::timestamptz + make_interval(days => (abs(hashtext($2 || 'due' || g)) % 120) - 30)
           from generate_series($4::int, $5::int) g`,
      );
      await insert(
        'communications',
        `insert into legal.communications (tenant_id, case_id, kind, direction, subject, participants, occurred_at, duration_minutes, recorded_by)
         select $1, pg_temp.seed_uuid($2 || ':case:' || g), (array['email','phone','meeting','letter'])[1 + g % 4],
                (array['inbound','outbound','internal'])[1 + g % 3], 'Update on matter ' || g, '[{"name": "Client"}]',
                $3::timestamptz - make_interval(days => abs(hashtext($2 || 'm' || g)) % 365), 5 + g % 55, pg_temp.seed_uuid($2 || ':user:2')
           from generate_series($4::int, $5::int) g where g % 2 = 0`,
      );
      await insert(
        'time_entries',
        `insert into legal.time_entries (tenant_id, case_id, user_id, work_date, minutes, rate, billable, description)
         select $1, pg_temp.seed_uuid($2 || ':case:' || g), pg_temp.seed_uuid($2 || ':user:' || (2 + (g + e) % ($6::int - 1))),
                ($3::timestamptz - make_interval(days => abs(hashtext($2 || 'w' || g || e)) % 365))::date,
                6 * (1 + abs(hashtext($2 || 'min' || g || e)) % 40), (array[150, 220, 300, 450])[1 + g % 4], (g + e) % 5 <> 0,
                (array['Drafting','Research','Client call','Court attendance','Review of documents'])[1 + (g + e) % 5]
           from generate_series($4::int, $5::int) g, generate_series(1, 2) e`,
      );
      await insert(
        'expenses',
        `insert into legal.expenses (tenant_id, case_id, user_id, incurred_on, category, description, amount, billable)
         select $1, pg_temp.seed_uuid($2 || ':case:' || g), pg_temp.seed_uuid($2 || ':user:2'),
                ($3::timestamptz - make_interval(days => abs(hashtext($2 || 'x' || g)) % 365))::date,
                (array['filing_fee','court_cost','travel','expert','courier','copying','research','other'])[1 + g % 8],
                'Expense for matter ' || g, 10 + (abs(hashtext($2 || 'amt' || g)) % 200000) / 100.0, g % 3 <> 0
           from generate_series($4::int, $5::int) g where g % 4 = 0`,
      );
      // invoices: every 5th case; numbers follow the firm's sequence (batches are sequential)
      await insert(
        'invoices',
        `insert into legal.invoices (tenant_id, id, invoice_seq, invoice_number, client_id, case_id, status, issue_date, due_date,
                                     subtotal, tax, total, amount_paid, paid_at, sent_at, created_by)
         select $1, pg_temp.seed_uuid($2 || ':inv:' || g), g / 5, 'INV-' || lpad((g / 5)::text, 6, '0'), pg_temp.seed_uuid($2 || ':client:' || (1 + g % $7::int)),
                pg_temp.seed_uuid($2 || ':case:' || g), s.status,
                case when s.status <> 'draft' then d.issued end, case when s.status <> 'draft' then d.issued + 30 end,
                a.amount, 0, a.amount, case when s.status = 'paid' then a.amount else 0 end,
                case when s.status = 'paid' then d.issued + 20 end, case when s.status <> 'draft' then d.issued end, pg_temp.seed_uuid($2 || ':user:1')
           from generate_series($4::int, $5::int) g,
                lateral (select (array['draft','sent','paid','paid','void'])[1 + (g / 5) % 5] as status) s,
                lateral (select ($3::timestamptz - make_interval(days => abs(hashtext($2 || 'i' || g)) % 365))::date as issued) d,
                lateral (select round((abs(hashtext($2 || 'ia' || g)) % 400000) / 100.0 + 100, 2) as amount) a
          where g % 5 = 0`,
      );
      await insert(
        'invoice_line_items',
        `insert into legal.invoice_line_items (tenant_id, invoice_id, line_number, description, quantity, unit_price, created_at)
         select $1, pg_temp.seed_uuid($2 || ':inv:' || g), l, case l when 1 then 'Professional services' else 'Disbursements' end,
                case l when 1 then 1 else 2 end, case l when 1 then i.total - 2 * round(i.total * 0.05, 2) else round(i.total * 0.05, 2) end,
                $3::timestamptz
           from generate_series($4::int, $5::int) g, generate_series(1, 2) l,
                lateral (select total from legal.invoices where tenant_id = $1 and id = pg_temp.seed_uuid($2 || ':inv:' || g)) i
          where g % 5 = 0`,
      );
      // the other side of every matter: an organisation of the firm's parties (some with a
      // former name), and both sides as the matter's parties
      await insert(
        'parties',
        `insert into legal.parties (tenant_id, id, kind, name, created_by, created_at)
         select $1, pg_temp.seed_uuid($2 || ':party:case:' || g), 'organization',
                (array['Jones','Northwind','Globex','Initech','Umbrella','Stark','Wayne','Acme','Hooli','Vandelay','Soylent','Tyrell',
                       'Cyberdyne','Oscorp','Wonka','Gringotts','Monarch','Aperture','Massive','Dunder'])[1 + abs(hashtext($2 || 'on' || g)) % 20] || ' ' ||
                (array['Logistics','Holdings','Foods','Partners','Systems','Energy','Media','Capital','Motors','Pharma','Estates','Freight',
                       'Labs','Textiles','Mining','Airways','Insurance','Retail','Analytics','Shipping'])[1 + abs(hashtext($2 || 'ol' || g)) % 20] || ' ' ||
                (array['Ltd','LLC','Inc','plc','GmbH','Corp','Limited','Co'])[1 + g % 8] || ' ' || g,
                pg_temp.seed_uuid($2 || ':user:1'), $3::timestamptz - make_interval(days => abs(hashtext($2 || 't' || g)) % 730)
           from generate_series($4::int, $5::int) g`,
      );
      await insert(
        'party_names',
        `insert into legal.party_names (tenant_id, party_id, name, name_kind, created_at)
         select $1, pg_temp.seed_uuid($2 || ':party:case:' || g), 'Formerly ' || g || ' Trading', 'former_name', $3::timestamptz
           from generate_series($4::int, $5::int) g
          where g % 10 = 0`,
      );
      await insert(
        'case_parties',
        `insert into legal.case_parties (tenant_id, case_id, party_role, party_id, client_id, name)
         select $1, c.id, r.role, r.party, case when r.role = 'client' then c.client_id end, p.name
           from generate_series($4::int, $5::int) g
           join legal.cases c on c.tenant_id = $1 and c.id = pg_temp.seed_uuid($2 || ':case:' || g),
                lateral (values ('client', pg_temp.seed_uuid($2 || ':party:client:' || (1 + g % $7::int))),
                                ('opposing_party', pg_temp.seed_uuid($2 || ':party:case:' || g))) r(role, party)
           join legal.parties p on p.tenant_id = $1 and p.id = r.party`,
      );
      await client.query('commit');
      progress('cases and their work', hi);
    }
    // court-rule deadlines (a rule set applied to the first matters) and trust money (a retainer
    // per client of the first matters, one reconciled month, a payment out after it)
    await client.query('begin');
    await actAsAdmin(tenantId, key);
    const held = Math.min(3, total);
    await run(
      'court_holidays',
      `insert into legal.court_holidays (tenant_id, jurisdiction, day, name)
       values ($1, 'US-FED', '2026-11-26', 'Thanksgiving Day'), ($1, 'US-FED', '2026-12-25', 'Christmas Day')`,
      [tenantId],
    );
    await run(
      'deadline_rule_sets',
      `insert into legal.deadline_rule_sets (tenant_id, id, jurisdiction, name, trigger_event, created_by)
       values ($1, pg_temp.seed_uuid($2 || ':rules:1'), 'US-FED', 'Complaint served', 'Service of the summons and complaint',
               pg_temp.seed_uuid($2 || ':user:1'))`,
      [tenantId, key],
    );
    await run(
      'deadline_rules',
      `insert into legal.deadline_rules (tenant_id, rule_set_id, name, offset_days, day_kind, service_days, sort_order)
       values ($1, pg_temp.seed_uuid($2 || ':rules:1'), 'Answer due', 21, 'calendar', '{"mail": 3}', 1),
              ($1, pg_temp.seed_uuid($2 || ':rules:1'), 'Initial disclosures', 14, 'court', '{}', 2)`,
      [tenantId, key],
    );
    await run(
      'case_deadline_sets',
      `insert into legal.case_deadline_sets (tenant_id, case_id, rule_set_id, trigger_date, service_method, assigned_to, applied_by)
       select $1, pg_temp.seed_uuid($2 || ':case:' || g), pg_temp.seed_uuid($2 || ':rules:1'), ($3::timestamptz)::date - 10 * g,
              case when g % 2 = 0 then 'mail' else 'personal' end, pg_temp.seed_uuid($2 || ':user:2'), pg_temp.seed_uuid($2 || ':user:1')
         from generate_series(1, $4::int) g`,
      [tenantId, key, now, held],
    );
    await run(
      'trust_accounts',
      `insert into legal.trust_accounts (tenant_id, id, name, bank_name, account_last4, opened_on, created_by)
       values ($1, pg_temp.seed_uuid($2 || ':trust:1'), 'IOLTA', 'First Bank', '4321', ($3::timestamptz)::date - 400,
               pg_temp.seed_uuid($2 || ':user:1'))`,
      [tenantId, key, now],
    );
    await run(
      'trust_transactions',
      `insert into legal.trust_transactions (tenant_id, id, trust_account_id, kind, client_id, case_id, amount, occurred_on, description, created_by)
       select $1, pg_temp.seed_uuid($2 || ':trust:deposit:' || g), pg_temp.seed_uuid($2 || ':trust:1'), 'deposit', c.client_id, c.id,
              1000 * g, ($3::timestamptz)::date - 40, 'Retainer', pg_temp.seed_uuid($2 || ':user:1')
         from generate_series(1, $4::int) g
         join legal.cases c on c.tenant_id = $1 and c.id = pg_temp.seed_uuid($2 || ':case:' || g)
        where c.client_id is not null`,
      [tenantId, key, now, held],
    );
    await run(
      'trust_bank_lines',
      `insert into legal.trust_bank_lines (tenant_id, trust_account_id, posted_on, amount, description, bank_reference, matched_transaction_id, imported_by)
       select $1, t.trust_account_id, t.occurred_on + 1, t.amount, 'DEPOSIT', 'SEED-' || row_number() over (order by t.id), t.id,
              pg_temp.seed_uuid($2 || ':user:1')
         from legal.trust_transactions t where t.tenant_id = $1`,
      [tenantId, key],
    );
    await run(
      'trust_reconciliations',
      `insert into legal.trust_reconciliations (tenant_id, trust_account_id, period_end, statement_balance, reconciled_by)
       select $1, pg_temp.seed_uuid($2 || ':trust:1'), ($3::timestamptz)::date - 30, coalesce(sum(amount), 0), pg_temp.seed_uuid($2 || ':user:1')
         from legal.trust_bank_lines where tenant_id = $1`,
      [tenantId, key, now],
    );
    await run(
      'trust_transactions',
      `insert into legal.trust_transactions (tenant_id, trust_account_id, kind, client_id, case_id, amount, occurred_on, description, payee, created_by)
       select $1, t.trust_account_id, 'disbursement', t.client_id, t.case_id, 250, ($3::timestamptz)::date - 5, 'Court filing fee',
              'Clerk of Court', pg_temp.seed_uuid($2 || ':user:1')
         from legal.trust_transactions t where t.tenant_id = $1 and t.id = pg_temp.seed_uuid($2 || ':trust:deposit:1')`,
      [tenantId, key, now],
    );
    await client.query('commit');
    await client.query('analyze');
    const userIds: Record<string, string> = {};
    const { rows } = await client.query<{ id: string; role: string; n: number }>(
      `select id, role, row_number() over (partition by role order by email)::int as n from legal.users where tenant_id = $1`,
      [tenantId],
    );
    for (const r of rows) userIds[r.n === 1 ? r.role : `${r.role}${r.n}`] = r.id;
    const elapsedMs = Math.round(performance.now() - started);
    progress('done', total);
    return {
      tenantId,
      slug,
      name: tenant.rows[0]?.name as string,
      users: userIds,
      admin: { tenantId, userId: userIds.admin as string },
      counts,
      elapsedMs,
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
