import {
  AliasNode,
  BinaryOperationNode,
  ColumnNode,
  type DeleteQueryNode,
  IdentifierNode,
  JoinNode,
  type KyselyPlugin,
  type OperationNode,
  OperationNodeTransformer,
  OperatorNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  ReferenceNode,
  type RootOperationNode,
  type SelectQueryNode,
  TableNode,
  type UnknownRow,
  type UpdateQueryNode,
  ValueNode,
  WhereNode,
} from 'kysely';
import { TENANT_COLUMN } from '../generated/tenant-tables.js';

/**
 * The unit's firm, as a query parameter: the plugin puts this marker in the query and the
 * unit's connection binds the firm's id in its place. (The repositories compile their hot
 * queries once and reuse them in every unit, of every firm: the id itself must not be baked in.)
 */
export const UNIT_TENANT: object = Object.freeze({ unitTenant: true });

/** Joins whose ON clause holds the joined table's predicate (an outer join's must not go to WHERE). */
const ON_JOINS = new Set(['InnerJoin', 'LeftJoin', 'RightJoin', 'FullJoin', 'LateralInnerJoin', 'LateralLeftJoin']);

/**
 * Names the unit's firm in every query the unit's query builder sends: each table of a firm
 * in FROM, JOIN, USING or UPDATE (subqueries and CTEs included) gets `<table>.tenant_id = $firm`
 * (`id` for legal.tenants; the value is {@link UNIT_TENANT}, bound to the unit's firm when the
 * query runs) — in the ON clause of a join, in WHERE otherwise. Row level security
 * still decides what a unit sees; the predicate lets the planner (and Citus's router) go to
 * the firm's rows — on Citus, to the one shard that holds them — instead of every shard.
 */
export class TenantPredicatePlugin implements KyselyPlugin {
  readonly #transformer = new TenantPredicateTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

class TenantPredicateTransformer extends OperationNodeTransformer {
  protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
    const done = super.transformSelectQuery(node);
    return {
      ...done,
      ...this.#withJoins(done.joins),
      ...this.#withWhere(done.where, done.from?.froms ?? []),
    };
  }

  protected override transformUpdateQuery(node: UpdateQueryNode): UpdateQueryNode {
    const done = super.transformUpdateQuery(node);
    const tables = [...(done.table ? [done.table] : []), ...(done.from?.froms ?? [])];
    return { ...done, ...this.#withJoins(done.joins), ...this.#withWhere(done.where, tables) };
  }

  protected override transformDeleteQuery(node: DeleteQueryNode): DeleteQueryNode {
    const done = super.transformDeleteQuery(node);
    const tables = [...done.from.froms, ...(done.using?.tables ?? [])];
    return { ...done, ...this.#withJoins(done.joins), ...this.#withWhere(done.where, tables) };
  }

  #withWhere(where: WhereNode | undefined, tables: readonly OperationNode[]): { where?: WhereNode } {
    let result = where;
    for (const table of tables) {
      const predicate = this.#predicate(table);
      if (!predicate) continue;
      result = result ? WhereNode.cloneWithOperation(result, 'And', predicate) : WhereNode.create(predicate);
    }
    return result ? { where: result } : {};
  }

  #withJoins(joins: readonly JoinNode[] | undefined): { joins?: readonly JoinNode[] } {
    if (!joins) return {};
    return {
      joins: joins.map((join) => {
        if (!ON_JOINS.has(join.joinType)) return join;
        const predicate = this.#predicate(join.table);
        return predicate ? JoinNode.cloneWithOn(join, predicate) : join;
      }),
    };
  }

  /** `<table or alias>.<firm column> = $firm` for a table of a firm of schema legal; else nothing. */
  #predicate(item: OperationNode): OperationNode | undefined {
    let table: TableNode | undefined;
    let alias: string | undefined;
    if (TableNode.is(item)) table = item;
    else if (AliasNode.is(item) && TableNode.is(item.node) && IdentifierNode.is(item.alias)) {
      table = item.node;
      alias = item.alias.name;
    }
    if (!table) return undefined;
    const schema = table.table.schema?.name;
    if (schema !== undefined && schema !== 'legal') return undefined;
    const column = TENANT_COLUMN[table.table.identifier.name];
    if (!column) return undefined;
    return BinaryOperationNode.create(
      ReferenceNode.create(ColumnNode.create(column), alias ? TableNode.create(alias) : table),
      OperatorNode.create('='),
      ValueNode.create(UNIT_TENANT),
    );
  }
}
