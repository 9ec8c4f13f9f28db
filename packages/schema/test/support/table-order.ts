import type { CatalogForeignKey, CatalogTable } from './catalog.js';

/** Tables ordered so that every table comes after the tables it references (self-references aside). */
export function parentsFirst(tables: readonly CatalogTable[], fks: readonly CatalogForeignKey[]): CatalogTable[] {
  const names = new Set(tables.map((t) => t.name));
  const deps = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const fk of fks) {
    if (fk.table !== fk.target && names.has(fk.table) && names.has(fk.target)) deps.get(fk.table)?.add(fk.target);
  }
  const ordered: CatalogTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (t) => !placed.has(t.name) && [...(deps.get(t.name) ?? [])].every((d) => placed.has(d)),
    );
    if (ready.length === 0) throw new Error('foreign keys form a cycle between tenant tables');
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.name);
    }
  }
  return ordered;
}
