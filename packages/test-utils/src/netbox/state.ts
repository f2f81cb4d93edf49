import { Micros, nowMicros } from './timestamps';

/**
 * A stored object as the database holds it: foreign keys as ids under the API field name
 * (`group: 3`), choices as their value (`status: 'active'`), times in microseconds.
 */
export interface Row {
  id: number;
  created: Micros | null;
  last_updated: Micros | null;
  [field: string]: unknown;
}

/**
 * The emulator's tables, one per endpoint (`ipam/vlans`). Tests may read and change them directly,
 * for example to make an object change behind the client's back.
 */
export class NetboxEmulatorState {
  private readonly tables = new Map<string, Map<number, Row>>();
  private readonly sorted = new Map<string, Row[]>();
  private readonly nextId = new Map<string, number>();

  constructor(endpoints: Iterable<string>) {
    for (const e of endpoints) this.tables.set(e, new Map());
  }

  get endpoints(): string[] {
    return [...this.tables.keys()];
  }

  private table(endpoint: string): Map<number, Row> {
    const t = this.tables.get(endpoint);
    if (!t) throw new Error(`The NetBox emulator has no table ${endpoint}`);
    return t;
  }

  /** Rows ordered by id, as NetBox orders most lists when no `ordering` is given. */
  rows(endpoint: string): readonly Row[] {
    let rows = this.sorted.get(endpoint);
    if (!rows) {
      rows = [...this.table(endpoint).values()].sort((a, b) => a.id - b.id);
      this.sorted.set(endpoint, rows);
    }
    return rows;
  }

  get(endpoint: string, id: number | null | undefined): Row | undefined {
    if (id === null || id === undefined) return undefined;
    return this.table(endpoint).get(id);
  }

  count(endpoint: string): number {
    return this.table(endpoint).size;
  }

  /** Stores a row; `id`, `created` and `last_updated` are filled in when absent. */
  insert(
    endpoint: string,
    values: Partial<Row> & Record<string, unknown>,
  ): Row {
    const table = this.table(endpoint);
    const id = values.id ?? this.peekId(endpoint);
    if (table.has(id)) throw new Error(`${endpoint} ${id} exists already`);
    const now = nowMicros();
    const row: Row = {
      ...values,
      id,
      created: values.created === undefined ? now : values.created,
      last_updated:
        values.last_updated === undefined ? now : values.last_updated,
    };
    table.set(id, row);
    this.nextId.set(endpoint, Math.max(this.peekId(endpoint), id + 1));
    this.sorted.delete(endpoint);
    return row;
  }

  /** Changes fields of a row and bumps `last_updated`, as a save in NetBox does. */
  update(endpoint: string, id: number, changes: Record<string, unknown>): Row {
    const row = this.get(endpoint, id);
    if (!row) throw new Error(`${endpoint} ${id} does not exist`);
    Object.assign(row, changes, { id, last_updated: nowMicros() });
    return row;
  }

  remove(endpoint: string, id: number): boolean {
    const removed = this.table(endpoint).delete(id);
    if (removed) this.sorted.delete(endpoint);
    return removed;
  }

  /** The id the next insert without an id gets (PostgreSQL sequences never reuse ids). */
  peekId(endpoint: string): number {
    return this.nextId.get(endpoint) ?? 1;
  }

  /** Deep copy of every table, to restore after a test that wrote. */
  snapshot(): Map<string, Row[]> {
    return new Map(
      [...this.tables].map(([e, t]) => [
        e,
        [...t.values()].map(r => structuredClone(r)),
      ]),
    );
  }

  restore(snapshot: Map<string, Row[]>): void {
    for (const [endpoint, rows] of snapshot) {
      const table = this.table(endpoint);
      table.clear();
      for (const r of rows) table.set(r.id, structuredClone(r));
      this.sorted.delete(endpoint);
    }
  }
}
