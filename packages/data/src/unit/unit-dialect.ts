import {
  CamelCasePlugin,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type PluginTransformResultArgs,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type UnknownRow,
} from 'kysely';
import { UnsupportedStatementError } from '../errors/legal-error.js';
import type { DB } from '../generated/db.js';
import { TenantPredicatePlugin, UNIT_TENANT } from './tenant-predicate-plugin.js';
import type { Unit } from './unit.js';

/**
 * kysely's camelCase plugin for queries; result rows are built with camelCase keys directly
 * (the unit's batch names each column once per result), so the plugin leaves results alone.
 */
class QueryCamelCasePlugin extends CamelCasePlugin {
  private readonly names = new Map<string, string>();

  /** The property name of a column (cached: a unit sees the same few hundred names). */
  readonly columnName = (column: string): string => {
    let name = this.names.get(column);
    if (name === undefined) {
      name = this.camelCase(column);
      if (this.names.size < 10_000) this.names.set(column, name);
    }
    return name;
  };

  override async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const CAMEL_CASE = new QueryCamelCasePlugin({ maintainNestedObjectKeys: true });
const camelCase = CAMEL_CASE.columnName;

/** kysely's connection contract, answered by one unit: every query is a statement of that unit. */
class UnitConnection implements DatabaseConnection {
  constructor(
    private readonly unit: Unit,
    private readonly tenantId: string | undefined,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const values = compiled.parameters.includes(UNIT_TENANT)
      ? compiled.parameters.map((value) => (value === UNIT_TENANT ? this.#tenant() : value))
      : compiled.parameters;
    const result = await this.unit.execute({ text: compiled.sql, values, columnName: camelCase });
    const writes =
      result.command === 'INSERT' ||
      result.command === 'UPDATE' ||
      result.command === 'DELETE' ||
      result.command === 'MERGE';
    return {
      rows: result.rows as R[],
      ...(writes && result.rowCount !== null ? { numAffectedRows: BigInt(result.rowCount) } : {}),
    };
  }

  #tenant(): string {
    if (this.tenantId === undefined) throw new Error('@legal/data: a query of a firm’s unit ran in a system unit');
    return this.tenantId;
  }

  // biome-ignore lint/correctness/useYield: refuses before the first row
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new UnsupportedStatementError('stream()', 'a unit returns whole results; page with keyset lists instead');
  }
}

/** The driver of the template instance: never connects (units supply their own connection). */
const NO_DRIVER: Driver = {
  async init() {},
  async acquireConnection() {
    throw new Error('@legal/data: queries run inside withTenant/asSystem only');
  },
  async beginTransaction() {},
  async commitTransaction() {},
  async rollbackTransaction() {},
  async releaseConnection() {},
  async destroy() {},
};

const DIALECT: Dialect = {
  createAdapter: () => new PostgresAdapter(),
  createDriver: () => NO_DRIVER,
  createIntrospector: (db) => new PostgresIntrospector(db),
  createQueryCompiler: () => new PostgresQueryCompiler(),
};

/**
 * Builds one `Kysely<DB>` per unit, cheaply: the compiler, plugins (camelCase, schema `legal`)
 * and executor are built once; a unit only swaps in a connection provider bound to itself.
 * A firm's unit also names the firm in each query (TenantPredicatePlugin). A scope's `db` therefore reaches its own unit and nothing else: after the unit settles its
 * queries fail with ScopeClosedError, even while the pooled connection serves another unit.
 */
export function unitKyselyFactory(): (unit: Unit, tenantId?: string) => Kysely<DB> {
  const config = { dialect: DIALECT, plugins: [CAMEL_CASE] };
  const template = new Kysely<DB>(config).withSchema('legal');
  const executor = template.getExecutor();
  // a firm's unit names its firm in every query (see TenantPredicatePlugin)
  const firmExecutor = executor.withPlugin(new TenantPredicatePlugin());
  return (unit, tenantId) => {
    const connection = new UnitConnection(unit, tenantId);
    const scoped = tenantId === undefined ? executor : firmExecutor;
    const props = {
      config,
      dialect: DIALECT,
      driver: NO_DRIVER,
      executor: scoped.withConnectionProvider({
        provideConnection: (consumer: (c: DatabaseConnection) => Promise<unknown>) => consumer(connection),
      } as never),
    };
    return new Kysely<DB>(props as never);
  };
}
