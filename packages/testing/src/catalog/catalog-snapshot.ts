import pg from 'pg';

/** Options of {@link catalogSnapshot}. */
export interface CatalogSnapshotOptions {
  /** Schemas to describe. Default: every schema but PostgreSQL's own. */
  schemas?: readonly string[];
}

/**
 * A canonical text description of a database's schema: schemas, tables and views with
 * their columns, constraints, indexes, triggers, policies, RLS flags, grants and owners,
 * functions, types and extensions. Roles are cluster-wide and stay out.
 * Two databases with equal snapshots have the same schema, whatever their OIDs.
 *
 * @example
 * ```ts
 * const before = await catalogSnapshot(url);
 * await migrator.down({ to: 0 }); await migrator.up();
 * expect(await catalogSnapshot(url)).toBe(before);
 * ```
 */
export async function catalogSnapshot(url: string, options: CatalogSnapshotOptions = {}): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const filter = options.schemas
      ? { sql: 'n.nspname = any($1::text[])', params: [options.schemas] }
      : {
          sql: "n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'",
          params: [],
        };
    const sections: Array<[string, string]> = [
      [
        'schema',
        `select format('%I owner=%s acl=%s', n.nspname, pg_get_userbyid(n.nspowner), n.nspacl) from pg_namespace n where ${filter.sql}`,
      ],
      [
        'relation',
        `select format('%I.%I kind=%s owner=%s rls=%s force=%s acl=%s', n.nspname, c.relname, c.relkind, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity, c.relacl)
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where ${filter.sql} and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
      ],
      [
        'column',
        `select format('%I.%I.%I %s notnull=%s default=%s identity=%s generated=%s collation=%s', n.nspname, c.relname, a.attname,
                       format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, co.collname)
           from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
           left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
           left join pg_collation co on co.oid = a.attcollation and a.attcollation <> 100
          where ${filter.sql} and a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f')`,
      ],
      [
        'constraint',
        `select format('%I.%I %I %s', n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid))
           from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace where ${filter.sql}`,
      ],
      [
        'index',
        `select pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid
           join pg_namespace n on n.oid = c.relnamespace where ${filter.sql}`,
      ],
      [
        'trigger',
        `select pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text from pg_trigger t join pg_class c on c.oid = t.tgrelid
           join pg_namespace n on n.oid = c.relnamespace where ${filter.sql} and not t.tgisinternal`,
      ],
      [
        'policy',
        `select format('%I.%I %I cmd=%s permissive=%s roles=%s using=%s check=%s', n.nspname, c.relname, p.polname, p.polcmd, p.polpermissive,
                       array(select case r when 0 then 'public' else pg_get_userbyid(r) end from unnest(p.polroles) r order by 1),
                       pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
           from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace where ${filter.sql}`,
      ],
      [
        'view',
        `select format('%I.%I %s', n.nspname, c.relname, pg_get_viewdef(c.oid)) from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where ${filter.sql} and c.relkind in ('v', 'm')`,
      ],
      [
        'function',
        `select pg_get_functiondef(p.oid) || ' owner=' || pg_get_userbyid(p.proowner) || ' acl=' || coalesce(p.proacl::text, '')
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${filter.sql} and p.prokind in ('f', 'p', 'w')`,
      ],
      [
        'type',
        `select format('%I.%I %s %s', n.nspname, t.typname, t.typtype,
                       case t.typtype when 'e' then array(select e.enumlabel from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder)::text
                                      when 'd' then format_type(t.typbasetype, t.typtypmod) else '' end)
           from pg_type t join pg_namespace n on n.oid = t.typnamespace
          where ${filter.sql} and t.typtype in ('e', 'd', 'c') and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')`,
      ],
      ['extension', "select format('%I %s', e.extname, e.extversion) from pg_extension e where e.extname <> 'plpgsql'"],
    ];
    const out: string[] = [];
    for (const [name, sql] of sections) {
      const { rows } = await client.query<{ line: string }>(
        `select line from (${sql}) s(line) order by 1`,
        sql.includes('$1') ? filter.params : [],
      );
      for (const row of rows) out.push(`${name} ${row.line}`);
    }
    return out.join('\n');
  } finally {
    await client.end();
  }
}
